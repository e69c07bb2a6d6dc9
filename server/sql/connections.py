"""Where hot-path statements run.

SQLite (a file): click batches have a write connection of their own (`click_writer`);
autocommit reads go to a plain sqlite3 connection of their own, run inline on
the event loop, so they never queue behind Tortoise's single connection while it holds a write
transaction (WAL lets readers proceed). Inside a transaction (a use-case, or a launch
preflight's simulation that is rolled back) they run on that transaction, so they see its
uncommitted rows. PostgreSQL: Tortoise's pool, or the current transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient

from server import db
from server.sql import Dialect, Statement, TortoiseExecutor, trace
from server.sql.click_writer import SqliteWriter, open_writer
from server.sqlite_engine import ImmediateSqliteClient


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


async def reader() -> TortoiseExecutor | InlineSqliteReader:
    """An executor for reads: committed data outside a transaction, the transaction's inside."""
    client = db.connection()
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
