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

import sqlite3
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient

from server import db
from server.postgres_engine import VouchAsyncpgClient
from server.sql import Dialect, Statement, TortoiseExecutor, trace
from server.sql.click_writer import SqliteWriter, open_writer
from server.sqlite_engine import ImmediateSqliteClient

# Committed-read connections per process on PostgreSQL (beside Tortoise's pool, which takes
# the reads that find them all busy).
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
    layers, the pool's queue, its proxy), more CPU than the statement itself; here a free
    connection is taken from a list. When all are busy the read goes to Tortoise's pool
    rather than wait. asyncpg prepares each statement once per connection. A connection whose
    read raised or was cancelled (a request's time limit: even between asyncpg's prepare and
    its Bind, when the server still holds the table locks) is terminated, never reused; the
    next read opens another. One still busy when the reader closes is closed when it is done."""

    __slots__ = ("_busy", "_client", "_closed", "_idle", "_pool", "_size")
    dialect: Dialect = "postgres"
    committed = True

    def __init__(self, client: VouchAsyncpgClient, size: int) -> None:
        self._client = client
        self._pool = TortoiseExecutor(client)
        self._size = size
        self._idle: list[Any] = []
        self._busy = 0
        self._closed = False

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        if self._idle:
            conn = self._idle.pop()
        elif self._busy < self._size and not self._closed:
            conn = None
        else:
            return await self._pool.rows(stmt, params)
        trace.note(stmt.name)
        self._busy += 1
        try:
            if conn is None:
                conn = await self._connect()
            records = await conn.fetch(stmt.postgres, *params)
        except BaseException:
            self._busy -= 1
            if conn is not None:
                conn.terminate()
            raise
        self._busy -= 1
        if self._closed:
            conn.terminate()
        else:
            self._idle.append(conn)
        return [dict(r) for r in records]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        raise TypeError("the read connection does not write")

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        raise TypeError("the read connection does not write")

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

    async def close(self) -> None:
        self._closed = True
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
