"""Rate limits on top of the `limits` library: in memory by default, shared when configured."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse, parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from server.errors import RateLimited


@dataclass(frozen=True, slots=True)
class Budget:
    """Where a caller stands against a points-per-window budget (IETF RateLimit fields)."""

    limit: int
    remaining: int
    reset: int  # seconds until the oldest spent points return
    allowed: bool = True


class RateLimiter:
    def __init__(self, storage_uri: str, *, enabled: bool = True) -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._enabled = enabled
        self._rules: dict[str, list[RateLimitItem]] = {}

    async def reachable(self) -> bool:
        """Whether the storage answers (always true in memory)."""
        return bool(await self._limiter.storage.check())

    def _items(self, rule: str) -> list[RateLimitItem]:
        if rule not in self._rules:
            self._rules[rule] = parse_many(rule)
        return self._rules[rule]

    async def retry_after(self, rule: str, *keys: str) -> int | None:
        """Count one hit against every limit in `rule` ("10/minute;100/hour") for `keys`;
        None when allowed, else the seconds until the tightest limit frees up."""
        if not self._enabled:
            return None
        wait = 0.0
        for item in self._items(rule):
            if not await self._limiter.hit(item, *keys):
                stats = await self._limiter.get_window_stats(item, *keys)
                wait = max(wait, stats.reset_time - time.time())
        return max(1, math.ceil(wait)) if wait else None

    async def check(self, rule: str, *keys: str, what: str = "requests") -> None:
        wait = await self.retry_after(rule, *keys)
        if wait is not None:
            raise RateLimited(f"Too many {what}; retry in {wait} s.", retry_after=wait)

    async def spend(self, rule: str, cost: int, *keys: str) -> Budget | None:
        """Take `cost` points from the budget `rule` ("100000/minute") atomically, or nothing
        when they are not all there. None when rate limits are off."""
        if not self._enabled:
            return None
        item = parse(rule)
        allowed = cost <= item.amount and await self._limiter.hit(item, *keys, cost=max(cost, 0))
        return await self._budget(item, keys, allowed=allowed)

    async def budget(self, rule: str, *keys: str) -> Budget | None:
        """The budget as it stands, spending nothing."""
        if not self._enabled:
            return None
        return await self._budget(parse(rule), keys, allowed=True)

    async def _budget(self, item: RateLimitItem, keys: tuple[str, ...], *, allowed: bool) -> Budget:
        stats = await self._limiter.get_window_stats(item, *keys)
        remaining = max(0, stats.remaining)
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        if remaining == item.amount:
            reset = 0
        return Budget(limit=item.amount, remaining=remaining, reset=reset, allowed=allowed)
