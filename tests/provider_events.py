"""Provider webhook deliveries as the providers send them: events shaped like Stripe's and
Shopify's documented examples, signed the way each provider signs (Stripe: the
`t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` header its libraries verify; Shopify: base64
HMAC-SHA256 of the raw body in X-Shopify-Hmac-Sha256)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from datetime import datetime
from typing import Any

import httpx

from tests.conftest import gql

STRIPE_SECRET = "whsec_" + "s" * 32
SHOPIFY_SECRET = "shpss_" + "h" * 32

CONFIGURE = """
mutation($input: ConfigureIntegrationInput!) { configureIntegration(input: $input) {
  __typename
  ... on Integration { provider enabled webhookUrl signingSecretsSet campaignId conversionEvents
                       shopDomain events { processed unmatched ignored deferred unfinished } }
  ... on UserError { code field message } } }"""


async def configure(client: httpx.AsyncClient, **data: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(client, CONFIGURE, input=data))["configureIntegration"]
    return result


# ---- Stripe ------------------------------------------------------------------------------------


def stripe_signature(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """Stripe's scheme: v1 = hex HMAC-SHA256(secret, f"{t}.{body}")."""
    t = int(time.time()) if timestamp is None else timestamp
    signed = f"{t}.".encode() + body
    v1 = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={t},v1={v1}"


def stripe_event(
    event_type: str,
    obj: dict[str, Any],
    created: datetime,
    event_id: str | None = None,
    livemode: bool = True,
) -> dict[str, Any]:
    return {
        "id": event_id or "evt_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(created.timestamp()),
        "data": {"object": obj},
        "livemode": livemode,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


async def post_stripe(
    client: httpx.AsyncClient,
    event: dict[str, Any],
    secret: str = STRIPE_SECRET,
    timestamp: int | None = None,
) -> httpx.Response:
    body = json.dumps(event).encode()
    return await client.post(
        "/integrations/stripe",
        content=body,
        headers={
            "stripe-signature": stripe_signature(body, secret, timestamp),
            "content-type": "application/json; charset=utf-8",
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
    )


def checkout_session(
    *,
    amount: int = 5000,
    currency: str = "usd",
    client_reference_id: str | None = None,
    email: str = "bob@example.org",
    customer: str | None = "cus_NffrFeUfNV2Hib",
    mode: str = "payment",
    payment_intent: str | None = "pi_3MtwBwLkdIwHu7ix28a3tqPa",
    metadata: dict[str, str] | None = None,
    discounts: list[dict[str, Any]] | None = None,
    payment_status: str = "paid",
) -> dict[str, Any]:
    return {
        "id": "cs_test_" + secrets.token_hex(16),
        "object": "checkout.session",
        "amount_subtotal": amount,
        "amount_total": amount,
        "client_reference_id": client_reference_id,
        "currency": currency,
        "customer": customer,
        "customer_details": {"email": email, "name": "Bob Friend", "tax_exempt": "none"},
        "customer_email": None,
        "discounts": discounts or [],
        "invoice": "in_" + secrets.token_hex(10) if mode == "subscription" else None,
        "livemode": False,
        "metadata": metadata or {},
        "mode": mode,
        "payment_intent": payment_intent if mode == "payment" else None,
        "payment_status": payment_status,
        "status": "complete",
        "subscription": "sub_" + secrets.token_hex(10) if mode == "subscription" else None,
        "success_url": "https://shop.example.com/thanks",
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
    }


def invoice(
    *,
    amount: int = 2000,
    customer: str = "cus_NffrFeUfNV2Hib",
    billing_reason: str = "subscription_create",
    email: str = "bob@example.org",
    paid_at: datetime,
) -> dict[str, Any]:
    return {
        "id": "in_" + secrets.token_hex(12),
        "object": "invoice",
        "amount_due": amount,
        "amount_paid": amount,
        "amount_remaining": 0,
        "billing_reason": billing_reason,
        "currency": "usd",
        "customer": customer,
        "customer_email": email,
        "discount": None,
        "discounts": [],
        "livemode": False,
        "metadata": {},
        "paid": True,
        "payment_intent": "pi_" + secrets.token_hex(12),
        "status": "paid",
        "status_transitions": {"paid_at": int(paid_at.timestamp())},
        "subscription": "sub_1MowQVLkdIwHu7ixeRlqHVzs",
        "subscription_details": {"metadata": {}},
    }


def charge_refunded(
    *, payment_intent: str, amount: int, refunds: list[tuple[str, int]], currency: str = "usd"
) -> dict[str, Any]:
    return {
        "id": "ch_" + secrets.token_hex(12),
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": sum(a for _, a in refunds),
        "currency": currency,
        "paid": True,
        "payment_intent": payment_intent,
        "refunded": sum(a for _, a in refunds) == amount,
        "refunds": {
            "object": "list",
            "data": [
                {
                    "id": rid,
                    "object": "refund",
                    "amount": a,
                    "currency": currency,
                    "payment_intent": payment_intent,
                    "reason": "requested_by_customer",
                    "status": "succeeded",
                }
                for rid, a in refunds
            ],
            "has_more": False,
            "url": "/v1/charges/ch_x/refunds",
        },
        "status": "succeeded",
    }


def refund(*, refund_id: str, payment_intent: str, amount: int) -> dict[str, Any]:
    return {
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "charge": "ch_" + secrets.token_hex(12),
        "currency": "usd",
        "payment_intent": payment_intent,
        "reason": "requested_by_customer",
        "status": "succeeded",
    }


def dispute(
    *,
    dispute_id: str,
    payment_intent: str,
    amount: int,
    status: str = "needs_response",
    currency: str = "usd",
) -> dict[str, Any]:
    """A dispute object as Stripe's charge.dispute.* events carry it."""
    return {
        "id": dispute_id,
        "object": "dispute",
        "amount": amount,
        "balance_transactions": [],
        "charge": "ch_" + secrets.token_hex(12),
        "created": int(time.time()),
        "currency": currency,
        "evidence_details": {"due_by": int(time.time()) + 86400 * 7, "has_evidence": False},
        "is_charge_refundable": False,
        "livemode": True,
        "metadata": {},
        "payment_intent": payment_intent,
        "reason": "fraudulent",
        "status": status,
    }


def stripe_customer(*, email: str, metadata: dict[str, str], customer_id: str) -> dict[str, Any]:
    return {
        "id": customer_id,
        "object": "customer",
        "email": email,
        "metadata": metadata,
        "name": "Bob Friend",
        "livemode": False,
    }


# ---- Shopify -----------------------------------------------------------------------------------


def shopify_hmac(body: bytes, secret: str = SHOPIFY_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


async def post_shopify(
    client: httpx.AsyncClient,
    topic: str,
    payload: dict[str, Any],
    *,
    webhook_id: str | None = None,
    secret: str = SHOPIFY_SECRET,
) -> httpx.Response:
    body = json.dumps(payload).encode()
    return await client.post(
        "/integrations/shopify",
        content=body,
        headers={
            "content-type": "application/json",
            "x-shopify-topic": topic,
            "x-shopify-hmac-sha256": shopify_hmac(body, secret),
            "x-shopify-shop-domain": "vouch-test.myshopify.com",
            "x-shopify-api-version": "2025-01",
            "x-shopify-webhook-id": webhook_id or str(uuid.uuid4()),
            "x-shopify-triggered-at": "2026-03-02T12:00:00Z",
        },
    )


def shopify_order(
    *,
    order_id: int = 820982911946154508,
    total: str = "199.00",
    currency: str = "USD",
    landing_site: str | None = None,
    note_attributes: list[dict[str, str]] | None = None,
    discount_codes: list[str] | None = None,
    email: str = "jon@example.com",
    customer_id: int = 115310627314723954,
    processed_at: str = "2026-03-02T07:00:00-05:00",
) -> dict[str, Any]:
    return {
        "id": order_id,
        "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
        "contact_email": email,
        "created_at": processed_at,
        "currency": currency,
        "current_total_price": total,
        "discount_codes": [
            {"code": c, "amount": "10.00", "type": "fixed_amount"} for c in discount_codes or []
        ],
        "email": email,
        "financial_status": "paid",
        "landing_site": landing_site,
        "name": "#9999",
        "note": None,
        "note_attributes": note_attributes or [],
        "order_number": 1234,
        "presentment_currency": currency,
        "processed_at": processed_at,
        "referring_site": None,
        "subtotal_price": total,
        "test": False,
        "total_price": total,
        "customer": {
            "id": customer_id,
            "email": email,
            "first_name": "Jon",
            "last_name": "Friend",
        },
    }


def shopify_refund(
    *, refund_id: int, order_id: int, amount: str, currency: str = "USD"
) -> dict[str, Any]:
    return {
        "id": refund_id,
        "order_id": order_id,
        "created_at": "2026-03-02T08:00:00-05:00",
        "note": "Customer changed their mind",
        "restock": False,
        "refund_line_items": [],
        "transactions": [
            {
                "id": refund_id + 1,
                "order_id": order_id,
                "kind": "refund",
                "gateway": "bogus",
                "status": "success",
                "amount": amount,
                "currency": currency,
            }
        ],
    }


def shopify_customer(*, customer_id: int, email: str, note: str | None) -> dict[str, Any]:
    return {
        "id": customer_id,
        "email": email,
        "first_name": "Jon",
        "last_name": "Friend",
        "note": note,
        "created_at": "2026-03-02T07:00:00-05:00",
        "state": "enabled",
        "verified_email": True,
    }
