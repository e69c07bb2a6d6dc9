"""A per-request batch loader that needs no task of its own.

Strawberry's DataLoader dispatches each batch from a task it creates (scheduled, then started:
two turns of the event loop and a task per batch), which cost the one-campaign `stats` request
more CPU than its SQL. Here the waiters themselves run the batch: a load registers its keys and
yields once, so the sibling resolvers of a list (graphql-core runs them as tasks of one
gather) register theirs; the first waiter to resume fetches every pending key in one call and
the others find their values ready. Values are kept for the request: a key is fetched once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Batched(Generic[K, V]):
    """`fetch` takes distinct keys and returns their values in the same order."""

    __slots__ = ("_fetch", "_kept", "_pending", "_retry")

    def __init__(self, fetch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> None:
        self._fetch = fetch
        self._kept: dict[K, asyncio.Future[V]] = {}
        self._pending: dict[K, asyncio.Future[V]] = {}
        self._retry: asyncio.Task[None] | None = None

    async def load(self, key: K, *, alone: bool = False) -> V:
        """`alone`: no sibling will ask (one object's field, from a root field that resolves
        one object), so the batch is fetched at once, without yielding to the event loop."""
        return (await self.load_many([key], alone=alone))[0]

    async def load_many(self, keys: Sequence[K], *, alone: bool = False) -> list[V]:
        futures = [self._future(key) for key in keys]
        if self._pending:
            if not alone:
                await asyncio.sleep(0)  # the siblings' keys join this batch
            await self._dispatch()
        return [await future for future in futures]

    def _future(self, key: K) -> asyncio.Future[V]:
        found = self._kept.get(key)
        if found is None or found.cancelled():  # a cancelled waiter cancels what it awaits
            found = asyncio.get_running_loop().create_future()
            self._kept[key] = self._pending[key] = found
        return found

    async def _dispatch(self) -> None:
        batch, self._pending = self._pending, {}
        if not batch:
            return  # another waiter took it
        try:
            values = await self._fetch(list(batch))
        except Exception as exc:
            for future in batch.values():
                if not future.done():
                    future.set_exception(exc)
                    # Marked as seen: when every waiter gave up (a request stopped at its time
                    # limit), nothing reports an exception never retrieved later; a waiter still
                    # there has it raised all the same.
                    future.exception()
            return
        except BaseException:
            # This waiter was cancelled mid-fetch: the batch's other waiters still get values.
            self._pending.update((k, f) for k, f in batch.items() if not f.done())
            self._retry = asyncio.get_running_loop().create_task(self._dispatch())
            raise
        for future, value in zip(batch.values(), values, strict=True):
            if not future.done():
                future.set_result(value)
