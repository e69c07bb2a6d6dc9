"""Shopify webhooks: verified by HMAC-SHA256 of the raw body (`X-Shopify-Hmac-Sha256`,
constant-time), one small handler per topic, each mapping the payload to a referral use-case
(server/integrations/service.py). Touches come from note attributes and the landing URL
(`ref`, `vt`), coupons from discount codes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from server import money
from server.errors import InvalidInput
from server.integrations import customers, evidence, rules, service
from server.integrations.service import Handler, Inbound, Outcome, ProviderRefund
from server.referrals.service import Order


def verify(body: bytes, header: str | None, secrets: list[str]) -> dict[str, Any] | None:
    """The payload when one of the secrets signed it, else None."""
    if not any(rules.shopify_signature_ok(s, body, header) for s in secrets):
        return None
    try:
        payload = rules.storable(body, json.loads(body))
    except (ValueError, RecursionError):  # not UTF-8 JSON, or nested too deep
        return None
    return payload if isinstance(payload, dict) else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _id(value: object) -> str | None:
    if isinstance(value, int | str) and not isinstance(value, bool) and str(value):
        return str(value)
    return None


def _email(*values: object) -> str | None:
    return next((v for v in values if isinstance(v, str) and "@" in v), None)


def _at(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


async def _order(inbound: Inbound, order: dict[str, Any], topic: str) -> Outcome:
    if not inbound.converts_on(topic):
        return Outcome.ignored("not the conversion event in the settings")
    touches = rules.from_pairs(order.get("note_attributes")).merged(
        rules.from_url(order.get("landing_site"))
    )
    discounts = order.get("discount_codes")
    codes = [_dict(d).get("code") for d in discounts] if isinstance(discounts, list) else []
    touches = rules.with_coupon(touches, codes)
    customer = _dict(order.get("customer"))
    customer_id = _id(customer.get("id"))
    known = await customers.recall(inbound, customer_id)
    if known is not None:
        touches = touches.merged(known.touches)
    currency = str(order.get("currency") or "").upper()
    try:
        money.validate_currency(currency)
        amount = money.minor_units(str(order.get("total_price", "")), currency)
    except InvalidInput as exc:
        return Outcome.ignored(f"unreadable total: {exc.message}")
    if amount <= 0:
        return Outcome.ignored("nothing paid")
    return await service.convert(
        inbound,
        key=f"order:{order.get('id')}",
        touches=touches,
        email=_email(
            order.get("email"),
            order.get("contact_email"),
            customer.get("email"),
            known.email if known else None,
        ),
        customer_id=customer_id,
        order=Order(
            str(order.get("id")),
            amount,
            currency,
            _at(order.get("processed_at")) or _at(order.get("created_at")),
        ),
        evidence=evidence.hashed(inbound.settings, evidence.shopify_raw(order)),
    )


async def orders_paid(inbound: Inbound, order: dict[str, Any]) -> Outcome:
    return await _order(inbound, order, "orders/paid")


async def orders_create(inbound: Inbound, order: dict[str, Any]) -> Outcome:
    return await _order(inbound, order, "orders/create")


async def refunds_create(inbound: Inbound, refund: dict[str, Any]) -> Outcome:
    transactions = refund.get("transactions")
    paid_back = [
        t
        for t in (transactions if isinstance(transactions, list) else [])
        if isinstance(t, dict) and t.get("kind") == "refund" and t.get("status") == "success"
    ]
    if not paid_back:
        return Outcome.ignored("no money refunded (a restock or a failed refund)")
    currency = str(paid_back[0].get("currency") or "").upper()
    try:
        money.validate_currency(currency)
        amount = sum(money.minor_units(str(t.get("amount", "")), currency) for t in paid_back)
    except InvalidInput as exc:
        return Outcome.ignored(f"unreadable amount: {exc.message}")
    return await service.refund(
        inbound,
        order_refs=[r for r in (_id(refund.get("order_id")),) if r],
        refunds=[ProviderRefund(f"refund:{refund.get('id')}", amount)],
        currency=currency,
    )


async def customers_create(inbound: Inbound, customer: dict[str, Any]) -> Outcome:
    name = " ".join(str(customer.get(k)) for k in ("first_name", "last_name") if customer.get(k))
    return await service.signup(
        inbound,
        touches=rules.from_note(customer.get("note")),
        email=_email(customer.get("email")),
        customer_id=_id(customer.get("id")),
        name=name or None,
        occurred_at=_at(customer.get("created_at")),
    )


HANDLERS: dict[str, Handler] = {
    "orders/paid": orders_paid,
    "orders/create": orders_create,
    "refunds/create": refunds_create,
    "customers/create": customers_create,
}
