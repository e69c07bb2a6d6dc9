"""How a subscription learns that a notification row was committed.

PostgreSQL: the outbox write sends NOTIFY in its own transaction (delivered on commit, never
for a rollback) and one LISTEN connection per process wakes every waiting subscriber. Polling
stays as the fallback: while the listener is down, and always on SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server import db

log = logging.getLogger("vouch.notifications")
CHANNEL = "vouch_notification"
# While listening, a poll only guards against a lost notification (e.g. a reconnect).
LISTENING_POLL_SECONDS = 30.0
CONNECT_SECONDS = 5.0


async def announce(conn: BaseDBAsyncClient) -> None:
    """Call in the transaction that writes a notification row."""
    if conn.capabilities.dialect == "postgres":
        await conn.execute_query("SELECT pg_notify($1, '')", [CHANNEL])


class _Listener:
    """One LISTEN connection per process (per event loop), shared by every subscriber."""

    def __init__(self) -> None:
        self._conn: Any = None
        self.waiters: weakref.WeakSet[Waiter] = weakref.WeakSet()
        self._connecting = asyncio.Lock()

    def _wake(self, *_args: object) -> None:
        for waiter in list(self.waiters):
            waiter.event.set()

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    async def connect(self) -> bool:
        async with self._connecting:
            if self.connected:
                return True
            from server.sql.pg_writer import own_connection

            client: Any = db.connection()
            try:
                # With the URL's options (ssl, timeouts, application_name), as every other.
                conn = await asyncio.wait_for(own_connection(client), CONNECT_SECONDS)
                await conn.add_listener(CHANNEL, self._wake)
            except Exception as exc:
                log.warning("LISTEN unavailable, subscriptions poll: %s", exc)
                return False
            conn.add_termination_listener(self._wake)  # lost: everyone reads, then polls
            self._conn = conn
            return True


_listeners: dict[int, _Listener] = {}


def _listener() -> _Listener:
    loop = id(asyncio.get_running_loop())  # an asyncpg connection belongs to one loop
    if loop not in _listeners:
        _listeners[loop] = _Listener()
    return _listeners[loop]


class Waiter:
    """One subscriber's wake-up. Create it before the first read, so a row committed after
    that read wakes it; it stops listening when the subscriber is gone."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self._listener = _listener() if db.dialect() == "postgres" else None
        if self._listener is not None:
            self._listener.waiters.add(self)

    async def wait(self, poll_seconds: float, *, at_most: float | None = None) -> None:
        """Return when a notification may have been committed, or after the poll interval
        (while listening, the longer fallback interval, but never longer than `at_most`)."""
        listener = self._listener
        if listener is None:
            await asyncio.sleep(poll_seconds)
            return
        if not listener.connected:
            if await listener.connect():
                return  # (re)connected: read once, for rows committed before LISTEN
            await asyncio.sleep(poll_seconds)
            return
        with contextlib.suppress(TimeoutError):
            timeout = max(poll_seconds, LISTENING_POLL_SECONDS)
            if at_most is not None:
                timeout = min(timeout, max(at_most, poll_seconds))
            await asyncio.wait_for(self.event.wait(), timeout)
        self.event.clear()
