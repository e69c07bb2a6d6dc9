"""Posts are paced per channel: about one a second each, channels independent."""

from __future__ import annotations

import asyncio

from bot.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


async def test_a_burst_in_one_channel_is_spread_one_interval_apart() -> None:
    t = FakeTime()
    pacer = Pacer(1.0, now=lambda: t.now, sleep=t.sleep)
    for _ in range(4):
        await pacer.wait("C1")
    assert t.slept == [1.0, 1.0, 1.0]


async def test_channels_do_not_wait_for_each_other_and_quiet_ones_not_at_all() -> None:
    t = FakeTime()
    pacer = Pacer(1.0, now=lambda: t.now, sleep=t.sleep)
    await pacer.wait("C1")
    await pacer.wait("C2")
    await pacer.wait("C3")
    assert t.slept == []
    t.now += 0.25
    await pacer.wait("C1")  # 0.25 s after its last post: waits the rest
    assert t.slept == [0.75]
    t.now += 5
    await pacer.wait("C2")
    assert t.slept == [0.75]


async def test_concurrent_posters_to_one_channel_queue_up() -> None:
    t = FakeTime()
    pacer = Pacer(1.0, now=lambda: t.now, sleep=t.sleep)
    await asyncio.gather(*(pacer.wait("C1") for _ in range(3)))
    assert t.slept == [1.0, 1.0]
