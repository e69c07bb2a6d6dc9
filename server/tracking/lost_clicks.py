"""Clicks a friend made that could not be recorded (database or rate-limit storage down).

The friend is redirected anyway; this counter is what an operator (and `/metrics`) sees.
A process-wide counter: one per worker, summed by whoever scrapes the workers.
"""

from __future__ import annotations

import logging
from collections import Counter

from server import metrics
from server.transient import Throttled

log = logging.getLogger("vouch.tracking")
LOG_INTERVAL_SECONDS = 60.0

_counts: Counter[str] = Counter()
_report = Throttled(log, LOG_INTERVAL_SECONDS)


def count(reason: str, error: BaseException | None = None) -> None:
    """One click not recorded because of `reason` ("database", ...); logs at most once a minute."""
    _counts[reason] += 1
    metrics.LOST_CLICKS.inc()
    _report.warning("clicks not recorded (%s: %s); friends were redirected anyway", reason, error)


def total() -> int:
    return sum(_counts.values())


def by_reason() -> dict[str, int]:
    return dict(_counts)
