"""Tortoise's SQLite backend with write transactions that take the write lock up front.

A plain `BEGIN` starts a read transaction that upgrades to a write at its first write; when
another process holds the lock by then, SQLite answers "database is locked" at once instead
of waiting (busy_timeout cannot help a transaction that would deadlock). `BEGIN IMMEDIATE`
waits for the lock (up to busy_timeout) before the transaction reads anything. Used through
Tortoise's `engine` setting (server.db).

Statements inside such a transaction run on the event loop's own thread when a commit does
not sync (WAL with synchronous NORMAL or OFF; see `InlineConnection`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import aiosqlite
from tortoise.backends.base.client import (
    NestedTransactionContext,
    TransactionalDBClient,
    TransactionContext,
)
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError

from server import sqlite_params
from server.sql.click_writer import (
    CHECKPOINT_EVERY,
    DatabaseFile,
    WriteTurn,
    commits_without_sync,
)

sqlite_params.register()


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection, whose statements inside a write transaction run on the event
    loop's own thread when `inline` (commits that do not sync).

    aiosqlite hands every statement to the connection's thread and back: a queue put, a thread
    wake-up, the GIL passed twice and a self-pipe write, several times the cost of the index
    lookups and small inserts a use-case runs (a conversion runs about twenty). Inside a
    transaction begun with BEGIN IMMEDIATE this connection already holds the write lock, and
    in WAL mode nothing else blocks it: no statement there waits, so none needs a thread.
    BEGIN IMMEDIATE itself runs inline only when the lock is free at once (busy_timeout 0 for
    that one statement); when another process or the click writer holds it, BEGIN goes to the
    thread and waits there, up to busy_timeout, as before. Statements outside a transaction
    (reads of any size, autocommit writes that may wait for the lock) stay on the thread.

    Each such statement first lets the event loop run what is ready (`asyncio.sleep(0)`, as
    the thread's hand-off did): run back to back, a conversion's statements would hold the loop
    for its whole transaction, and redirects beside conversions waited that much longer
    (`bench/all.py` mixed row, redirect p99 2.5-2.9 times its p99 alone without, 2.0 with).

    A commit does not checkpoint (a checkpoint syncs): `wal_autocheckpoint` is 0 on this
    connection and every `CHECKPOINT_EVERY` inline commits a passive checkpoint runs in the
    thread. A call still running on the thread (its caller was cancelled, e.g. at a request's
    time limit) keeps every later call on the thread until it has finished: the sqlite3
    connection is never used from two threads at once."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], *, inline: bool) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self.inline = inline
        self.commits = 0
        self._on_thread = 0  # calls handed to the thread and not finished there
        self._on_thread_lock = threading.Lock()
        self.file: DatabaseFile | None = None  # write transactions check it is still there

    def _runs_inline(self) -> bool:
        conn = self._connection
        return (
            self.inline
            and not self._on_thread
            and self._running
            and conn is not None
            and conn.in_transaction
        )

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._runs_inline():
            await asyncio.sleep(0)
            if self._runs_inline():  # still: nothing else uses the connection in a transaction
                return fn(*args, **kwargs)
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")

        def counted() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._on_thread_lock:
                    self._on_thread -= 1

        with self._on_thread_lock:
            self._on_thread += 1
        return await super()._execute(counted)  # type: ignore[no-untyped-call]

    async def commit(self) -> None:
        inline = self._runs_inline()
        await super().commit()
        if inline:
            self.commits += 1
            if self.commits >= CHECKPOINT_EVERY:
                self.commits = 0
                await self._execute(self._checkpoint)

    def _checkpoint(self) -> None:
        # Read to the end: a statement left open would make the next COMMIT fail.
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def begin_if_free(self) -> bool:
        """BEGIN IMMEDIATE on the event loop if the write lock is free at once; False, having
        begun nothing, when it is taken or this connection does not run inline."""
        if not self.inline or self._on_thread or not self._running:
            return False
        conn = self._conn
        if conn.in_transaction:  # left by a cancelled BEGIN: closed as Tortoise's begin does
            conn.commit()
        (busy_ms,) = conn.execute("PRAGMA busy_timeout").fetchone()
        conn.execute("PRAGMA busy_timeout=0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
                return False
            raise
        finally:
            conn.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        return True


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(ImmediateTransactionWrapper(self))

    async def begin(self) -> None:
        conn = self._connection
        try:
            if isinstance(conn, InlineConnection):
                if conn.file is not None:
                    conn.file.check()
                if conn.begin_if_free():
                    return
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            # Still "database is locked" after busy_timeout: an OperationalError the API
            # reports as retryable, not a transaction-management bug.
            raise OperationalError(exc) from exc


class ImmediateTransactionContext(SqliteTransactionContext):
    __slots__ = ("turn",)

    def __init__(self, connection: Any, trxlock: Any, turn: WriteTurn) -> None:
        super().__init__(connection, trxlock)
        self.turn = turn

    async def __aenter__(self) -> TransactionalDBClient:
        # Tortoise's context keeps its lock (and the connection override) when BEGIN fails,
        # which a plain BEGIN never does but BEGIN IMMEDIATE may: every later query would wait.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            # A click batch waiting for the write lock goes first (server/sql/click_writer.py).
            await self.turn.transaction_begins()
            self.token = get_connections().set(self.connection_name, self.connection)
        except BaseException:
            self.turn.transaction_ends()
            self._trxlock.release()
            raise
        try:
            await self.connection.begin()
        except BaseException:
            get_connections().reset(self.token)
            self.turn.transaction_ends()
            self._trxlock.release()
            raise
        return self.connection  # type: ignore[no-any-return]

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        try:
            await super().__aexit__(exc_type, exc_val, exc_tb)
        finally:
            self.turn.transaction_ends()


class ImmediateSqliteClient(SqliteClient):
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        # Connections of our own beside Tortoise's (server/sql/connections.py: the inline
        # reader and the click writer), closed with it.
        self.extras: dict[str, Any] = {}
        self.turn = WriteTurn()

    async def create_connection(self, with_db: bool) -> None:
        """Tortoise's own, with `InlineConnection` for aiosqlite's."""
        if self._connection:
            return
        filename = self.filename
        inline = commits_without_sync(self.pragmas) and filename != ":memory:"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(filename, isolation_level=None, check_same_thread=False)

        conn = InlineConnection(connect, inline=inline)
        self._connection = await conn
        if filename != ":memory:":
            conn.file = DatabaseFile(filename)
        conn._conn.row_factory = sqlite3.Row
        pragmas = {**self.pragmas, **({"wal_autocheckpoint": 0} if inline else {})}
        for pragma, value in pragmas.items():
            cursor = await conn.execute(f"PRAGMA {pragma}={value}")
            await cursor.close()
        await self._post_connect()

    def check_file(self) -> None:
        """Raise (unavailable) when the database file was removed or replaced since it was
        opened: health and readiness report it."""
        conn = self._connection
        if isinstance(conn, InlineConnection) and conn.file is not None:
            conn.file.check()

    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransactionWrapper(self), self._lock, self.turn)

    async def close(self) -> None:
        extras, self.extras = self.extras, {}
        for extra in extras.values():
            await extra.close()
        await super().close()


client_class = ImmediateSqliteClient
