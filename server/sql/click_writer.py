"""SQLite: click batches on a write connection of their own.

SQLite (WAL) lets one connection write at a time. Tortoise's SQLite client has one connection
and one lock per transaction, so a click batch written through it queues behind every
conversion transaction waiting for that lock. Here a batch runs on its own sqlite3
connection (same pragmas: synchronous level, busy_timeout) and takes the database's write lock
itself; within the process the `WriteTurn` lets a waiting batch go before the next Tortoise
transaction, so a batch waits for at most the one transaction that is open, never the queue.
Across processes SQLite's busy_timeout arbitrates as for every other write.
"""

from __future__ import annotations

import asyncio
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


class SqliteWriter:
    """Statements on the click connection, inside the transaction `batch` opens.

    A batch is one trip to the connection's own thread: BEGIN IMMEDIATE (which may wait up to
    busy_timeout for the lock, in that thread, never on the event loop), the inserts and
    counter upserts, COMMIT. The batch's coroutine runs to its end there without suspending
    (this executor's statements never wait on the event loop), so a batch costs one hand-off
    between threads rather than one per statement."""

    __slots__ = ("conn", "thread", "turn")
    dialect: Dialect = "sqlite"
    committed = False

    def __init__(self, conn: sqlite3.Connection, turn: WriteTurn, thread: ThreadPoolExecutor):
        self.conn = conn
        self.turn = turn
        self.thread = thread

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
        await self.turn.clicks_begin()
        try:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self.thread, self._transaction, write)
        finally:
            self.turn.clicks_end()

    def _transaction(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        """In the connection's thread."""
        self.conn.execute("BEGIN IMMEDIATE")
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


async def open_writer(filename: str, pragmas: dict[str, Any], turn: WriteTurn) -> SqliteWriter:
    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(filename, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        for pragma, value in pragmas.items():
            conn.execute(f"PRAGMA {pragma}={value}")
        return conn

    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vouch-clicks")
    conn = await asyncio.get_running_loop().run_in_executor(thread, connect)
    return SqliteWriter(conn, turn, thread)
