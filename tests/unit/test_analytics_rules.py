from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.analytics import rules
from server.analytics.rules import Interval, Period
from server.errors import InvalidInput


def _at(y: int, m: int, d: int, h: int = 0) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def test_day_week_and_month_buckets() -> None:
    assert rules.buckets(_at(2026, 3, 1), _at(2026, 3, 4), Interval.DAY) == [
        date(2026, 3, 1),
        date(2026, 3, 2),
        date(2026, 3, 3),
    ]
    # 2026-03-01 is a Sunday: its week starts Monday 23 February.
    assert rules.buckets(_at(2026, 3, 1), _at(2026, 3, 10), Interval.WEEK) == [
        date(2026, 2, 23),
        date(2026, 3, 2),
        date(2026, 3, 9),
    ]
    assert rules.buckets(_at(2025, 12, 31), _at(2026, 2, 1, 1), Interval.MONTH) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_bucket_limits() -> None:
    with pytest.raises(InvalidInput):
        rules.buckets(_at(2026, 3, 2), _at(2026, 3, 1), Interval.DAY)
    with pytest.raises(InvalidInput):
        rules.buckets(_at(2020, 1, 1), _at(2026, 1, 1), Interval.DAY)


def test_periods_and_rates() -> None:
    now = _at(2026, 3, 31)
    assert rules.period_start(Period.ALL, now) is None
    assert rules.period_start(Period.WEEK, now) == _at(2026, 3, 24)
    assert rules.period_start(Period.MONTH, now) == _at(2026, 3, 1)
    assert rules.rate(1, 4) == 0.25 and rules.rate(3, 0) is None
