"""Tortoise's SQLite backend with write transactions that take the write lock up front.

A plain `BEGIN` starts a read transaction that upgrades to a write at its first write; when
another process holds the lock by then, SQLite answers "database is locked" at once instead
of waiting (busy_timeout cannot help a transaction that would deadlock). `BEGIN IMMEDIATE`
waits for the lock (up to busy_timeout) before the transaction reads anything. Used through
Tortoise's `engine` setting (server.db).
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import NestedTransactionContext, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import OperationalError


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


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient
