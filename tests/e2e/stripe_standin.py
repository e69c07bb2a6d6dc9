"""A local stand-in for the part of Stripe's API Vouch uses: creating customer balance
transactions (POST /v1/customers/{id}/balance_transactions), with Stripe's idempotency: the
same Idempotency-Key gets the first answer back and creates nothing new."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

API_KEY = "sk_test_standin"


@dataclass
class StripeStandIn:
    # Every request, as (customer, form fields, idempotency key).
    requests: list[tuple[str, dict[str, str], str | None]] = field(default_factory=list)
    # Balance transactions created, by id.
    created: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Answer this many of the next requests with HTTP 500, as Stripe does on an outage.
    fail_next: int = 0
    customers: set[str] = field(default_factory=set)
    _by_key: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def create(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return _error(401, "invalid_request_error", "Invalid API Key provided.")
        customer = request.path_params["customer"]
        form = dict(parse_qsl((await request.body()).decode()))
        key = request.headers.get("idempotency-key")
        self.requests.append((customer, form, key))
        if self.fail_next > 0:
            self.fail_next -= 1
            return _error(500, "api_error", "Something went wrong on Stripe's end.")
        if key is not None and key in self._by_key:
            return JSONResponse(self._by_key[key], headers={"idempotent-replayed": "true"})
        if customer not in self.customers:
            return _error(404, "invalid_request_error", f"No such customer: '{customer}'")
        txn = {
            "id": "cbtxn_" + secrets.token_hex(12),
            "object": "customer_balance_transaction",
            "amount": int(form["amount"]),
            "currency": form["currency"],
            "customer": customer,
            "description": form.get("description"),
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
            "type": "adjustment",
            "livemode": False,
        }
        self.created[str(txn["id"])] = txn
        if key is not None:
            self._by_key[key] = txn
        return JSONResponse(txn)

    def balance(self, customer: str) -> int:
        return sum(int(t["amount"]) for t in self.created.values() if t["customer"] == customer)

    def asgi(self) -> Starlette:
        return Starlette(
            routes=[
                Route(
                    "/v1/customers/{customer}/balance_transactions", self.create, methods=["POST"]
                )
            ]
        )


def _error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status)
