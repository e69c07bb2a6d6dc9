"""Where hot-path statements run.

SQLite (a file): click batches have a write connection of their own (`click_writer`);
autocommit reads go to a plain sqlite3 connection of their own, run inline on
the event loop, so they never queue behind Tortoise's single connection while it holds a write
transaction (WAL lets readers proceed). Inside a transaction (a use-case, or a launch
preflight's simulation that is rolled back) they run on that transaction, so they see its
uncommitted rows. PostgreSQL: committed reads on a few connections of our own (no pool
acquire and release around each statement), writes on Tortoise's pool or the current
transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient

from server import db
from server.postgres_engine import VouchAsyncpgClient
from server.sql import Dialect, Statement, TortoiseExecutor, trace
from server.sql.click_writer import SqliteWriter, open_writer
from server.sqlite_engine import ImmediateSqliteClient

# Committed-read connections per process on PostgreSQL (beside Tortoise's pool).
READ_CONNECTIONS = 4


class InlineSqliteReader:
    """Reads on a plain sqlite3 connection, run on the event loop's own thread.

    A read of committed data in WAL mode never waits for a writer, and the statements read
    here are index lookups and rollup sums (tens of microseconds): handing each to a thread,
    as aiosqlite does, would cost more than running it."""

    __slots__ = ("conn",)
    dialect: Dialect = "sqlite"
    committed = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        return [dict(r) for r in self.conn.execute(stmt.sqlite, params).fetchall()]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        raise TypeError("the read connection does not write")

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        raise TypeError("the read connection does not write")

    async def close(self) -> None:
        self.conn.close()


def _open_reader(client: ImmediateSqliteClient) -> InlineSqliteReader:
    conn = sqlite3.connect(client.filename, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    for pragma, value in client.pragmas.items():
        if pragma in {"busy_timeout", "journal_mode"}:
            conn.execute(f"PRAGMA {pragma}={value}")
    conn.execute("PRAGMA query_only=1")
    return InlineSqliteReader(conn)


class PostgresReader:
    """Committed reads on up to `size` asyncpg connections of its own, opened on demand.

    Through Tortoise each statement acquires a pooled connection and releases it (two wrapper
    layers, the pool's queue, its proxy and its reset), several times the CPU of the statement
    itself; here a free connection is taken from a list. asyncpg prepares each statement once
    per connection. A connection that fails or is cancelled mid-statement is dropped (its state
    is unknown); the next read opens another."""

    __slots__ = ("_busy", "_client", "_idle", "_size", "_waiters")
    dialect: Dialect = "postgres"
    committed = True

    def __init__(self, client: VouchAsyncpgClient, size: int) -> None:
        self._client = client
        self._size = size
        self._idle: list[Any] = []
        self._busy = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        conn = await self._acquire()
        try:
            records = await conn.fetch(stmt.postgres, *params)
        except BaseException:
            self._drop(conn)
            raise
        self._release(conn)
        return [dict(r) for r in records]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        raise TypeError("the read connection does not write")

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        raise TypeError("the read connection does not write")

    async def _acquire(self) -> Any:
        while not self._idle and self._busy >= self._size:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                if not waiter.cancelled() and waiter.done():
                    self._wake()  # woken, then cancelled: pass the turn on
                raise
        self._busy += 1
        if self._idle:
            return self._idle.pop()
        try:
            return await self._connect()
        except BaseException:
            self._busy -= 1
            self._wake()
            raise

    async def _connect(self) -> Any:
        import asyncpg  # type: ignore[import-untyped]

        c = self._client
        return await asyncpg.connect(
            host=c.host,
            port=c.port,
            user=c.user,
            password=c.password,
            database=c.database,
            server_settings=c.server_settings,
        )

    def _release(self, conn: Any) -> None:
        self._busy -= 1
        self._idle.append(conn)
        self._wake()

    def _drop(self, conn: Any) -> None:
        self._busy -= 1
        conn.terminate()
        self._wake()

    def _wake(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            try:
                await conn.close(timeout=2)
            except Exception:
                conn.terminate()


async def reader() -> TortoiseExecutor | InlineSqliteReader | PostgresReader:
    """An executor for reads: committed data outside a transaction, the transaction's inside."""
    client = db.connection()
    if isinstance(client, VouchAsyncpgClient) and not isinstance(client, TransactionalDBClient):
        found_pg = client.extras.get("reader")
        if found_pg is None:
            found_pg = client.extras["reader"] = PostgresReader(client, READ_CONNECTIONS)
        assert isinstance(found_pg, PostgresReader)
        return found_pg
    if (
        isinstance(client, ImmediateSqliteClient)
        and not isinstance(client, TransactionalDBClient)
        and client.filename != ":memory:"
    ):
        found = client.extras.get("reader")
        if found is None:
            found = client.extras["reader"] = _open_reader(client)
        assert isinstance(found, InlineSqliteReader)
        return found
    return TortoiseExecutor(client)


async def click_writer() -> SqliteWriter | None:
    """SQLite on a file: the connection click batches are written on (server/sql/click_writer.py);
    None elsewhere (PostgreSQL's pool already gives each batch its own connection)."""
    client = db.connection()
    if not isinstance(client, ImmediateSqliteClient) or client.filename == ":memory:":
        return None
    found = client.extras.get("clicks")
    if found is None:
        opened = await open_writer(client.filename, client.pragmas, client.turn)
        # Another task may have opened one while this one waited.
        found = client.extras.setdefault("clicks", opened)
        if found is not opened:
            await opened.close()
    assert isinstance(found, SqliteWriter)
    return found
