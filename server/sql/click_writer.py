"""SQLite: click batches on a write connection of their own.

SQLite (WAL) lets one connection write at a time. Tortoise's SQLite client has one connection
and one lock per transaction, so a click batch written through it queues behind every
conversion transaction waiting for that lock. Here a batch runs on its own aiosqlite
connection (same pragmas: synchronous level, busy_timeout) and takes the database's write lock
itself; within the process the `WriteTurn` lets a waiting batch go before the next Tortoise
transaction, so a batch waits for at most the one transaction that is open, never the queue.
Across processes SQLite's busy_timeout arbitrates as for every other write.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiosqlite

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
    """Statements on the click connection, inside the transaction `batch` opens."""

    __slots__ = ("conn", "turn")
    dialect: Dialect = "sqlite"
    committed = False

    def __init__(self, conn: aiosqlite.Connection, turn: WriteTurn) -> None:
        self.conn = conn
        self.turn = turn

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        return [dict(r) for r in await self.conn.execute_fetchall(stmt.sqlite, params)]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        trace.note(stmt.name)
        cursor = await self.conn.execute(stmt.sqlite, params)
        count = cursor.rowcount
        await cursor.close()
        return count

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        if params:
            trace.note(stmt.name)
            await self.conn.executemany(stmt.sqlite, params)

    async def batch(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        """One write transaction (BEGIN IMMEDIATE: waits up to busy_timeout for the lock),
        committed before it returns."""
        await self.turn.clicks_begin()
        try:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                await write(self)
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()
        finally:
            self.turn.clicks_end()

    async def close(self) -> None:
        await self.conn.close()


async def open_writer(filename: str, pragmas: dict[str, Any], turn: WriteTurn) -> SqliteWriter:
    conn = await aiosqlite.connect(filename, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma, value in pragmas.items():
        await conn.execute(f"PRAGMA {pragma}={value}")
    return SqliteWriter(conn, turn)
