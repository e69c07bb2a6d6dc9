"""Pure email decisions: which audited change is which email, who may still be written to,
the re-engagement nudge cadence, form-token timing and branding validation."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from server import urls
from server.email.models import EmailKind, SuppressionReason
from server.errors import InvalidInput
from server.outbox.rules import RetryPolicy

K = EmailKind
# Sign-in links are asked for by the person: they go out even after an unsubscribe.
TRANSACTIONAL = frozenset({K.SIGN_IN})

# Retried for about a day: 1, 2, 4 ... minutes, capped at 2 hours (12 tries).
RETRY = RetryPolicy(max_attempts=12, base=timedelta(minutes=1), cap=timedelta(hours=2))
LEASE_SECONDS = 120
BATCH = 20
SMTP_TIMEOUT_SECONDS = 20.0

SIGN_IN_TTL = timedelta(minutes=30)
# A portal token from a magic link works for this long (a staff-issued one until revoked).
PORTAL_SESSION_TTL = timedelta(days=30)
FORM_MIN_AGE = timedelta(seconds=2)  # a human takes longer to fill in the form
FORM_MAX_AGE = timedelta(hours=2)

_REWARD_STATUS = {
    "approved": K.REWARD_APPROVED,
    "fulfilled": K.REWARD_PAID,
    "rejected": K.REWARD_REJECTED,
}


# A change is [before, after] (isinstance with a tuple: no `X | Y` union built per call).
_PAIR = (list, tuple)


def kinds_for(action: str, subject: str, changes: Mapping[str, Any]) -> list[EmailKind]:
    """The emails to an advocate an audited change is, from its action and fields."""
    if action == "advocate.enroll" and subject == "ReferralLink":
        return [K.WELCOME]
    if action == "referral.signup" and subject == "Referral":
        return [K.FRIEND_SIGNED_UP]
    if action == "milestone.reach" and subject == "Milestone":
        return [K.MILESTONE]
    if subject != "Reward":
        return []
    found = [K.REWARD_EARNED] if action == "reward.create" else []
    status = changes.get("status")
    if isinstance(status, _PAIR) and len(status) == 2 and status[0] != status[1]:
        kind = _REWARD_STATUS.get(str(status[1]))
        if kind is not None:
            found.append(kind)
    return found


def dedupe_key(kind: EmailKind, subject: str, subject_id: int | str, advocate_id: int) -> str:
    """One message per (event, recipient), whatever retries or replays happen."""
    return f"{kind.value}:{subject}:{subject_id}:a{advocate_id}"


# Every kind but sign-in links (asked for by the person) may be switched off per campaign.
SWITCHABLE = tuple(kind for kind in EmailKind if kind not in TRANSACTIONAL)


def emails_off(current: Sequence[str], kind: EmailKind, enabled: bool) -> list[str]:
    """A campaign's switched-off kinds after turning `kind` on or off, in a stable order."""
    if kind not in SWITCHABLE:
        raise InvalidInput("Sign-in links cannot be switched off.", field="kind")
    off = {k for k in current if k in {s.value for s in SWITCHABLE}} - {kind.value}
    if not enabled:
        off.add(kind.value)
    return [k.value for k in SWITCHABLE if k.value in off]


def is_switched_on(kind: EmailKind, off: Sequence[str]) -> bool:
    return kind not in SWITCHABLE or kind.value not in off


def may_send(kind: EmailKind, suppressed: SuppressionReason | None) -> bool:
    """Unsubscribed: only transactional mail. Bounced or complained: nothing."""
    if suppressed is None:
        return True
    return suppressed is SuppressionReason.UNSUBSCRIBED and kind in TRANSACTIONAL


def is_hard_bounce(code: int) -> bool:
    return 500 <= code < 600


# ---- the re-engagement nudge ------------------------------------------------------------------

MAX_NUDGE_DAYS = 365
MAX_NUDGE_STEPS = 10
MIN_NUDGE_GAP = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Cadence:
    """Nudges `days` after joining (ascending), then one every `repeat_days` (0: no more)."""

    days: tuple[int, ...] = (3, 14)
    repeat_days: int = 30
    enabled: bool = True


def validate_cadence(days: Sequence[int], repeat_days: int) -> Cadence:
    if len(days) > MAX_NUDGE_STEPS:
        raise InvalidInput(f"At most {MAX_NUDGE_STEPS} nudge days.", field="days")
    if any(not 1 <= d <= MAX_NUDGE_DAYS for d in days) or list(days) != sorted(set(days)):
        raise InvalidInput(
            f"Nudge days are distinct, ascending, between 1 and {MAX_NUDGE_DAYS}.", field="days"
        )
    if repeat_days != 0 and not 30 <= repeat_days <= MAX_NUDGE_DAYS:
        raise InvalidInput(
            "Repeat at most monthly: 0 (never) or 30 to 365 days.", field="repeatDays"
        )
    return Cadence(days=tuple(days), repeat_days=repeat_days)


def nudge_due_at(step: int, joined_at: datetime, cadence: Cadence) -> datetime | None:
    """When nudge number `step` (1-based) falls due; None when the cadence has no such step."""
    if step < 1:
        return None
    if step <= len(cadence.days):
        return joined_at + timedelta(days=cadence.days[step - 1])
    if cadence.repeat_days <= 0:
        return None
    last_fixed = cadence.days[-1] if cadence.days else 0
    extra = step - len(cadence.days)
    return joined_at + timedelta(days=last_fixed + extra * cadence.repeat_days)


def latest_step(joined_at: datetime, now: datetime, cadence: Cadence) -> int:
    """The highest nudge step already due at `now` (0: none yet)."""
    elapsed = now - joined_at
    fixed = sum(1 for d in cadence.days if timedelta(days=d) <= elapsed)
    if fixed < len(cadence.days) or cadence.repeat_days <= 0:
        return fixed
    since = elapsed - timedelta(days=cadence.days[-1] if cadence.days else 0)
    return fixed + max(since // timedelta(days=cadence.repeat_days), 0)


def nudge_due(
    *,
    joined_at: datetime,
    now: datetime,
    cadence: Cadence,
    last_step: int,
    last_sent_at: datetime | None,
    shared: bool,
    unsubscribed: bool,
) -> int | None:
    """The nudge step to send now, or None. Nothing once the advocate has shared (a click
    or a referral) or unsubscribed; missed steps are skipped (one nudge, never a burst);
    never two nudges within `MIN_NUDGE_GAP`, nor periodic ones closer than `repeat_days`."""
    if not cadence.enabled or shared or unsubscribed:
        return None
    step = latest_step(joined_at, now, cadence)
    if step <= last_step:
        return None
    if last_sent_at is not None:
        gap = timedelta(days=cadence.repeat_days) if step > len(cadence.days) else MIN_NUDGE_GAP
        if now - last_sent_at < gap:
            return None
    return step


# ---- forms and branding -------------------------------------------------------------------------


def check_form_age(issued_at: datetime, now: datetime) -> None:
    """A join form submitted faster than a person types, or left open for hours, is refused."""
    age = now - issued_at
    if age < FORM_MIN_AGE:
        raise InvalidInput(
            "The form was sent too fast; wait a moment and send it again.", field="formToken"
        )
    if age > FORM_MAX_AGE:
        raise InvalidInput("The form has expired; reload the page.", field="formToken")


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


_HTTPS = frozenset({"https"})


def validate_logo_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    url = value.strip()
    parts = urls.absolute_http(url, schemes=_HTTPS)
    if len(url) > 2000 or parts is None:
        raise InvalidInput("The logo is an https URL of at most 2000 characters.", field="logoUrl")
    if parts.username or parts.password:
        raise InvalidInput("Credentials in the URL are not allowed.", field="logoUrl")
    return url


def validate_accent(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not _COLOUR.fullmatch(value.strip()):
        raise InvalidInput("The accent colour is #rrggbb.", field="accentColor")
    return value.strip().lower()


def validate_sender_name(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    name = value.strip()
    if len(name) > 80 or any(ord(c) < 32 or c in '"<>' for c in name):
        raise InvalidInput(
            "The sender name is at most 80 characters, without control characters, quotes "
            "or angle brackets.",
            field="senderName",
        )
    return name
