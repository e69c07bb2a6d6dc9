"""Statements inside a write transaction (`server.sql.TortoiseExecutor`): rows, counts and
many rows, and the driver's errors raised as Tortoise's, alike on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.transactions import in_transaction

from server import db
from server.sql import Statement, TortoiseExecutor

_INSERT = Statement.of(
    "test.visitor_insert",
    "INSERT INTO rollup_visitor (campaign_id, test, visitor, first_at) VALUES (?, ?, ?, ?)",
)
_SELECT = Statement.of(
    "test.visitors",
    "SELECT visitor, test FROM rollup_visitor WHERE campaign_id = ? ORDER BY visitor",
)
_UPDATE = Statement.of(
    "test.visitor_update", "UPDATE rollup_visitor SET test = ? WHERE campaign_id = ?"
)
_WRONG = Statement.of("test.wrong", "SELECT no_such_column FROM rollup_visitor WHERE 1 = ?")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def test_rows_counts_and_many_rows_in_a_transaction(clean: None) -> None:
    async with in_transaction() as conn:
        ex = TortoiseExecutor(conn)
        await ex.run_many(_INSERT, [[7, False, v, NOW] for v in ("a", "b", "c")])
        assert await ex.run(_UPDATE, [True, 7]) == 3
        assert await ex.rows(_SELECT, [7]) == [
            {"visitor": v, "test": True} for v in ("a", "b", "c")
        ]
        assert await ex.run(_SELECT, [7]) == 3  # not a write: the rows returned
        assert await ex.rows(_SELECT, [8]) == []
    async with in_transaction() as conn:  # committed
        assert len(await TortoiseExecutor(conn).rows(_SELECT, [7])) == 3


async def _twice(stmt: Statement) -> None:
    """The row inserted, then `stmt` (its parameters those of a second insert of it)."""
    async with in_transaction() as conn:
        ex = TortoiseExecutor(conn)
        await ex.run(_INSERT, [7, False, "a", NOW])
        await ex.rows(stmt, [7, False, "a", NOW] if stmt is _INSERT else [1])


async def _many_twice() -> None:
    async with in_transaction() as conn:
        await TortoiseExecutor(conn).run_many(_INSERT, [[7, False, "b", NOW]] * 2)


async def test_driver_errors_are_tortoise_errors_and_roll_back(clean: None) -> None:
    with pytest.raises(IntegrityError):
        await _twice(_INSERT)
    with pytest.raises(IntegrityError):
        await _many_twice()
    with pytest.raises(OperationalError):
        await _twice(_WRONG)
    async with in_transaction() as conn:  # each of them rolled back
        assert await TortoiseExecutor(conn).rows(_SELECT, [7]) == []


async def test_a_release_that_raises_leaves_the_task_on_the_pool(
    clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a transaction whose connection's release is interrupted (a time limit's
    cancellation) still leaves its task's statements to the pool: a job loop's next round
    works instead of meeting a released connection."""
    if db.dialect() != "postgres":
        pytest.skip("a pooled transaction: PostgreSQL only")
    client = db.connection()
    pool = client._pool

    class Interrupting:
        """The pool, its next release interrupted once the connection is back."""

        def __getattr__(self, name: str) -> Any:
            return getattr(pool, name)

        async def release(self, connection: Any, *args: Any, **kwargs: Any) -> None:
            monkeypatch.setattr(client, "_pool", pool)  # once
            await pool.release(connection, *args, **kwargs)
            raise asyncio.CancelledError

    monkeypatch.setattr(client, "_pool", Interrupting())
    with pytest.raises(asyncio.CancelledError):
        async with in_transaction() as conn:
            await TortoiseExecutor(conn).run(_INSERT, [7, False, "a", NOW])
    assert not isinstance(db.connection(), TransactionalDBClient)
    async with in_transaction() as conn:  # the same task: committed before, works again
        assert len(await TortoiseExecutor(conn).rows(_SELECT, [7])) == 1
