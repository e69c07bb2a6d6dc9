"""Tortoise's SQLite connection runs a write transaction's statements on the event loop when a
commit does not sync, BEGIN IMMEDIATE there only when the lock is free at once, and everything
else (a taken lock, autocommit statements, FULL, a call still running) on its thread."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from tortoise.context import TortoiseContext
from tortoise.exceptions import OperationalError

from server import sqlite_engine
from server.sqlite_engine import ImmediateSqliteClient, InlineConnection

LOOP = threading.get_ident()


async def _open(path: Path, synchronous: str) -> ImmediateSqliteClient:
    client = ImmediateSqliteClient(
        str(path),
        connection_name="inline-test",
        journal_mode="WAL",
        synchronous=synchronous,
        busy_timeout=300,
    )
    await client.create_connection(with_db=True)
    conn = client._connection
    assert isinstance(conn, InlineConnection)
    conn._conn.create_function("tid", 0, threading.get_ident)
    conn._conn.create_function("nap", 0, lambda: time.sleep(0.3))
    await client.execute_script("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v INT)")
    return client


@pytest_asyncio.fixture
async def normal(tmp_path: Path) -> AsyncIterator[ImmediateSqliteClient]:
    async with TortoiseContext():  # transactions register their connection in it
        client = await _open(tmp_path / "inline.db", "NORMAL")
        yield client
        await client.close()


async def _thread_of(client: object) -> int:
    rows = await client.execute_query_dict("SELECT tid() AS tid")  # type: ignore[attr-defined]
    return int(rows[0]["tid"])


async def _busy_timeout(client: ImmediateSqliteClient) -> int:
    rows = await client.execute_query_dict("PRAGMA busy_timeout")
    return int(next(iter(rows[0].values())))


async def test_a_write_transaction_runs_on_the_event_loop(normal: ImmediateSqliteClient) -> None:
    assert await _thread_of(normal) != LOOP  # outside a transaction: the thread
    async with normal._in_transaction() as tx:
        assert await _thread_of(tx) == LOOP
        await tx.execute_query("INSERT INTO t (v) VALUES (1)")
    assert await _thread_of(normal) != LOOP
    rows = await normal.execute_query_dict("SELECT v FROM t")
    assert rows == [{"v": 1}]
    autocheckpoint = await normal.execute_query_dict("PRAGMA wal_autocheckpoint")
    assert list(autocheckpoint[0].values()) == [0]  # commits on the loop never checkpoint
    assert await _busy_timeout(normal) == 300


async def test_the_event_loop_runs_between_a_transactions_statements(
    normal: ImmediateSqliteClient,
) -> None:
    ran: list[str] = []
    async with normal._in_transaction() as tx:
        asyncio.get_running_loop().call_soon(ran.append, "redirect")
        await tx.execute_query("INSERT INTO t (v) VALUES (0)")
        assert ran == ["redirect"]  # what was ready ran before the statement


async def test_a_failed_transaction_rolls_back_on_the_event_loop(
    normal: ImmediateSqliteClient,
) -> None:
    async def failing() -> None:
        async with normal._in_transaction() as tx:
            await tx.execute_query("INSERT INTO t (v) VALUES (2)")
            raise RuntimeError("use-case failed")

    with pytest.raises(RuntimeError):
        await failing()
    assert await normal.execute_query_dict("SELECT v FROM t") == []
    async with normal._in_transaction() as tx:  # the connection is usable, inline again
        assert await _thread_of(tx) == LOOP


async def test_synchronous_full_stays_on_the_thread(tmp_path: Path) -> None:
    async with TortoiseContext():
        client = await _open(tmp_path / "full.db", "FULL")
        try:
            async with client._in_transaction() as tx:
                assert await _thread_of(tx) != LOOP
        finally:
            await client.close()


async def test_a_taken_lock_is_waited_for_on_the_thread(
    normal: ImmediateSqliteClient, tmp_path: Path
) -> None:
    other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ticks = 0

    async def transaction() -> None:
        async with normal._in_transaction() as tx:
            await tx.execute_query("INSERT INTO t (v) VALUES (3)")

    waiting = asyncio.create_task(transaction())
    for _ in range(5):
        await asyncio.sleep(0.01)
        ticks += 1
    assert ticks == 5 and not waiting.done()  # waiting on the thread, the loop runs on
    other.execute("ROLLBACK")
    await asyncio.wait_for(waiting, timeout=5)
    assert await normal.execute_query_dict("SELECT v FROM t") == [{"v": 3}]
    assert await _busy_timeout(normal) == 300

    other.execute("BEGIN IMMEDIATE")  # held past busy_timeout: a retryable error
    with pytest.raises(OperationalError, match="locked"):
        await transaction()
    other.execute("ROLLBACK")
    other.close()
    async with normal._in_transaction() as tx:
        assert await _thread_of(tx) == LOOP


async def test_a_call_still_on_the_thread_keeps_the_next_ones_there(
    normal: ImmediateSqliteClient,
) -> None:
    conn = normal._connection
    assert isinstance(conn, InlineConnection)
    slow = asyncio.create_task(normal.execute_query_dict("SELECT nap()"))
    await asyncio.sleep(0.05)
    slow.cancel()  # its caller gave up; the statement still runs on the thread
    with pytest.raises(asyncio.CancelledError):
        await slow
    assert conn._on_thread == 1
    entered = asyncio.Event()

    async def transaction() -> None:
        async with normal._in_transaction() as tx:
            entered.set()
            assert conn._on_thread == 0  # BEGIN went to the thread, behind the slow call
            assert await _thread_of(tx) == LOOP

    task = asyncio.create_task(transaction())
    await asyncio.sleep(0.05)
    assert not entered.is_set()  # waiting on the thread; the event loop runs on
    await asyncio.wait_for(task, timeout=5)


async def test_checkpoints_run_on_the_thread(
    normal: ImmediateSqliteClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_engine, "CHECKPOINT_EVERY", 3)
    threads: list[int] = []
    checkpoint = InlineConnection._checkpoint

    def spy(self: InlineConnection) -> None:
        threads.append(threading.get_ident())
        checkpoint(self)

    monkeypatch.setattr(InlineConnection, "_checkpoint", spy)
    for v in range(7):
        async with normal._in_transaction() as tx:
            await tx.execute_query("INSERT INTO t (v) VALUES (?)", [v])
    assert len(threads) == 2 and LOOP not in threads
    rows = await normal.execute_query_dict("SELECT count(*) AS n FROM t")
    assert rows == [{"n": 7}]
