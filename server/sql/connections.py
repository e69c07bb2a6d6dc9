"""Where hot-path statements run.

SQLite (a file): click batches have a write connection of their own (`click_writer`);
autocommit reads go to a plain sqlite3 connection of their own, run inline on
the event loop, so they never queue behind Tortoise's single connection while it holds a write
transaction (WAL lets readers proceed). Inside a transaction (a use-case, or a launch
preflight's simulation that is rolled back) they run on that transaction, so they see its
uncommitted rows. PostgreSQL: committed reads on a few connections of our own (no pool
acquire and release around each statement), click batches on one of their own
(`pg_writer`), other writes on Tortoise's pool or the current transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, cast

from tortoise.backends.base.client import TransactionalDBClient

from server import db
from server.postgres_engine import VouchAsyncpgClient
from server.sql import Dialect, Executor, Statement, TortoiseExecutor, trace
from server.sql.click_writer import SqliteWriter, open_writer
from server.sql.notified import NotifiedCache
from server.sql.pg_writer import PostgresWriter, ended, own_connection
from server.sqlite_engine import ImmediateSqliteClient

# Committed-read connections per process on PostgreSQL (beside Tortoise's pool; a read that
# finds them all busy waits for the next one, and reads go to the pool once the reader closes).
READ_CONNECTIONS = 4
# Each read statement is prepared once per connection and planned once (a generic plan), not
# re-planned for its values on every execution as PostgreSQL's `auto` mode keeps doing when a
# generic plan's estimate looks dearer: reads here are index lookups and rollup sums whose
# best plan does not depend on the values. Measured at 10M events (bench/scale.py): planning
# the analytics edge statement (five event ranges) took 1.5-8 ms per execution, its run 0.7.
GENERIC_PLANS = "force_generic_plan"
# Aggregate answers kept by the SQLite read connection until the next commit (`kept_rows`).
KEPT_ANSWERS = 256


class InlineSqliteReader:
    """Reads on a plain sqlite3 connection, run on the event loop's own thread.

    A read of committed data in WAL mode never waits for a writer, and the statements read
    here are index lookups and rollup sums (tens of microseconds): handing each to a thread,
    as aiosqlite does, would cost more than running it."""

    __slots__ = ("_kept", "_version", "conn")
    dialect: Dialect = "sqlite"
    committed = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._version = -1
        self._kept: dict[tuple[str, tuple[Any, ...]], list[dict[str, Any]]] = {}

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        return _dicts(self.conn.execute(stmt.sqlite, params))

    def kept_rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        """`rows`, answered again from the last run of the same statement and values while no
        connection (of any process) has committed since: `PRAGMA data_version` changes when
        another connection commits, and this one never writes. A commit between the pragma
        and the statement leaves an answer newer than its label: the next pragma empties it.
        For aggregates that cost many times the pragma (a few microseconds)."""
        trace.note("sqlite.data_version")
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._kept.clear()
            self._version = version
        key = (stmt.sqlite, tuple(params))
        try:
            found = self._kept.get(key)
        except TypeError:  # a value that cannot be a key: run it
            trace.note(stmt.name)
            return _dicts(self.conn.execute(stmt.sqlite, params))
        if found is None:
            trace.note(stmt.name)
            found = _dicts(self.conn.execute(stmt.sqlite, params))
            if len(self._kept) >= KEPT_ANSWERS:
                self._kept.clear()
            self._kept[key] = found
        return [dict(r) for r in found]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        raise TypeError("the read connection does not write")

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        raise TypeError("the read connection does not write")

    async def close(self) -> None:
        self.conn.close()


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The rows (plain tuples) as `dict(sqlite3.Row)` makes them: by position, where a row
    looked up by name compares the name with each column's in turn (most of the cost of a
    wide row); a name that occurs twice keeps its first column's value, as there."""
    names = [column[0] for column in cursor.description or ()]
    found = cursor.fetchall()
    if len(set(names)) == len(names):
        return [dict(zip(names, r, strict=True)) for r in found]
    return [_first_wins(names, r) for r in found]


def _first_wins(names: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for name, value in zip(names, row, strict=True):
        answer.setdefault(name, value)
    return answer


def _open_reader(client: ImmediateSqliteClient) -> InlineSqliteReader:
    conn = sqlite3.connect(client.filename, isolation_level=None, check_same_thread=False)
    for pragma, value in client.pragmas.items():
        if pragma in {"busy_timeout", "journal_mode"}:
            conn.execute(f"PRAGMA {pragma}={value}")
    conn.execute("PRAGMA query_only=1")
    return InlineSqliteReader(conn)


class PostgresReader:
    """Committed reads on up to `size` asyncpg connections of its own, opened on demand.

    Through Tortoise each statement acquires a pooled connection and releases it (two wrapper
    layers, the pool's queue, its proxy), several times the CPU of the statement itself; here
    a free connection is taken from a queue. When all are busy a read waits for the next one
    to come back (reads here are index lookups and rollup sums: a turn is a round trip), which
    under load costs far less CPU than overflowing to Tortoise's pool. The queue holds idle
    connections and `None` for each free slot (a connection to open). asyncpg prepares each
    statement once per connection. A connection whose read raised or was cancelled (a
    request's time limit: even between asyncpg's prepare and its Bind, when the server still
    holds the table locks) is terminated, never reused: its slot goes back free. A kept
    connection its server ended while it was idle (a restart, a failover) is replaced and the
    read run again on the new one, so the first reads after an outage do not fail. Once the
    reader is closed, reads go to Tortoise's pool and connections coming back are closed."""

    __slots__ = ("_client", "_closed", "_free", "_pool")
    dialect: Dialect = "postgres"
    committed = True

    def __init__(self, client: VouchAsyncpgClient, size: int) -> None:
        self._client = client
        self._pool = TortoiseExecutor(client)
        self._free: asyncio.Queue[Any] = asyncio.Queue()
        for _ in range(size):
            self._free.put_nowait(None)
        self._closed = False

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        if self._closed:
            return await self._pool.rows(stmt, params)
        free = self._free
        conn = free.get_nowait() if free.qsize() else await free.get()
        if conn is None and self._closed:  # closed while this read waited for its turn
            free.put_nowait(None)
            return await self._pool.rows(stmt, params)
        trace.note(stmt.name)
        try:
            if conn is None:
                conn = await self._open()
                records = await conn.fetch(stmt.postgres, *params)
            else:
                try:
                    records = await conn.fetch(stmt.postgres, *params)
                except Exception as exc:
                    if not ended(exc):
                        raise
                    # Its server ended it while it sat idle (a restart, a failover): read
                    # again on a new connection.
                    conn.terminate()
                    conn = None
                    conn = await self._open()
                    records = await conn.fetch(stmt.postgres, *params)
        except BaseException:
            if conn is not None:
                conn.terminate()
            free.put_nowait(None)
            raise
        if self._closed:
            conn.terminate()
            conn = None
        free.put_nowait(conn)
        return [dict(r) for r in records]

    async def _open(self) -> Any:
        return await own_connection(self._client, plan_cache_mode=GENERIC_PLANS)

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        raise TypeError("the read connection does not write")

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        raise TypeError("the read connection does not write")

    async def close(self) -> None:
        self._closed = True
        while self._free.qsize():
            conn = self._free.get_nowait()
            if conn is not None:
                try:
                    await conn.close(timeout=2)
                except Exception:
                    conn.terminate()
        # Readers still waiting for a turn get a free slot each, then go to Tortoise's pool.
        self._free.put_nowait(None)


_POSTGRES, _SQLITE, _OTHER = "postgres", "sqlite", "other"
# Each client class's kind, decided once: the checks against Tortoise's abstract classes go
# through ABCMeta on every call, and a request reads through `reader()` up to three times.
_kinds: dict[type, str] = {}


def _kind(cls: type) -> str:
    if issubclass(cls, TransactionalDBClient):
        kind = _OTHER
    elif issubclass(cls, VouchAsyncpgClient):
        kind = _POSTGRES
    elif issubclass(cls, ImmediateSqliteClient):
        kind = _SQLITE
    else:
        kind = _OTHER
    _kinds[cls] = kind
    return kind


async def reader() -> TortoiseExecutor | InlineSqliteReader | PostgresReader:
    """An executor for reads: committed data outside a transaction, the transaction's inside."""
    client = db.connection()
    kind = _kinds.get(type(client)) or _kind(type(client))
    if kind is _POSTGRES:
        pg = cast("VouchAsyncpgClient", client)
        found_pg = pg.extras.get("reader")
        if found_pg is None:
            found_pg = pg.extras["reader"] = PostgresReader(pg, READ_CONNECTIONS)
        assert isinstance(found_pg, PostgresReader)
        return found_pg
    sqlite = cast("ImmediateSqliteClient", client)
    if kind is _SQLITE and sqlite.filename != ":memory:":
        found = sqlite.extras.get("reader")
        if found is None:
            found = sqlite.extras["reader"] = _open_reader(sqlite)
        assert isinstance(found, InlineSqliteReader)
        return found
    return TortoiseExecutor(client)


async def aggregate(ex: Executor, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
    """`ex.rows`, from the SQLite read connection's kept answers while nothing was committed
    (`InlineSqliteReader.kept_rows`); elsewhere (PostgreSQL, a transaction) run every time."""
    if isinstance(ex, InlineSqliteReader):
        return ex.kept_rows(stmt, params)
    return await ex.rows(stmt, params)


def notified(channel: str, local_writes: list[Callable[[], None]]) -> NotifiedCache[Any] | None:
    """PostgreSQL, outside a transaction: the process's cache emptied by NOTIFY on `channel`
    and by `local_writes` (server/sql/notified.py), its listener started on first use; None
    elsewhere (SQLite, or inside a transaction, whose reads may see what it has not
    committed)."""
    client = db.connection()
    if not isinstance(client, VouchAsyncpgClient) or isinstance(client, TransactionalDBClient):
        return None
    key = "notified:" + channel
    found = client.extras.get(key)
    if found is None:
        found = client.extras[key] = NotifiedCache[Any](client, channel, local_writes)
    assert isinstance(found, NotifiedCache)
    found.ensure_started()
    return found


async def click_writer() -> SqliteWriter | PostgresWriter | None:
    """Where click batches are written: on SQLite (a file) a connection of their own
    (server/sql/click_writer.py), on PostgreSQL one too (server/sql/pg_writer.py); None for
    an in-memory SQLite database."""
    client = db.connection()
    if isinstance(client, VouchAsyncpgClient) and not isinstance(client, TransactionalDBClient):
        found_pg = client.extras.get("clicks")
        if found_pg is None:
            found_pg = client.extras["clicks"] = PostgresWriter(client)
        assert isinstance(found_pg, PostgresWriter)
        return found_pg
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
