"""Pure analytics shaping: time buckets and their gaps, rates, leaderboard periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from server.errors import InvalidInput

MAX_BUCKETS = 400


class Interval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Period(StrEnum):
    ALL = "all"
    MONTH = "month"
    WEEK = "week"


def bucket_start(day: date, interval: Interval) -> date:
    if interval is Interval.DAY:
        return day
    if interval is Interval.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_bucket(start: date, interval: Interval) -> date:
    if interval is Interval.DAY:
        return start + timedelta(days=1)
    if interval is Interval.WEEK:
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def buckets(frm: datetime, to: datetime, interval: Interval) -> list[date]:
    """Every bucket from the one holding `frm` up to the one holding the instant before `to`."""
    if to <= frm:
        raise InvalidInput("'to' must be after 'from'.", field="to")
    cur = bucket_start(frm.astimezone(UTC).date(), interval)
    last = bucket_start((to - timedelta(microseconds=1)).astimezone(UTC).date(), interval)
    out: list[date] = []
    while cur <= last:
        out.append(cur)
        if len(out) > MAX_BUCKETS:
            raise InvalidInput(
                f"At most {MAX_BUCKETS} buckets; widen the interval.", field="interval"
            )
        cur = next_bucket(cur, interval)
    return out


def period_start(period: Period, now: datetime) -> datetime | None:
    """Rolling windows: 'week' is the last 7 days, 'month' the last 30."""
    if period is Period.ALL:
        return None
    return now - timedelta(days=7 if period is Period.WEEK else 30)


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def check_range(frm: datetime | None, to: datetime | None) -> None:
    if frm is not None and to is not None and to <= frm:
        raise InvalidInput("'to' must be after 'from'.", field="to")
