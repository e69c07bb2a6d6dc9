"""Tortoise's SQLite backend with write transactions that take the write lock up front.

A plain `BEGIN` starts a read transaction that upgrades to a write at its first write; when
another process holds the lock by then, SQLite answers "database is locked" at once instead
of waiting (busy_timeout cannot help a transaction that would deadlock). `BEGIN IMMEDIATE`
waits for the lock (up to busy_timeout) before the transaction reads anything. Used through
Tortoise's `engine` setting (server.db).
"""

from __future__ import annotations

import sqlite3
from typing import Any

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

from server.sql.click_writer import WriteTurn


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(ImmediateTransactionWrapper(self))

    async def begin(self) -> None:
        try:
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

    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransactionWrapper(self), self._lock, self.turn)

    async def close(self) -> None:
        extras, self.extras = self.extras, {}
        for extra in extras.values():
            await extra.close()
        await super().close()


client_class = ImmediateSqliteClient
