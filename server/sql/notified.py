"""PostgreSQL: a per-process cache that a NOTIFY channel empties, used only while listening.

Database triggers `pg_notify` the channel in the transaction that changes what the cache holds
(delivered on commit, never for a rollback); every notification empties the whole cache (the
changes are rare). Other workers therefore see a change within the notification's delivery,
milliseconds after its commit. This process sees its own changes at once: the hooks in
`local_writes` (server/postgres_engine.py's LINK_WRITES: a pooled connection's statement that
may change a link or a campaign, once committed) empty the cache before its caller goes on.

The cache answers only while its LISTEN connection (one of its own, outside the pool) is up.
When that connection is lost (closed by the server, or a periodic ping fails) the cache is
emptied and not used; a background task reconnects with backoff, and only once LISTEN is in
place again is the cache used, empty. Meanwhile every lookup reads the database.

No stale store: `generation` is bumped by every notification, every local write and every
loss or reconnect. A value read from the database is stored only if the generation is still
the one taken (`start`) before its read began, so a change committed during the read cannot
be overwritten by what the read found before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from server.postgres_engine import VouchAsyncpgClient
from server.sql.pg_writer import own_connection

log = logging.getLogger("vouch.sql")
V = TypeVar("V")

# Between pings of the LISTEN connection: a connection that died silently (no FIN or RST) is
# noticed within this, plus the ping's time limit.
PING_SECONDS = 10.0
PING_TIMEOUT = 5.0
# Reconnect backoff, doubled after each failure up to the maximum.
RETRY_FIRST_SECONDS = 0.2
RETRY_MAX_SECONDS = 10.0


class NotifiedCache(Generic[V]):
    """Key -> value, emptied by each notification on `channel`; bounded (emptied when full)."""

    def __init__(
        self,
        client: VouchAsyncpgClient,
        channel: str,
        local_writes: list[Callable[[], None]],
        max_entries: int = 20_000,
    ):
        self._client = client
        self.channel = channel
        self._max = max_entries
        self._entries: dict[Hashable, V] = {}
        self.generation = 0
        self.listening = False
        self.server_pid: int | None = None  # the LISTEN connection's backend, while listening
        self.last_payload: str | None = None  # of the last notification (delivered in order)
        self._closed = False
        self._lost: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._local_writes = local_writes
        local_writes.append(self.forget)

    def get(self, key: Hashable) -> V | None:
        """The cached value, or None (a miss, or not listening)."""
        return self._entries.get(key) if self.listening else None

    def start(self) -> int | None:
        """Before a database read whose answer may be stored: the generation to pass to
        `store`, or None while the cache is not in use."""
        return self.generation if self.listening else None

    def store(self, generation: int | None, keys: list[Hashable], value: V) -> None:
        """Keep `value` under `keys` if nothing changed since `start` returned `generation`."""
        if generation is None or generation != self.generation or not self.listening:
            return
        if len(self._entries) + len(keys) > self._max:
            self._entries.clear()
        for key in keys:
            self._entries[key] = value

    def forget(self, *_args: object) -> None:
        """Something the cache may hold changed (a notification, or a write of this process)."""
        self.generation += 1
        self._entries.clear()

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        self.last_payload = payload
        self.forget()

    def ensure_started(self) -> None:
        """Start listening; again on another event loop (a listener belongs to one loop)."""
        loop = asyncio.get_running_loop()
        task = self._task
        if task is not None and (task.done() or task.get_loop() is not loop):
            self._lost = None  # (of that loop)
            self._on_lost()  # its loop ended: nothing listens for this one
            task = None
        if task is None and not self._closed:
            self._task = loop.create_task(self._run())

    def _on_lost(self, *_args: object) -> None:
        self.listening = False
        self.server_pid = None
        self.forget()
        if self._lost is not None:
            self._lost.set()

    async def _run(self) -> None:
        delay = RETRY_FIRST_SECONDS
        while not self._closed:
            conn: Any = None
            try:
                conn = await asyncio.wait_for(own_connection(self._client), PING_TIMEOUT)
                lost = self._lost = asyncio.Event()  # of this loop
                conn.add_termination_listener(self._on_lost)
                await conn.add_listener(self.channel, self._notified)
                self.forget()  # notifications may have been missed while not listening
                self.server_pid = conn.get_server_pid()
                self.listening = True
                delay = RETRY_FIRST_SECONDS
                await self._watch(conn, lost)
                if not self._closed:
                    log.warning("%s: LISTEN connection lost, reading the database", self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # logged once per loss, not once per failed reconnect
                if self.listening:
                    log.warning("%s: LISTEN failed, reading the database: %s", self.channel, exc)
            finally:
                self._on_lost()
                if conn is not None:
                    conn.terminate()
            if self._closed:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)

    async def _watch(self, conn: Any, lost: asyncio.Event) -> None:
        """Returns when the connection is lost or stops answering pings."""
        while not conn.is_closed():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lost.wait(), PING_SECONDS)
                return
            await asyncio.wait_for(conn.fetchval("SELECT 1"), PING_TIMEOUT)

    async def close(self) -> None:
        self._closed = True
        self._on_lost()
        with contextlib.suppress(ValueError):
            self._local_writes.remove(self.forget)
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
