"""Injectable time: services ask a clock, so holds, windows and schedules are testable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to (tests, rehearsals)."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


MIN_YEAR, MAX_YEAR = 1970, 9000


def as_utc(value: datetime, field: str) -> datetime:
    """A client-given instant in UTC; naive or absurd dates are input errors, not crashes."""
    from server.errors import InvalidInput

    if value.tzinfo is None:
        raise InvalidInput("Give a time zone, e.g. 2026-03-01T12:00:00Z.", field=field)
    try:
        converted = value.astimezone(UTC)
    except OverflowError:
        converted = None
    if converted is None or not MIN_YEAR <= converted.year <= MAX_YEAR:
        raise InvalidInput(f"Give a date between {MIN_YEAR} and {MAX_YEAR}.", field=field)
    return converted
