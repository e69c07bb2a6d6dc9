"""How a subscription learns that a notification row was committed.

PostgreSQL: the outbox write sends NOTIFY in its own transaction (delivered on commit, never
for a rollback) and one LISTEN connection per process wakes every waiting subscriber. Polling
stays as the fallback: while the listener is down, and always on SQLite.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server import db

log = logging.getLogger("vouch.notifications")
CHANNEL = "vouch_notification"
# While listening, a poll only guards against a lost notification (e.g. a reconnect).
LISTENING_POLL_SECONDS = 30.0


async def announce(conn: BaseDBAsyncClient) -> None:
    """Call in the transaction that writes a notification row."""
    if conn.capabilities.dialect == "postgres":
        await conn.execute_query("SELECT pg_notify($1, '')", [CHANNEL])


class _Listener:
    def __init__(self) -> None:
        self._conn: Any = None
        self._waiters: set[asyncio.Event] = set()
        self._connecting = asyncio.Lock()

    def _wake(self, *_args: object) -> None:
        for event in self._waiters:
            event.set()

    async def _listening(self) -> bool:
        if self._conn is not None and not self._conn.is_closed():
            return True
        async with self._connecting:
            if self._conn is not None and not self._conn.is_closed():
                return True
            import asyncpg  # type: ignore[import-untyped]

            client: Any = db.connection()
            try:
                conn = await asyncpg.connect(
                    host=client.host,
                    port=client.port,
                    user=client.user,
                    password=client.password,
                    database=client.database,
                    timeout=5,
                )
                await conn.add_listener(CHANNEL, self._wake)
            except Exception as exc:
                log.warning("LISTEN unavailable, subscriptions poll: %s", exc)
                return False
            # Anything committed while we were not listening is found by the next read.
            conn.add_termination_listener(self._wake)
            self._conn = conn
            return True

    async def wait(self, poll_seconds: float) -> None:
        if not await self._listening():
            await asyncio.sleep(poll_seconds)
            return
        event = asyncio.Event()
        self._waiters.add(event)
        try:
            await asyncio.wait_for(event.wait(), max(poll_seconds, LISTENING_POLL_SECONDS))
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(event)


_listeners: dict[int, _Listener] = {}


async def wait_for_new(poll_seconds: float) -> None:
    """Return when a notification may have been committed, or after the poll interval."""
    if db.dialect() != "postgres":
        await asyncio.sleep(poll_seconds)
        return
    loop = id(asyncio.get_running_loop())  # an asyncpg connection belongs to one loop
    listener = _listeners.get(loop)
    if listener is None:
        listener = _listeners[loop] = _Listener()
    await listener.wait(poll_seconds)
