"""Stripe webhooks: verified with the official library (`stripe.WebhookSignature.verify_header`,
its timestamp tolerance, every configured secret during a rotation), one small handler per event
type, each mapping the event to a referral use-case (server/integrations/service.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import stripe

from server.fraud import payments
from server.fraud.evidence import Evidence
from server.integrations import customers, disputes, evidence, rules, service
from server.integrations.models import EventStatus
from server.integrations.rules import Touches
from server.integrations.service import Handler, Inbound, Outcome, ProviderRefund
from server.referrals.models import Conversion
from server.referrals.service import Order


def verify(body: bytes, header: str | None, secrets: list[str]) -> dict[str, Any] | None:
    """The event when one of the secrets signed it within Stripe's tolerance, else None."""
    if not header or not header.isascii():  # the library's compare_digest raises on non-ASCII
        return None
    for secret in secrets:
        try:
            stripe.WebhookSignature.verify_header(
                body, header, secret, stripe.Webhook.DEFAULT_TOLERANCE
            )
            # Parsed here, not by construct_event: the library reads any JSON it is given as
            # an object, so a signed array or string raised AttributeError (an HTTP 500).
            event = rules.storable(body, json.loads(body))
        except stripe.SignatureVerificationError:
            continue
        except (ValueError, RecursionError):  # signed, but not UTF-8 JSON, or nested too deep
            return None
        return event if isinstance(event, dict) else None
    return None


# ---- reading Stripe objects --------------------------------------------------------------------


def _obj(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    found = data.get("object") if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def _id(value: object) -> str | None:
    """An expandable field: an id, or the expanded object's id."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _email(*values: object) -> str | None:
    return next((v for v in values if isinstance(v, str) and "@" in v), None)


def _at(timestamp: object) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if isinstance(timestamp, int) else None


def _coupons(*holders: object) -> list[object]:
    """Coupon ids and promotion codes from `discounts` lists and a `discount`: a Stripe coupon
    whose id is the advocate's coupon code, or a promotion code whose code is."""
    codes: list[object] = []
    for holder in holders:
        for discount in holder if isinstance(holder, list) else [holder]:
            if not isinstance(discount, dict):
                continue
            promotion = _dict(discount.get("promotion_code"))
            codes += [promotion.get("code"), _id(discount.get("coupon"))]
    return codes


def _order(external_id: str, amount: int, currency: object, when: datetime | None) -> Order:
    return Order(external_id, amount, str(currency or "").upper(), when)


# ---- handlers ----------------------------------------------------------------------------------


async def checkout_session_completed(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    # The card's fingerprint (a fraud signal) is not on the session: it is the charge's
    # `payment_method_details.card.fingerprint` (payment_intent.latest_charge, when expanded).
    session = _obj(event)
    touches = rules.from_reference(session.get("client_reference_id")).merged(
        rules.from_mapping(_dict(session.get("metadata")))
    )
    touches = rules.with_coupon(touches, _coupons(session.get("discounts")))
    email = _email(
        _dict(session.get("customer_details")).get("email"), session.get("customer_email")
    )
    customer = _id(session.get("customer"))
    if session.get("payment_status") not in ("paid", "no_payment_required"):
        return Outcome.ignored("not paid (yet)")
    if session.get("mode") == "subscription" and inbound.converts_on("invoice.paid"):
        # The subscription's invoices are its purchases: remember who the customer came from.
        await customers.remember(inbound, customer, touches, email)
        return Outcome(
            EventStatus.PROCESSED, "customer remembered", releases=(f"customer:{customer}",)
        )
    if not inbound.converts_on("checkout.session.completed"):
        return Outcome.ignored("not a conversion event in the settings")
    amount = _int(session.get("amount_total"))
    if amount <= 0:
        await customers.remember(inbound, customer, touches, email)
        return Outcome.ignored("nothing paid")
    order_id = (
        _id(session.get("payment_intent")) or _id(session.get("invoice")) or str(session.get("id"))
    )
    await customers.remember(inbound, customer, touches, email)
    return await service.convert(
        inbound,
        key=f"order:{order_id}",
        touches=touches,
        email=email,
        customer_id=customer,
        order=_order(order_id, amount, session.get("currency"), _at(event.get("created"))),
        evidence=_session_evidence(inbound, session),
    )


def _session_evidence(inbound: Inbound, session: dict[str, Any]) -> Evidence | None:
    details = _dict(session.get("customer_details"))
    shipping = _dict(session.get("shipping_details")) or _dict(
        _dict(session.get("collected_information")).get("shipping_details")
    )
    raw = evidence.stripe_raw(
        evidence.stripe_charge(session.get("payment_intent")),
        phone=details.get("phone"),
        addresses=[shipping.get("address"), details.get("address")],
    )
    return evidence.hashed(inbound.settings, raw)


async def invoice_paid(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    invoice = _obj(event)
    if not inbound.converts_on("invoice.paid"):
        return Outcome.ignored("not a conversion event in the settings")
    amount = _int(invoice.get("amount_paid"))
    if amount <= 0:
        return Outcome.ignored("nothing paid (a trial or a credit)")
    customer = _id(invoice.get("customer"))
    subscription = _dict(invoice.get("subscription_details")) or _dict(
        _dict(invoice.get("parent")).get("subscription_details")
    )
    touches = rules.from_mapping(_dict(invoice.get("metadata"))).merged(
        rules.from_mapping(_dict(subscription.get("metadata")))
    )
    touches = rules.with_coupon(
        touches, _coupons(invoice.get("discounts"), invoice.get("discount"))
    )
    known = await customers.recall(inbound, customer)
    first = invoice.get("billing_reason") == "subscription_create"
    if customer and known is None and not touches and first:
        # The first invoice often arrives before its checkout session: wait for the customer.
        return Outcome(
            EventStatus.DEFERRED, "waiting for its checkout", waiting_for=f"customer:{customer}"
        )
    if known is not None:
        touches = touches.merged(known.touches)
    paid_at = _at(_dict(invoice.get("status_transitions")).get("paid_at"))
    refs = _invoice_refs(invoice)
    order_id = refs[0]
    return await service.convert(
        inbound,
        key=f"order:{order_id}",
        touches=touches,
        email=_email(invoice.get("customer_email"), known.email if known else None),
        customer_id=customer,
        order=_order(
            order_id,
            amount,
            invoice.get("currency"),
            paid_at or _at(event.get("created")),
        ),
        also_known_as=refs[1:],
        evidence=evidence.hashed(
            inbound.settings,
            evidence.stripe_raw(
                evidence.stripe_charge(invoice, invoice.get("payment_intent")),
                phone=invoice.get("customer_phone"),
                addresses=[
                    _dict(invoice.get("customer_shipping")).get("address"),
                    invoice.get("customer_address"),
                ],
            ),
        ),
    )


def _invoice_refs(invoice: dict[str, Any]) -> tuple[str, ...]:
    """The ids a refund of this invoice's payment may name, the order's own id first: its
    payment intent (`payment_intent` before API version 2025-03-31, `payments` since), else
    the charge of a charge-only payment, then the invoice itself."""
    payments = [
        _dict(_dict(p).get("payment")) for p in _list(_dict(invoice.get("payments")).get("data"))
    ]
    intents = [invoice.get("payment_intent"), *(p.get("payment_intent") for p in payments)]
    charges = [invoice.get("charge"), *(p.get("charge") for p in payments)]
    found = [_id(v) for v in (*intents, *charges, invoice.get("id"))]
    return tuple(dict.fromkeys(ref for ref in found if ref))


def _live(refund: dict[str, Any]) -> bool:
    return refund.get("status") in (None, "succeeded", "pending", "requires_action")


async def charge_refunded(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    charge = _obj(event)
    listed = _dict(charge.get("refunds")).get("data")
    if isinstance(listed, list) and listed:
        refunds = [
            ProviderRefund(str(r["id"]), _int(r.get("amount")))
            for r in listed
            if isinstance(r, dict) and _id(r) and _live(r)
        ]
    else:
        # Newer API versions list no refunds: what this event added to the refunded total.
        total = _int(charge.get("amount_refunded"))
        before = _int(
            _dict(_dict(event.get("data")).get("previous_attributes")).get("amount_refunded")
        )
        refunds = [ProviderRefund(f"{charge.get('id')}:refunded:{total}", total - before)]
    return await service.refund(
        inbound,
        order_refs=[
            r
            for r in (
                _id(charge.get("payment_intent")),
                _id(charge.get("invoice")),
                _id(charge.get("id")),
            )
            if r
        ],
        refunds=refunds,
        currency=str(charge.get("currency") or ""),
    )


async def refund_created(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    refund = _obj(event)
    if not _live(refund) or not _id(refund):
        return Outcome.ignored(f"refund {refund.get('status')}")
    return await service.refund(
        inbound,
        order_refs=[r for r in (_id(refund.get("payment_intent")), _id(refund.get("charge"))) if r],
        refunds=[ProviderRefund(str(refund["id"]), _int(refund.get("amount")))],
        currency=str(refund.get("currency") or ""),
    )


async def customer_created(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    customer = _obj(event)
    touches: Touches = rules.from_mapping(_dict(customer.get("metadata")))
    return await service.signup(
        inbound,
        touches=touches,
        email=_email(customer.get("email")),
        customer_id=_id(customer.get("id")),
        name=customer.get("name") if isinstance(customer.get("name"), str) else None,
        occurred_at=_at(event.get("created")),
    )


async def charge_succeeded(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    """The card that paid an order (checkout sessions carry no fingerprint): hashed on
    receipt and given to the order's referral, which is screened again with it. Before its
    order it waits (keeping only the hashes and the order's ids), for either event may come
    first."""
    charge = _obj(event)
    ids = {k: _id(charge.get(k)) for k in ("payment_intent", "invoice", "id")}
    refs = [r for r in ids.values() if r]
    found = _charge_evidence(inbound, event, charge)
    if found is None or found.payment_hash is None or not refs:
        return Outcome.ignored("no card fingerprint")
    conversion = await Conversion.filter(external_order_id__in=refs).order_by("id").first()
    if conversion is None:
        hashes = {k: v for k in EVIDENCE_KEPT if (v := getattr(found, k))}
        waiting = {
            "id": event.get("id"),
            "type": event.get("type"),
            "livemode": event.get("livemode"),
            "data": {"object": {"object": "charge", **ids}},
            "vouch_evidence": hashes,
        }
        return Outcome(
            EventStatus.DEFERRED,
            "card fingerprint waiting for its order",
            waiting_for=f"order:{refs[0]}",
            kept=waiting,
        )
    referral = await payments.screen_payment(
        conversion_id=conversion.id, evidence=found, actor=inbound.actor, clock=inbound.clock
    )
    return Outcome(
        EventStatus.PROCESSED,
        "card fingerprint" if referral else "card fingerprint of a rejected referral",
        conversion_id=conversion.id,
        referral_id=conversion.referral_id,
    )


def _charge_evidence(
    inbound: Inbound, event: dict[str, Any], charge: dict[str, Any]
) -> Evidence | None:
    """Hashed from the charge; a waiting event kept only the hashes (never the raw card)."""
    kept = _dict(event.get("vouch_evidence"))
    if kept:
        return Evidence(
            **{k: v for k, v in kept.items() if k in EVIDENCE_KEPT and isinstance(v, str)}
        )
    raw = evidence.stripe_raw(charge, phone=None, addresses=[])
    return evidence.hashed(inbound.settings, raw)


EVIDENCE_KEPT = ("payment_hash", "phone_hash", "address_hash")


async def dispute_changed(inbound: Inbound, event: dict[str, Any]) -> Outcome:
    """Any charge.dispute.* event: what it means follows the dispute's status (disputes.py)."""
    dispute = _obj(event)
    return await disputes.changed(
        inbound,
        dispute_id=_id(dispute) or "",
        status=str(dispute.get("status") or ""),
        order_refs=[
            r for r in (_id(dispute.get("payment_intent")), _id(dispute.get("charge"))) if r
        ],
        amount=_int(dispute.get("amount")),
        currency=str(dispute.get("currency") or ""),
    )


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": checkout_session_completed,
    "checkout.session.async_payment_succeeded": checkout_session_completed,
    "invoice.paid": invoice_paid,
    "charge.refunded": charge_refunded,
    "refund.created": refund_created,
    "customer.created": customer_created,
    "charge.succeeded": charge_succeeded,
    **{
        f"charge.dispute.{change}": dispute_changed
        for change in ("created", "updated", "funds_withdrawn", "funds_reinstated", "closed")
    },
}
