"""Pure outbox decisions shared by every outbound stream: retry backoff and claim bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff: `base`, 2x`base`, 4x`base` ... capped at `cap`, for `max_attempts`
    deliveries in all (the first try included)."""

    max_attempts: int
    base: timedelta
    cap: timedelta

    def delay(self, attempts: int) -> timedelta:
        delay: timedelta = min(self.base * 2 ** max(attempts - 1, 0), self.cap)
        return delay

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """When a row that failed its `attempts`-th delivery may be tried again; None once
        the attempts are used up (the row is given up)."""
        if attempts >= self.max_attempts:
            return None
        return now + self.delay(attempts)

    def total(self) -> timedelta:
        """How long a row is retried before it is given up."""
        return sum((self.delay(n) for n in range(1, self.max_attempts)), timedelta())
