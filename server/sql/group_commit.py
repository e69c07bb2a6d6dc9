"""Group commit: many small writes, one transaction and one commit, each caller answered only
after the commit that holds its row (so an acknowledged write is durable at the configured
synchronous level).

Batches run on the database's own (Tortoise) connection, so its settings, locking and outage
behaviour are those of every other write. A caller already inside a transaction (a launch
preflight's, rolled back at its end) must not use it: its rows belong to that transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_BATCH = 256


class GroupCommit(Generic[T]):
    """`write(items)` runs one transaction for a batch; `submit` waits for its item's commit.

    While one batch commits, new items queue up and go together in the next. A failing batch
    is retried item by item, so one bad row fails only its own caller, with its own error."""

    def __init__(self, write: Callable[[list[T]], Awaitable[None]]) -> None:
        self._write = write
        self._queue: list[tuple[T, asyncio.Future[None]]] = []
        self._worker: asyncio.Task[None] | None = None
        self.commits = 0  # how many batches committed so far (tests, benchmarks)

    async def submit(self, item: T) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        # A caller that goes away (client disconnect) cancels only its future: its row stays in
        # the queue or batch and commits all the same (settling skips a cancelled future).
        await future

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                await self._write([item for item, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    _settle(batch, exc)
                    continue
                for one in batch:  # find the bad row; the others still commit
                    try:
                        await self._write([one[0]])
                    except Exception as single:
                        _settle([one], single)
                    else:
                        self.commits += 1
                        _settle([one], None)
                continue
            self.commits += 1
            _settle(batch, None)


def _settle(batch: list[tuple[T, asyncio.Future[None]]], error: Exception | None) -> None:
    for _item, future in batch:
        if future.done():
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
