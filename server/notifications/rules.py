"""Pure outbox decisions: claim limits, retry backoff."""

from __future__ import annotations

from datetime import datetime, timedelta

from server.errors import InvalidInput
from server.outbox.rules import RetryPolicy

MAX_BATCH = 50
MAX_LEASE_SECONDS = 600
MAX_ATTEMPTS = 10
_BASE_BACKOFF = timedelta(seconds=30)
_MAX_BACKOFF = timedelta(hours=1)


def validate_claim(limit: int, lease_seconds: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_BATCH:
        raise InvalidInput(f"Claim 1-{MAX_BATCH} notifications at a time.", field="limit")
    if not 5 <= lease_seconds <= MAX_LEASE_SECONDS:
        raise InvalidInput(f"A lease lasts 5-{MAX_LEASE_SECONDS} seconds.", field="leaseSeconds")
    return limit, lease_seconds


RETRY = RetryPolicy(max_attempts=MAX_ATTEMPTS, base=_BASE_BACKOFF, cap=_MAX_BACKOFF)


def next_attempt(attempts: int, now: datetime) -> datetime | None:
    """Exponential backoff after a failed delivery; None once the attempts are used up."""
    return RETRY.next_attempt(attempts, now)
