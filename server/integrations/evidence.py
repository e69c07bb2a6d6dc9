"""The fraud evidence a provider's order carries (card fingerprint, phone, billing or shipping
address, the buyer's IP address and browser), read from the payload and hashed on receipt with
the same keyed hashes as the API's own evidence: nothing raw is kept."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from server.errors import InvalidInput
from server.fraud.evidence import Evidence, RawEvidence, hash_evidence
from server.settings import Settings

_FIELDS = {
    "ipAddress": "ip_address",
    "userAgent": "user_agent",
    "deviceId": "device_id",
    "paymentFingerprint": "payment_fingerprint",
    "phone": "phone",
    "address": "address",
}
STRIPE_ADDRESS = ("line1", "line2", "postal_code", "city", "state", "country")
SHOPIFY_ADDRESS = ("address1", "address2", "zip", "city", "province_code", "country_code")


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(*values: object) -> str | None:
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)


def address(value: object, parts: tuple[str, ...]) -> str | None:
    found = [str(v).strip() for k in parts if (v := _dict(value).get(k)) and str(v).strip()]
    return ", ".join(found) or None


def hashed(settings: Settings | None, raw: RawEvidence) -> Evidence | None:
    """Hash what is usable; a malformed value (a phone of 3 digits) is dropped, not fatal:
    the provider's event is still the order."""
    if settings is None:
        return None
    for _ in _FIELDS:
        try:
            return hash_evidence(settings, raw)
        except InvalidInput as exc:
            name = _FIELDS.get(exc.field or "")
            if name is None:
                return None
            raw = replace(raw, **{name: None})
    return None


# ---- Stripe ------------------------------------------------------------------------------------


def stripe_charge(*holders: object) -> dict[str, Any]:
    """The charge, where the payload carries it: a charge event, or an expanded
    `payment_intent.latest_charge` / `invoice.charge`."""
    for holder in holders:
        h = _dict(holder)
        if h.get("object") == "charge":
            return h
        for candidate in (_dict(h.get("latest_charge")), _dict(h.get("charge"))):
            if candidate.get("object") == "charge":
                return candidate
    return {}


def stripe_raw(charge: dict[str, Any], *, phone: object, addresses: list[object]) -> RawEvidence:
    """Card fingerprint on `payment_method_details.card.fingerprint`; phone and address from
    the charge's billing and shipping details, else from the session or invoice."""
    card = _dict(_dict(charge.get("payment_method_details")).get("card"))
    billing, shipping = _dict(charge.get("billing_details")), _dict(charge.get("shipping"))
    found = [address(a, STRIPE_ADDRESS) for a in [shipping.get("address"), *addresses]]
    found.append(address(billing.get("address"), STRIPE_ADDRESS))
    return RawEvidence(
        payment_fingerprint=_text(card.get("fingerprint")),
        phone=_text(billing.get("phone"), shipping.get("phone"), phone),
        address=next((a for a in found if a), None),
    )


# ---- Shopify -----------------------------------------------------------------------------------


def shopify_raw(order: dict[str, Any]) -> RawEvidence:
    """The order's buyer: browser IP and user agent (client_details), phone, and the shipping
    address (else the billing one)."""
    client = _dict(order.get("client_details"))
    customer = _dict(order.get("customer"))
    shipping, billing = _dict(order.get("shipping_address")), _dict(order.get("billing_address"))
    return RawEvidence(
        ip_address=_text(order.get("browser_ip"), client.get("browser_ip")),
        user_agent=_text(client.get("user_agent")),
        phone=_text(
            order.get("phone"), customer.get("phone"), shipping.get("phone"), billing.get("phone")
        ),
        address=address(shipping, SHOPIFY_ADDRESS) or address(billing, SHOPIFY_ADDRESS),
    )
