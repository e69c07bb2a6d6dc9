"""Which failures count as "unavailable, retry" rather than a bug."""

from __future__ import annotations

import logging
import sqlite3

import asyncpg  # type: ignore[import-untyped]
import pytest
from tortoise.exceptions import IntegrityError, OperationalError

from server.errors import Conflict
from server.transient import Throttled, is_transient, retrying


def _wrapped(inner: BaseException, outer: type[Exception]) -> Exception:
    try:
        try:
            raise inner
        except BaseException as exc:
            raise outer(exc)  # noqa: B904 - chained implicitly, as Tortoise does
    except Exception as exc:
        return exc


@pytest.mark.parametrize(
    "error",
    [
        _wrapped(sqlite3.OperationalError("database is locked"), OperationalError),
        sqlite3.OperationalError("unable to open database file"),
        asyncpg.exceptions.SerializationError("could not serialize access"),
        asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
        asyncpg.exceptions.CannotConnectNowError("the database system is shutting down"),
        asyncpg.exceptions.AdminShutdownError("terminating connection"),
        ConnectionResetError(104, "Connection reset by peer"),
        ConnectionRefusedError(111, "Connection refused"),
        asyncpg.exceptions.ReadOnlySQLTransactionError("cannot execute INSERT in a read-only"),
        sqlite3.OperationalError("attempt to write a readonly database"),
        # A pooled connection the database ended while it shut down (seen as "email delivery
        # failed" with a traceback during an outage, not "skipped, database unavailable").
        asyncpg.InternalClientError(
            "cannot switch to state 12; another operation (2) is in progress"
        ),
    ],
)
def test_outages_and_contention_are_transient(error: BaseException) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad"),
        sqlite3.OperationalError("no such table: x"),
        _wrapped(sqlite3.IntegrityError("UNIQUE constraint failed"), IntegrityError),
        asyncpg.exceptions.UniqueViolationError("duplicate key"),
        asyncpg.InternalClientError("could not determine the database address to connect to"),
        # A deliberate answer given while handling an outage stays that answer.
        _wrapped(ConnectionResetError(104, "reset"), Conflict),
    ],
)
def test_bugs_and_answers_are_not(error: BaseException) -> None:
    assert not is_transient(error)


async def test_retrying_repeats_transient_failures_only() -> None:
    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert await retrying(flaky, first_delay=0) == "done" and calls == 3

    async def broken() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("a bug")

    calls = 0
    with pytest.raises(ValueError, match="a bug"):
        await retrying(broken, first_delay=0)
    assert calls == 1


def test_throttled_logs_once_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    report = Throttled(logging.getLogger("vouch.test"), interval=3600)
    with caplog.at_level(logging.WARNING, logger="vouch.test"):
        assert report.warning("lost %s", "a")
        assert not report.warning("lost %s", "b")
    assert len(caplog.records) == 1
