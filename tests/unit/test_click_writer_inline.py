"""Click batches on the event loop when a commit does not sync and the write lock is free; in
the writer's thread, waiting up to busy_timeout, when it is taken; checkpoints off the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from server.sql import Executor, Statement, click_writer
from server.sql.click_writer import SqliteWriter, WriteTurn, commits_without_sync, open_writer

_INSERT = Statement.of("test.insert", "INSERT INTO t (thread) VALUES (?)")
WAL_NORMAL = {"journal_mode": "WAL", "synchronous": "NORMAL", "busy_timeout": "300"}


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    file = tmp_path / "clicks.db"
    setup = sqlite3.connect(file, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("PRAGMA wal_autocheckpoint=0")
    setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, thread INTEGER)")
    yield file  # kept open: the last connection to close would checkpoint
    setup.close()


@asynccontextmanager
async def _writer(path: Path, pragmas: dict[str, Any]) -> AsyncIterator[SqliteWriter]:
    writer = await open_writer(str(path), pragmas, WriteTurn())
    try:
        yield writer
    finally:
        await writer.close()


async def _insert(ex: Executor) -> None:
    await ex.run(_INSERT, [threading.get_ident()])


def _threads(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [int(r[0]) for r in conn.execute("SELECT thread FROM t ORDER BY id")]


def _size(path: Path) -> int:
    return path.stat().st_size


def test_only_wal_commits_without_sync_run_inline() -> None:
    assert commits_without_sync(WAL_NORMAL)
    assert commits_without_sync({"journal_mode": "wal", "synchronous": "off"})
    assert not commits_without_sync({"journal_mode": "WAL", "synchronous": "FULL"})
    assert not commits_without_sync({"journal_mode": "DELETE", "synchronous": "NORMAL"})
    assert not commits_without_sync({"journal_mode": "WAL"})  # SQLite's default is FULL


async def test_a_free_lock_commits_on_the_event_loop(path: Path) -> None:
    async with _writer(path, WAL_NORMAL) as writer:
        await writer.batch(_insert)
    assert _threads(path) == [threading.get_ident()]


async def test_a_taken_lock_is_waited_for_in_the_thread_then_inline_again(path: Path) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    async with _writer(path, WAL_NORMAL) as writer:
        other.execute("BEGIN IMMEDIATE")
        waiting = asyncio.create_task(writer.batch(_insert))
        await asyncio.sleep(0.05)
        assert not waiting.done()  # waiting for the lock, not on the event loop
        other.execute("ROLLBACK")
        await asyncio.wait_for(waiting, timeout=5)
        await writer.batch(_insert)  # the lock is free again: inline, busy_timeout back to 0
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # past busy_timeout
            await writer.batch(_insert)
        other.execute("ROLLBACK")
        await writer.batch(_insert)
    other.close()
    loop, *rest = _threads(path)[1:]
    assert _threads(path)[0] != loop == threading.get_ident()
    assert rest == [loop]


async def test_commits_that_sync_run_in_the_thread(path: Path) -> None:
    async with _writer(path, {**WAL_NORMAL, "synchronous": "FULL"}) as writer:
        await writer.batch(_insert)
    assert _threads(path) != [threading.get_ident()]
    assert len(_threads(path)) == 1


async def test_inline_batches_are_checkpointed_every_few(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(click_writer, "CHECKPOINT_EVERY", 3)
    size = _size(path)
    async with _writer(path, WAL_NORMAL) as writer:
        await writer.batch(_insert)
        await writer.batch(_insert)
        assert _size(path) == size  # the rows are in the WAL only
        await writer.batch(_insert)
        assert _size(path) > size  # copied into the database file
        await writer.batch(_insert)  # the checkpoint left no statement open
    assert len(_threads(path)) == 4
