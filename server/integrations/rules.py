"""Pure decisions for inbound integrations: settings validation, where a provider's event
carries the friend's touches (visit token, referral code, coupon), signature checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl

from server import text, urls
from server.errors import InvalidInput
from server.integrations.models import Provider
from server.referrals import rules as referral_rules

CONVERSION_EVENTS: dict[Provider, tuple[str, ...]] = {
    Provider.STRIPE: ("checkout.session.completed", "invoice.paid"),
    Provider.SHOPIFY: ("orders/paid", "orders/create"),
}
DEFAULT_CONVERSION_EVENTS: dict[Provider, tuple[str, ...]] = {
    Provider.STRIPE: ("checkout.session.completed", "invoice.paid"),
    Provider.SHOPIFY: ("orders/paid",),
}
MAX_SECRETS = 3  # the current one and those a rotation still accepts
ENDPOINT_PATHS = {
    Provider.STRIPE: "/integrations/stripe",
    Provider.SHOPIFY: "/integrations/shopify",
}

# Where a touch may travel: metadata keys, URL query parameters, Shopify note attributes.
VISIT_TOKEN_KEYS = ("vouch_vt", "vt", "visit_token")
CODE_KEYS = ("vouch_ref", "ref", "referral_code")
COUPON_KEYS = ("vouch_coupon", "coupon")


def validate_conversion_events(provider: Provider, events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(e.strip() for e in events))
    allowed = CONVERSION_EVENTS[provider]
    unknown = [e for e in chosen if e not in allowed]
    if unknown or not chosen:
        raise InvalidInput(
            f"Choose conversion events among {', '.join(allowed)}.", field="conversionEvents"
        )
    if provider is Provider.SHOPIFY and len(chosen) > 1:
        # The same order would arrive twice (created, then paid).
        raise InvalidInput("Choose one of orders/paid or orders/create.", field="conversionEvents")
    return chosen


def validate_secrets(provider: Provider, secrets: Iterable[str]) -> list[str]:
    given = [s.strip() for s in secrets]
    if not 1 <= len(given) <= MAX_SECRETS:
        raise InvalidInput(
            f"Give 1-{MAX_SECRETS} signing secrets (newest first).", field="signingSecrets"
        )
    for secret in given:
        if not 16 <= len(secret) <= 200 or not secret.isascii() or not secret.isprintable():
            raise InvalidInput(
                "A signing secret is 16-200 printable characters.", field="signingSecrets"
            )
        if provider is Provider.STRIPE and not secret.startswith("whsec_"):
            raise InvalidInput(
                "A Stripe signing secret starts with whsec_ (Developers → Webhooks).",
                field="signingSecrets",
            )
    return given


def validate_shop_domain(domain: str) -> str:
    value = domain.strip().lower()
    if value and (len(value) > 255 or not value.endswith(".myshopify.com") or "/" in value):
        raise InvalidInput(
            "The shop's domain looks like example.myshopify.com.", field="shopDomain"
        )
    return value


# A JSON escape for NUL or for a UTF-16 surrogate (paired or not), in a raw body.
_RISKY_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def storable(body: bytes, payload: Any) -> Any:
    """A provider's decoded JSON with every string storable in either database: PostgreSQL
    refuses NUL in text and JSON, and neither database stores a lone surrogate. Signed bodies
    are the provider's, but their strings are what people typed (a customer's name or note):
    one NUL made every delivery of that event fail (HTTP 500) until the provider disabled the
    webhook. NUL is dropped, a lone surrogate becomes U+FFFD; a body without such an escape
    is returned as it is."""
    if not _RISKY_ESCAPE.search(body):
        return payload

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return text.storable(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {text.storable(k): clean(v) for k, v in value.items()}
        return value

    return clean(payload)


def shopify_signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """Shopify's documented check: base64(HMAC-SHA256(secret, raw body)), constant time."""
    if not header:
        return False
    digest = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(digest, header.strip().encode())


# What each topic's body has and what it cannot have. `X-Shopify-Topic` is not covered by the
# HMAC (only the body is): whoever holds one signed body could send it again under another
# topic (an order as `refunds/create`, a refund or a customer as `orders/paid`, an unpaid
# `orders/create` as `orders/paid`). A body is used only under a topic whose shape it has.
_ORDER_ONLY = frozenset({"line_items", "total_price", "financial_status", "subtotal_price"})
_REFUND_ONLY = frozenset({"order_id", "refund_line_items", "transactions", "restock"})
_CUSTOMER_ONLY = frozenset({"orders_count", "total_spent", "verified_email", "state"})
SHOPIFY_SHAPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # topic: (keys it must have, keys it must not have)
    "orders/paid": (frozenset({"id", "total_price", "currency"}), _REFUND_ONLY | _CUSTOMER_ONLY),
    "orders/create": (frozenset({"id", "total_price", "currency"}), _REFUND_ONLY | _CUSTOMER_ONLY),
    "refunds/create": (frozenset({"id", "order_id"}), _ORDER_ONLY | _CUSTOMER_ONLY),
    "customers/create": (frozenset({"id", "email"}), _ORDER_ONLY | _REFUND_ONLY),
}
# An order Shopify has not been paid for: never an `orders/paid` body.
UNPAID = frozenset({"pending", "authorized", "voided", "expired"})


def shopify_body_fits(topic: str, body: Mapping[str, object]) -> bool:
    """Whether a signed body has the shape of the topic it came with (topics without a shape
    here are not used anyway)."""
    shape = SHOPIFY_SHAPES.get(topic)
    if shape is None:
        return True
    must, never = shape
    if not must <= body.keys() or not never.isdisjoint(body.keys()):
        return False
    return topic != "orders/paid" or body.get("financial_status") not in UNPAID


# ---- touches ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Touches:
    visit_token: str | None = None
    referral_code: str | None = None
    coupon_code: str | None = None

    def __bool__(self) -> bool:
        return bool(self.visit_token or self.referral_code or self.coupon_code)

    def merged(self, other: Touches) -> Touches:
        """Ours first; the other's fill what we lack."""
        return Touches(
            self.visit_token or other.visit_token,
            self.referral_code or other.referral_code,
            self.coupon_code or other.coupon_code,
        )


def _clean(value: object, limit: int) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text if 0 < len(text) <= limit and text.isprintable() else None


def from_reference(value: object) -> Touches:
    """A Stripe `client_reference_id` set by vouch.js: a visit token, else a referral code."""
    text = _clean(value, 200)
    if text is None:
        return Touches()
    if referral_rules.is_wellformed_code(referral_rules.normalize_code(text)):
        return Touches(referral_code=text)
    if referral_rules.could_be_visit_token(text):
        return Touches(visit_token=text)
    return Touches()


def from_mapping(values: Mapping[str, object] | None) -> Touches:
    """Metadata, URL parameters or note attributes: the first key of each kind that is set."""
    if not values:
        return Touches()

    def first(keys: tuple[str, ...], limit: int) -> str | None:
        return next((v for k in keys if (v := _clean(values.get(k), limit))), None)

    token = first(VISIT_TOKEN_KEYS, referral_rules.VISIT_TOKEN_MAX_LENGTH)
    return Touches(token, first(CODE_KEYS, 32), first(COUPON_KEYS, 32))


def from_url(url: object) -> Touches:
    """`ref` / `vt` in a landing URL (Shopify's `landing_site`, relative or absolute)."""
    parts = urls.split(url) if isinstance(url, str) and len(url) <= 4000 else None
    if parts is None:  # not a URL, or one urlsplit cannot split (a shopper can send `//[`)
        return Touches()
    return from_mapping(dict(parse_qsl(parts.query)))


def from_pairs(pairs: object) -> Touches:
    """Shopify `note_attributes`: [{"name": "vt", "value": "..."}]."""
    if not isinstance(pairs, list):
        return Touches()
    found = {
        str(p.get("name", "")).strip().lower(): p.get("value")
        for p in pairs[:50]
        if isinstance(p, dict)
    }
    return from_mapping(found)


def from_note(note: object) -> Touches:
    """A Shopify customer note written by a form's `customer[note][vt]` fields: "vt: ..."."""
    if not isinstance(note, str):
        return Touches()
    pairs = {}
    for line in note.splitlines()[:50]:
        name, sep, value = line.partition(":")
        if sep:
            pairs[name.strip().lower()] = value.strip()
    return from_mapping(pairs)


def first_coupon(codes: Iterable[object]) -> Touches:
    """The first code that could be an advocate's coupon."""
    for code in codes:
        text = _clean(code, 32)
        if text and referral_rules.COUPON_RE.match(text):
            return Touches(coupon_code=text)
    return Touches()


def with_coupon(touches: Touches, codes: Iterable[object]) -> Touches:
    return (
        touches
        if touches.coupon_code
        else replace(touches, coupon_code=first_coupon(codes).coupon_code)
    )
