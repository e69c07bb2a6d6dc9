"""SQLite: click batches on a write connection of their own.

SQLite (WAL) lets one connection write at a time. Tortoise's SQLite client has one connection
and one lock per transaction, so a click batch written through it queues behind every
conversion transaction waiting for that lock. Here a batch runs on its own sqlite3
connection (same pragmas: synchronous level, busy_timeout) and takes the database's write lock
itself; within the process the `WriteTurn` lets a waiting batch go before the next Tortoise
transaction, so a batch waits for at most the one transaction that is open, never the queue.
Across processes SQLite's busy_timeout arbitrates as for every other write.

When a commit does not sync (WAL with synchronous NORMAL or OFF: the configured level then
asks for no fsync per commit) a batch runs on the event loop's own thread if it gets the write
lock at once: a few hundred microseconds of SQLite, cheaper than handing the batch and every
statement's GIL release to another thread and back. If the lock is taken (another process,
Tortoise's connection) it goes to the connection's thread and waits there, up to busy_timeout,
as before. The syncs a checkpoint needs stay off the event loop too: this connection does not
checkpoint on commit; every `CHECKPOINT_EVERY` batches a passive checkpoint runs in its thread.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from server.sql import Dialect, Executor, Statement, trace


class WriteTurn:
    """Who writes next within one process: a waiting click batch before the next Tortoise
    transaction. Only ordering; SQLite's lock still guarantees one writer."""

    def __init__(self) -> None:
        self._no_transaction = asyncio.Event()
        self._no_transaction.set()
        self._no_clicks = asyncio.Event()
        self._no_clicks.set()

    async def transaction_begins(self) -> None:
        # Wait once, not in a loop: a stream of click batches must not starve transactions.
        if not self._no_clicks.is_set():
            await self._no_clicks.wait()
        self._no_transaction.clear()

    def transaction_ends(self) -> None:
        self._no_transaction.set()

    async def clicks_begin(self) -> None:
        self._no_clicks.clear()
        await self._no_transaction.wait()

    def clicks_end(self) -> None:
        self._no_clicks.set()


# Inline batches between two passive checkpoints (SQLite's own auto-checkpoint runs one
# after a commit that leaves 1000 pages in the WAL; a batch writes a few to a few dozen).
CHECKPOINT_EVERY = 64


class DatabaseFile:
    """The database file a connection opened. Once it is gone or replaced (its directory
    removed, the file moved, a backup restored over it) SQLite still commits into the file it
    holds open, which nothing will read again: every write acknowledged from then on would
    vanish at the next start. A write transaction checks first (one stat) and fails as the
    database being unavailable (503, a lost click) instead."""

    __slots__ = ("identity", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.identity = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def check(self) -> None:
        if self.identity is not None and self._identity() != self.identity:
            raise sqlite3.OperationalError(
                f"unable to open database file: {self.path} was removed or replaced"
                " since Vouch opened it (restart Vouch once it is back)"
            )


class SqliteWriter:
    """Statements on the click connection, inside the transaction `batch` opens.

    A batch is BEGIN IMMEDIATE, the inserts and counter upserts, COMMIT, run to its end
    without suspending (this executor's statements never wait on the event loop). `inline`
    (commits that do not sync): on the event loop's thread when the write lock is free at once
    (the connection's busy_timeout is 0), else, like every batch otherwise, as one trip to the
    connection's own thread, where BEGIN IMMEDIATE may wait up to `busy_ms` for the lock,
    never on the event loop. One batch at a time: the connection is never used by two."""

    __slots__ = (
        "busy_ms",
        "conn",
        "file",
        "inline",
        "lock",
        "thread",
        "turn",
        "uncheckpointed",
    )
    dialect: Dialect = "sqlite"
    committed = False

    def __init__(
        self,
        conn: sqlite3.Connection,
        turn: WriteTurn,
        thread: ThreadPoolExecutor,
        *,
        inline: bool = False,
        busy_ms: int = 0,
        file: DatabaseFile | None = None,
    ) -> None:
        self.conn = conn
        self.file = file
        self.turn = turn
        self.thread = thread
        self.inline = inline
        self.busy_ms = busy_ms
        self.lock = asyncio.Lock()
        self.uncheckpointed = 0

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        return [dict(r) for r in self.conn.execute(stmt.sqlite, params).fetchall()]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        trace.note(stmt.name)
        return self.conn.execute(stmt.sqlite, params).rowcount

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        if params:
            trace.note(stmt.name)
            self.conn.executemany(stmt.sqlite, params)

    async def batch(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        """One write transaction, committed before it returns."""
        async with self.lock:
            if self.file is not None:
                self.file.check()
            await self.turn.clicks_begin()
            try:
                if not (self.inline and self._transaction_if_free(write)):
                    loop = asyncio.get_running_loop()
                    await loop.run_in_executor(self.thread, self._waiting_transaction, write)
            finally:
                self.turn.clicks_end()
            if self.inline:
                self.uncheckpointed += 1
                if self.uncheckpointed >= CHECKPOINT_EVERY:
                    self.uncheckpointed = 0
                    await asyncio.get_running_loop().run_in_executor(self.thread, self._checkpoint)

    def _checkpoint(self) -> None:
        """In the connection's thread. Its answer (a row) is read to the end: a statement left
        open would make every later COMMIT on this connection fail."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _transaction_if_free(self, write: Callable[[Executor], Awaitable[None]]) -> bool:
        """On the event loop: False, having done nothing, when another holds the write lock."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
                return False
            raise
        self._write_and_commit(write)
        return True

    def _waiting_transaction(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        """In the connection's thread: waits up to busy_ms for the write lock."""
        if not self.inline:
            self._transaction(write)
            return
        self.conn.execute(f"PRAGMA busy_timeout={self.busy_ms}")
        try:
            self._transaction(write)
        finally:
            self.conn.execute("PRAGMA busy_timeout=0")

    def _transaction(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self._write_and_commit(write)

    def _write_and_commit(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        try:
            _to_the_end(write(self))
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.thread, self.conn.close)
        self.thread.shutdown(wait=False)


def _to_the_end(work: Awaitable[None]) -> None:
    """Run a coroutine that never suspends (it awaits only this executor's statements)."""
    coroutine = work.__await__()
    try:
        coroutine.send(None)
    except StopIteration:
        return
    coroutine.close()
    raise RuntimeError("a click batch waited on the event loop; it must only run statements")


def commits_without_sync(pragmas: dict[str, Any]) -> bool:
    """True when a commit asks for no fsync: WAL with synchronous NORMAL or OFF."""
    wal = str(pragmas.get("journal_mode", "")).upper() == "WAL"
    return wal and str(pragmas.get("synchronous", "FULL")).upper() in {"NORMAL", "OFF", "1", "0"}


async def open_writer(filename: str, pragmas: dict[str, Any], turn: WriteTurn) -> SqliteWriter:
    inline = commits_without_sync(pragmas)

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(filename, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        for pragma, value in pragmas.items():
            conn.execute(f"PRAGMA {pragma}={value}")
        if inline:  # the lock is waited for in the thread; checkpoints run there too
            conn.execute("PRAGMA busy_timeout=0")
            conn.execute("PRAGMA wal_autocheckpoint=0")
        return conn

    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vouch-clicks")
    conn = await asyncio.get_running_loop().run_in_executor(thread, connect)
    busy_ms = int(pragmas.get("busy_timeout", 0))
    file = DatabaseFile(filename)
    return SqliteWriter(conn, turn, thread, inline=inline, busy_ms=busy_ms, file=file)
