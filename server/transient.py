"""Which failures are an outage or a passing contention (retry later) rather than a bug.

A database that is down, restarting or busy surfaces as many exception types: a refused
connection, asyncpg's connection errors, PostgreSQL's serialization failure or deadlock,
SQLite's "database is locked", each possibly wrapped by Tortoise. `is_transient` looks through
the whole chain; `retrying` re-runs work that is safe to repeat.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

from server.errors import DomainError, ServiceUnavailable

T = TypeVar("T")
log = logging.getLogger("vouch.transient")

RETRY_AFTER_SECONDS = 5
MESSAGE = "The service is briefly unavailable; retry shortly."

# SQLSTATE classes and codes that mean "not now": connection exceptions (08), insufficient
# resources (53), operator intervention such as an admin shutdown (57P), lock not available
# (55P03), serialization failure (40001), deadlock (40P01), and a database taking no writes
# (25006: a standby after a failover, read-only maintenance, a provider's full-disk guard).
_SQLSTATE_PREFIXES = ("08", "53", "57P")
_SQLSTATES = {"40001", "40P01", "55P03", "57014", "25006"}
_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EPIPE,
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ETIMEDOUT,
}
_SQLITE_MESSAGES = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "unable to open database file",
    "disk i/o error",
    # SQLITE_FULL: the disk (or the file size limit) is full. Writes fail until space is
    # freed, reads go on: an outage to answer 503 for, not a bug (a 500 and a traceback).
    "database or disk is full",
    "attempt to write a readonly database",  # a read-only mount, an immutable file
)
_CLOSED_MESSAGES = (
    "connection is closed",
    "connection was closed",
    "pool is closing",
    # asyncpg's InternalClientError when its server ended the connection (a shutdown, a
    # restart) and it has not caught up yet: "cannot switch to state 12; another operation
    # (2) is in progress" at the next statement.
    "cannot switch to state",
)
_TRANSIENT_NAMES = {
    "DBConnectionError",  # Tortoise: cannot connect
    "ConnectionDoesNotExistError",  # asyncpg: the server went away mid-query
    "CannotConnectNowError",
    "TooManyConnectionsError",
    "ConnectionFailureError",
    "ClientConfigurationError",
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 10:
        seen.add(id(current))
        yield current
        if isinstance(current, DomainError):
            return  # a deliberate answer, whatever it was handling
        current = current.__cause__ or current.__context__


def _one(exc: BaseException) -> bool:
    if isinstance(exc, ServiceUnavailable):
        return True
    if isinstance(exc, ConnectionError | TimeoutError):
        return True
    if isinstance(exc, OSError) and exc.errno in _ERRNOS:
        return True
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(sqlstate, str) and (
        sqlstate in _SQLSTATES or sqlstate.startswith(_SQLSTATE_PREFIXES)
    ):
        return True
    if type(exc).__name__ in _TRANSIENT_NAMES:
        return True
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) or "sqlite" in type(exc).__module__:
        return any(m in text for m in _SQLITE_MESSAGES)
    module = type(exc).__module__
    if module.startswith(("tortoise", "asyncpg")):
        return any(m in text for m in (*_SQLITE_MESSAGES, *_CLOSED_MESSAGES))
    return False


def is_transient(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) means "the database is unavailable or busy"."""
    return any(_one(e) for e in _chain(exc))


def unavailable() -> ServiceUnavailable:
    """The typed error a caller sees for a transient failure (details go to the log)."""
    return ServiceUnavailable(MESSAGE, retry_after=RETRY_AFTER_SECONDS)


async def retrying(
    work: Callable[[], Awaitable[T]], *, attempts: int = 3, first_delay: float = 0.05
) -> T:
    """Run `work` (safe to repeat: a read, or a transaction that rolled back as a whole),
    again after a short pause on a transient failure. The last failure propagates."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except Exception as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            log.info("transient failure, retry %d of %d: %s", attempt, attempts - 1, exc)
            await asyncio.sleep(delay)
            delay *= 4
    raise AssertionError("unreachable")  # pragma: no cover


class Throttled:
    """Log a recurring condition at most once per `interval` seconds, with how often it
    happened since the last line."""

    def __init__(self, logger: logging.Logger, interval: float = 60.0) -> None:
        self._log = logger
        self._interval = interval
        self._last = -float("inf")
        self._since = 0

    def warning(self, message: str, *args: object) -> bool:
        self._since += 1
        now = time.monotonic()
        if now - self._last < self._interval:
            return False
        self._log.warning(message + " (%d time(s) since the last report)", *args, self._since)
        self._last, self._since = now, 0
        return True


class _QuietOutage(logging.Filter):
    """A library's per-attempt reconnect traceback becomes one line per interval."""

    def __init__(self, interval: float) -> None:
        super().__init__()
        self._interval = interval
        self._last = -float("inf")

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not is_transient(error):
            return True
        now = time.monotonic()
        if now - self._last < self._interval:
            return False
        self._last = now
        record.msg = f"{record.getMessage()}: {error}"
        record.args, record.exc_info, record.exc_text = None, None, None
        return True


def quiet_library_outage_logs(interval: float = 60.0) -> None:
    """asyncpg's pool logs a traceback for every failed reconnect while the database is down."""
    pool = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, _QuietOutage) for f in pool.filters):
        pool.addFilter(_QuietOutage(interval))
