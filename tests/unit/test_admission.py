"""Conversion admission (server/referrals/admission.py): at most N at once, the rest in turn."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from server import metrics
from server.referrals import admission


def _waiting() -> float:
    value = metrics.REGISTRY.get_sample_value("vouch_conversions_waiting")
    assert value is not None
    return value


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    before = admission.limit()
    yield
    admission.configure(before)


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_at_most_the_limit_run_and_the_rest_enter_in_arrival_order() -> None:
    admission.configure(2)
    gate = asyncio.Event()
    running: list[int] = []
    entered: list[int] = []
    peak = 0

    async def one(i: int) -> None:
        nonlocal peak
        async with admission.admitted():
            entered.append(i)
            running.append(i)
            peak = max(peak, len(running))
            await gate.wait()
            running.remove(i)

    tasks = [asyncio.create_task(one(i)) for i in range(5)]
    await _settle()
    assert entered == [0, 1] and _waiting() == 3
    gate.set()
    await asyncio.gather(*tasks)
    assert entered == [0, 1, 2, 3, 4]
    assert peak == 2 and _waiting() == 0


async def test_a_waiter_that_gives_up_takes_no_slot() -> None:
    admission.configure(1)
    release = asyncio.Event()

    async def holder() -> None:
        async with admission.admitted():
            await release.wait()

    held = asyncio.create_task(holder())
    await _settle()
    waiter = asyncio.create_task(admission.queued(asyncio.sleep)(0))
    await _settle()
    assert _waiting() == 1
    waiter.cancel()  # a request that timed out while waiting
    await asyncio.gather(waiter, return_exceptions=True)
    assert _waiting() == 0
    release.set()
    await held
    # The one slot is free again: the next conversion runs at once.
    assert await asyncio.wait_for(admission.queued(asyncio.sleep)(0, "done"), 1) == "done"


async def test_zero_is_no_limit() -> None:
    admission.configure(0)
    gate = asyncio.Event()
    inside = 0

    async def one() -> None:
        nonlocal inside
        async with admission.admitted():
            inside += 1
            await gate.wait()

    tasks = [asyncio.create_task(one()) for _ in range(50)]
    await _settle()
    assert inside == 50 and _waiting() == 0
    gate.set()
    await asyncio.gather(*tasks)
