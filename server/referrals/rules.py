"""Pure referral decisions: codes, identities, the attribution window and which touch wins."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import math
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

import email_validator
from email_validator import EmailNotValidError, validate_email

from server.campaigns.models import AttributionModel
from server.errors import InvalidInput, InvalidState
from server.money import format_money, validate_currency

# No 0/O, 1/I/L or U: nothing to confuse when a code is read aloud or typed from print.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))  # ~49 bits
VANITY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
IDEMPOTENCY_RE = re.compile(r"^[\x21-\x7e]{8,128}$")
MAX_AMOUNT = 10**15  # minor units; far above any real order, far below int64


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Group for reading aloud: 7KQ4M-XW9TB."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


_CODE_SEPARATORS = re.compile(r"[\s-]")


def normalize_code(raw: str) -> str:
    # A code as printed in a link is letters and digits only: nothing to remove (no character
    # is both alphanumeric and whitespace), so the search is skipped (every redirect asks).
    if raw.isalnum():
        return raw.upper()
    return _CODE_SEPARATORS.sub("", raw).upper()


def is_wellformed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def validate_vanity(code: str) -> str:
    if not VANITY_RE.match(code):
        raise InvalidInput("A vanity code is 3-32 letters, digits, '-' or '_'.", field="vanityCode")
    return code.lower()


def normalize_email(raw: str, field: str = "email") -> str:
    """Syntax-checked, lower-cased address; the same person always maps to one key."""
    try:
        return _normalized_email(raw.strip())
    except EmailNotValidError as exc:
        raise InvalidInput(f"Not a valid email address: {exc}", field=field) from None


@lru_cache(maxsize=4096)
def _normalized_email(raw: str) -> str:
    """Valid addresses only are remembered (an exception is not cached): a friend's address
    comes back with each of their events, and validating it is most of their identity's cost."""
    return _plain_email(raw) or validate_email(raw, check_deliverability=False).normalized.lower()


# The common address, plainly ASCII: before the @-sign, dot-separated runs of letters, digits,
# '_', '+' and '-'; after it, two or more labels of letters, digits and inner hyphens.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
)


def _plain_email(raw: str) -> str | None:
    """`validate_email`'s answer for an address it accepts as it is (its rules for such a one:
    lengths, a top-level domain ending with a letter, no special-use domain; only the case
    changes, and the key is lower-cased anyway), else None: anything else (a "--" anywhere,
    which it reads specially, Unicode, quotes, a display name) is left to it."""
    if not _PLAIN_EMAIL.fullmatch(raw) or "--" in raw or len(raw) > 254:
        return None
    local, _, domain = raw.lower().partition("@")
    if len(local) > 64 or len(domain) > 253 or not domain[-1].isalpha():
        return None
    if any(len(label) > 63 for label in domain.split(".")):
        return None
    for special in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        if domain == special or domain.endswith("." + special):
            return None
    return f"{local}@{domain}"


def normalize_external_id(raw: str | None, field: str = "externalId") -> str | None:
    if raw is None:
        return None
    value = raw.strip()
    if not value or len(value) > 128:
        raise InvalidInput("An external id is 1-128 characters.", field=field)
    return value


def validate_money(amount: int, currency: str) -> str:
    if not 0 < amount <= MAX_AMOUNT:
        raise InvalidInput(
            f"The amount is a whole number of minor units from 1 to {MAX_AMOUNT:,}.",
            field="amount",
        )
    return validate_currency(currency)


def validate_idempotency_key(key: str) -> str:
    if not IDEMPOTENCY_RE.match(key):
        raise InvalidInput(
            "The idempotency key is 8-128 printable ASCII characters.", field="idempotencyKey"
        )
    return key


def request_fingerprint(*parts: object) -> str:
    """Stable digest of a request's meaningful input, to tell a retry from a different call."""
    encoded = json.dumps(parts, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def mask_email(email: str) -> str:
    """j***@example.com: enough for an advocate to recognise a friend, not to contact them."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def keyed_hash(secret: bytes, value: str) -> str:
    """Pseudonymous, non-reversible identifier: raw IPs and user agents are never stored."""
    return hmac.digest(secret, value.encode(), hashlib.sha256).hex()[:32]


def ip_hash(secret: bytes, raw: str) -> str:
    """keyed_hash of an IP address in one spelling: `::ffff:1.2.3.4` is 1.2.3.4 and IPv6 is
    compressed, so a click, a reported session and a blocklist entry of one address agree."""
    value = raw.strip()
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return keyed_hash(secret, value)  # e.g. no client address at all
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return keyed_hash(secret, str(address))


def within_window(clicked_at: datetime, now: datetime, window_days: int) -> bool:
    return clicked_at <= now < clicked_at + timedelta(days=window_days)


def order_in_window(
    touched_at: datetime, event_at: datetime, window_days: int, *, carries_touch: bool
) -> bool:
    """An order counts for an existing referral when it falls in the window that opened with
    the touch that led to the referral, or when it carries its own eligible touch for the
    referral's link (a code or coupon at checkout, a click before it). Arrival order never
    matters: an earlier order reported late is judged by its own time."""
    return carries_touch or within_window(touched_at, event_at, window_days)


def carries_touch_for(decision: Decision | None, link_id: int) -> bool:
    """Whether the request itself brought an eligible touch (won or not) for this link."""
    return decision is not None and any(
        j.excluded is None and j.candidate.link_id == link_id for j in decision.candidates
    )


# ---- attribution -----------------------------------------------------------------------------

COUPON_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
MAX_VISIT_TOKENS = 10
VISIT_TOKEN_MAX_LENGTH = 32  # the column's width: anything longer was never issued


def could_be_visit_token(token: str) -> bool:
    return 0 < len(token) <= VISIT_TOKEN_MAX_LENGTH


class TouchMethod(StrEnum):
    VISIT_TOKEN = "visit_token"  # noqa: S105 - a method name, not a secret
    REFERRAL_CODE = "referral_code"
    COUPON = "coupon"
    STAFF = "staff"


class Exclusion(StrEnum):
    UNKNOWN = "unknown"
    OTHER_CAMPAIGN = "other_campaign"
    LINK_BLOCKED = "link_blocked"
    AFTER_EVENT = "after_event"
    OUTSIDE_WINDOW = "outside_window"


# At equal touch time the more deliberate touch wins: a coupon typed at checkout, then a code,
# then a click; after that, the one the caller listed first.
_PRIORITY = {TouchMethod.COUPON: 0, TouchMethod.REFERRAL_CODE: 1, TouchMethod.VISIT_TOKEN: 2}


def normalize_coupon(raw: str) -> str:
    """Coupons are matched case-insensitively: stored and compared upper-case."""
    code = raw.strip()
    if not COUPON_RE.match(code):
        raise InvalidInput("A coupon code is 3-32 letters, digits, '-' or '_'.", field="couponCode")
    return code.upper()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One touch the caller reported, resolved to a link (or not)."""

    method: TouchMethod
    link_id: int | None
    advocate_id: int | None
    campaign_id: int | None
    touched_at: datetime | None
    blocked: bool = False


@dataclass(frozen=True, slots=True)
class Judged:
    candidate: Candidate
    excluded: Exclusion | None
    won: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    candidates: tuple[Judged, ...]
    winner: Candidate | None
    decided_by: str
    reason: str


def _exclusion(
    c: Candidate, campaign_id: int, window_days: int, event_at: datetime
) -> Exclusion | None:
    if c.link_id is None or c.touched_at is None:
        return Exclusion.UNKNOWN
    if c.campaign_id != campaign_id:
        return Exclusion.OTHER_CAMPAIGN
    if c.blocked:
        return Exclusion.LINK_BLOCKED
    if c.touched_at > event_at:
        return Exclusion.AFTER_EVENT
    if not within_window(c.touched_at, event_at, window_days):
        return Exclusion.OUTSIDE_WINDOW
    return None


def decide(
    candidates: Sequence[Candidate],
    *,
    campaign_id: int,
    window_days: int,
    model: AttributionModel,
    event_at: datetime,
) -> Decision:
    """Which touch wins under the campaign's model. Typed codes and coupons arrive with
    touched_at = event_at; a click with its own time."""
    reasons = [_exclusion(c, campaign_id, window_days, event_at) for c in candidates]
    eligible = [(i, c) for i, (c, r) in enumerate(zip(candidates, reasons, strict=True)) if not r]
    if not eligible:
        judged = tuple(Judged(c, r) for c, r in zip(candidates, reasons, strict=True))
        return Decision(judged, None, "none", "No touch is eligible.")

    def key(item: tuple[int, Candidate]) -> tuple[datetime, int, int]:
        i, c = item
        assert c.touched_at is not None  # eligible touches have a time
        return (c.touched_at, _PRIORITY[c.method], i)

    if model is AttributionModel.FIRST_TOUCH:
        win_index, winner = min(eligible, key=key)
    else:
        latest = max(c.touched_at for _, c in eligible if c.touched_at is not None)
        win_index, winner = min(((i, c) for i, c in eligible if c.touched_at == latest), key=key)
    judged = tuple(
        Judged(c, r, won=i == win_index)
        for i, (c, r) in enumerate(zip(candidates, reasons, strict=True))
    )
    if len(eligible) == 1:
        return Decision(judged, winner, "only_candidate", "The only eligible touch.")
    tied = sum(1 for _, c in eligible if c.touched_at == winner.touched_at) > 1
    which = "earliest" if model is AttributionModel.FIRST_TOUCH else "latest"
    reason = f"The {which} of {len(eligible)} eligible touches."
    if tied:
        reason += " Tied on time: coupon before code before visit, then request order."
    return Decision(judged, winner, model.value, reason)


def attribution_record(decision: Decision) -> dict[str, Any]:
    """The JSON stored on a referral: every candidate, the winner and why."""
    assert decision.winner is not None
    return {
        "method": decision.winner.method.value,
        "decidedBy": decision.decided_by,
        "reason": decision.reason,
        "candidates": [candidate_json(j.candidate, j.excluded, j.won) for j in decision.candidates],
    }


def candidate_json(c: Candidate, excluded: Exclusion | None, won: bool) -> dict[str, Any]:
    return {
        "method": c.method.value,
        "linkId": c.link_id,
        "advocateId": c.advocate_id,
        "touchedAt": c.touched_at.isoformat() if c.touched_at else None,
        "excludedReason": excluded.value if excluded else None,
        "won": won,
    }


def generation_key(event_key: str, generation: int) -> str:
    """A reward re-issued after re-attribution is a distinct row: 'conversion:7#g2'."""
    return f"{base_event_key(event_key)}#g{generation}"


def base_event_key(event_key: str) -> str:
    return event_key.split("#", 1)[0]


def reattribution_record(
    before: dict[str, Any],
    *,
    link_id: int,
    advocate_id: int,
    decided_by: str,
    reason: str,
    now: datetime,
) -> dict[str, Any]:
    """Staff's choice becomes the winner; the touches considered before stay, no longer won."""
    earlier = [{**c, "won": False} for c in before.get("candidates", [])]
    staff = Candidate(TouchMethod.STAFF, link_id, advocate_id, None, now)
    return {
        "method": TouchMethod.STAFF.value,
        "decidedBy": decided_by,
        "reason": reason,
        "candidates": [*earlier, candidate_json(staff, None, True)],
    }


def check_refundable(amount: int, remaining: int, currency: str) -> None:
    """A refund fits what the order has left: none left is the order's state (already fully
    refunded), more than is left is the amount's fault, said in the order's currency."""
    if remaining <= 0:
        raise InvalidState("This order is already fully refunded.", field="conversionId")
    if amount > remaining:
        raise InvalidInput(
            f"At most {format_money(remaining, currency)} ({remaining} in minor units) can "
            "still be refunded.",
            field="amount",
        )
