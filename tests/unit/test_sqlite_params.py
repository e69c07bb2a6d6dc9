"""sqlite3 binds None, bools and datetimes through server.sqlite_params' adapters exactly as
it bound them before: NULL, 0 or 1, and Tortoise's `isoformat(" ")` text."""

from __future__ import annotations

import operator
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from server import sqlite_engine, sqlite_params


def test_the_engine_registers_them() -> None:
    assert sqlite_engine.client_class is not None  # imported: registered
    with sqlite3.connect(":memory:") as conn:
        assert sqlite3.adapters[(bool, sqlite3.PrepareProtocol)] is operator.index
        row = conn.execute("SELECT ?, typeof(?), ?, ?, typeof(?)", [None, None, True, False, True])
        assert row.fetchone() == (None, "null", 1, 0, "integer")


def test_datetimes_are_written_as_before() -> None:
    sqlite_params.register()
    moments = [
        datetime(2026, 12, 2, 9, 30, 5, 123456, tzinfo=UTC),
        datetime(2026, 12, 2, 9, 30, 5, tzinfo=UTC),  # no fraction: none written
        datetime(2026, 12, 2, 9, 30, 5, 7, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 12, 2, 9, 30, 5, 7, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2026, 12, 2, 9, 30, 5, 7),  # naive
    ]
    with sqlite3.connect(":memory:") as conn:
        for moment in moments:
            for _twice in range(2):  # the second from the cache
                (text,) = conn.execute("SELECT ?", [moment]).fetchone()
                assert text == moment.isoformat(" ")


def test_the_cache_stays_bounded_and_keyed_by_object() -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(sqlite_params._TEXTS_MAX * 3):
        moment = base + timedelta(seconds=i)
        assert sqlite_params.datetime_text(moment) == moment.isoformat(" ")
    assert len(sqlite_params._TEXTS) <= sqlite_params._TEXTS_MAX
    # An equal instant in another zone is another object: its own text.
    east = base.astimezone(timezone(timedelta(hours=2)))
    assert sqlite_params.datetime_text(base) == "2026-01-01 00:00:00+00:00"
    assert sqlite_params.datetime_text(east) == "2026-01-01 02:00:00+02:00"
