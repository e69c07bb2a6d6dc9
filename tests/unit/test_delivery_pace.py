"""Background delivery waits for a pause in requests, never longer than its limit
(server/outbox/pace.py, server/jobs.py deliver_forever), and every HTTP request the app answers
counts as activity."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import httpx

from server import jobs
from server.app import create_app
from server.clock import Clock, SystemClock
from server.outbox import pace
from server.settings import load_settings


@contextlib.asynccontextmanager
async def steady_requests(every: float = 0.01) -> AsyncIterator[None]:
    """Requests seen every `every` seconds (a server under load) while the block runs."""

    async def ping() -> None:
        while True:
            pace.request_seen()
            await asyncio.sleep(every)

    pace.request_seen()
    task = asyncio.create_task(ping())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class Rounds:
    """A stream that notes when each delivery round ran."""

    def __init__(self) -> None:
        self.at: list[float] = []

    async def run_once(self, *, clock: Clock) -> int:
        self.at.append(time.monotonic())
        return 0


async def test_a_quiet_process_delivers_at_once() -> None:
    await asyncio.sleep(pace.SETTLE_SECONDS)
    assert await pace.quiet(30) < 1


async def test_under_steady_requests_a_round_waits_its_whole_limit() -> None:
    async with steady_requests():
        waited = await pace.quiet(0.4)
    assert waited >= 0.4


async def test_a_round_starts_soon_after_the_requests_pause() -> None:
    async with steady_requests():
        waiting = asyncio.create_task(pace.quiet(30))
        await asyncio.sleep(0.3)
        assert not waiting.done()  # still busy: still waiting
    assert await asyncio.wait_for(waiting, 10) < 30


async def test_delivery_rounds_wait_for_the_pause_then_run() -> None:
    rounds = Rounds()
    async with steady_requests():
        began = time.monotonic()
        task = asyncio.create_task(
            jobs.deliver_forever(
                "test", rounds, clock=SystemClock(), interval=0.05, yield_seconds=2
            )
        )
        await asyncio.sleep(0.3)
        assert rounds.at == []  # busy, within the limit: no round yet
        for _ in range(200):  # still busy: a round once the limit has passed
            if rounds.at:
                break
            await asyncio.sleep(0.05)
        assert rounds.at and rounds.at[0] - began >= 2
    try:
        count = len(rounds.at)
        for _ in range(200):  # quiet again: rounds every interval
            if len(rounds.at) > count + 1:
                break
            await asyncio.sleep(0.05)
        assert len(rounds.at) > count + 1
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_limit_of_zero_never_waits() -> None:
    rounds = Rounds()
    async with steady_requests():
        task = asyncio.create_task(
            jobs.deliver_forever(
                "test", rounds, clock=SystemClock(), interval=0.05, yield_seconds=0
            )
        )
        await asyncio.sleep(0.3)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert len(rounds.at) >= 2


async def test_every_http_request_counts_as_activity() -> None:
    app = create_app(load_settings(), manage_db=False, run_jobs=False)
    await asyncio.sleep(pace.SETTLE_SECONDS * 2)
    assert pace.quiet_now(time.monotonic())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://vouch") as client:
        await client.get("/no-such-page")
    assert not pace.quiet_now(time.monotonic())
