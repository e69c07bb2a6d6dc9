"""Admission for conversions: at most `VOUCH_CONVERSION_CONCURRENCY` are recorded at once in a
process; the others wait their turn, in arrival order.

A conversion is the heaviest request Vouch serves (fraud screening, rewards, milestones, the
ledger, audit and outbox rows: about ten times a redirect's CPU). One process runs one event
loop, so a burst of conversions from a shop or a payment provider would otherwise take that
loop from share-link redirects, whose friends are waiting at a browser. With a few slots the
conversions queue (their callers are servers that wait, or retry with the same idempotency key)
and the redirects keep their share. 0 turns the limit off.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, ParamSpec, TypeVar

from server import metrics

P = ParamSpec("P")
T = TypeVar("T")

_limit = 0
# One semaphore per event loop: asyncio's binds itself to the loop that first waits on it.
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def configure(limit: int) -> None:
    """Set the process's limit (the app does, from its settings); 0 is no limit."""
    global _limit
    _limit = limit
    _slots.clear()


def limit() -> int:
    return _limit


@asynccontextmanager
async def admitted() -> AsyncIterator[None]:
    """Hold a slot while the body runs; wait for one first when all are taken."""
    if _limit <= 0:
        yield
        return
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        slots = _slots[loop] = asyncio.Semaphore(_limit)
    if slots.locked():
        metrics.CONVERSIONS_WAITING.inc()
        try:
            await slots.acquire()
        finally:
            metrics.CONVERSIONS_WAITING.dec()
    else:
        await slots.acquire()
    try:
        yield
    finally:
        slots.release()


def queued(use_case: Callable[P, Awaitable[T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    """The use-case run in a slot. Only for callers outside any transaction: one waiting inside
    a transaction could hold the lock the slots' holders wait for."""

    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        async with admitted():
            return await use_case(*args, **kwargs)

    return run
