"""Posting pace: Slack allows about one message per second per channel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Pacer:
    """`await pacer.wait(channel)` before each post: returns at once for a channel that has
    not been posted to for `interval` seconds, otherwise sleeps the remainder. Channels do
    not wait for each other. `now` and `sleep` are injectable for tests."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        now: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self._now = now or (lambda: asyncio.get_running_loop().time())
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, channel: str) -> None:
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            now = self._now()
            due = self._next.get(channel, now)
            if due > now:
                await self._sleep(due - now)
                now = due
            self._next[channel] = now + self.interval
