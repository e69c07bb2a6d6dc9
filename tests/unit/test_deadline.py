"""The GraphQL endpoint's time limit answers as `asyncio.timeout` does."""

from __future__ import annotations

import asyncio

import pytest

from server.graphql.deadline import Deadline


async def test_past_the_deadline_the_work_is_cancelled_and_times_out() -> None:
    cancelled = False

    async def slow() -> None:
        nonlocal cancelled
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled = True
            raise

    with pytest.raises(TimeoutError), Deadline(0.01):
        await slow()
    assert cancelled
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0


async def test_within_the_deadline_nothing_happens_and_the_timer_is_dropped() -> None:
    with Deadline(0.01) as _:
        await asyncio.sleep(0)
    await asyncio.sleep(0.05)  # a timer left behind would cancel this task now
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0


async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    async def work() -> None:
        with Deadline(10):
            await asyncio.sleep(10)

    task = asyncio.create_task(work())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_same_answers_as_asyncio_timeout_when_both_fire() -> None:
    """A cancellation that arrives after the deadline fired is not turned into a timeout."""

    async def run(make: str) -> type[BaseException]:
        async def body() -> None:
            if make == "ours":
                with Deadline(0.01):
                    await asyncio.sleep(0.05)
            else:
                async with asyncio.timeout(0.01):
                    await asyncio.sleep(0.05)

        task = asyncio.create_task(body())
        await asyncio.sleep(0.015)  # the deadline fired: the task is being cancelled
        task.cancel()  # and someone else cancels it too
        try:
            await task
        except BaseException as exc:
            return type(exc)
        raise AssertionError("the task ended without an exception")

    assert await run("ours") is await run("asyncio")
