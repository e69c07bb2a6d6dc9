"""Rate limits on top of the `limits` library: in memory by default, shared when configured.

When the shared storage (Redis) is down, a caller decides: redirects fail open (a friend still
reaches the shop), everything else fails closed with a typed, retryable SERVICE_UNAVAILABLE.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse, parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from server.errors import RateLimited, ServiceUnavailable
from server.transient import Throttled

log = logging.getLogger("vouch.ratelimit")
RETRY_AFTER_SECONDS = 5


class StorageError(Exception):
    """The rate-limit storage cannot be used; the message says why, in one line."""


def _options(storage_uri: str) -> dict[str, Any]:
    # limits defaults to coredis for async Redis; the `vouch[redis]` extra ships redis-py.
    scheme = storage_uri.split("://", 1)[0].lower()
    return {"implementation": "redispy"} if scheme.startswith("async+redis") else {}


def open_storage(storage_uri: str) -> Any:
    from limits.errors import ConfigurationError

    try:
        return storage_from_string(storage_uri, **_options(storage_uri))
    except ConfigurationError as exc:
        hint = " (install the extra: pip install 'vouch[redis]')" if "redis" in storage_uri else ""
        raise StorageError(f"VOUCH_RATE_LIMIT_STORAGE cannot be used: {exc}{hint}") from None


@dataclass(frozen=True, slots=True)
class Budget:
    """Where a caller stands against a points-per-window budget (IETF RateLimit fields)."""

    limit: int
    remaining: int
    reset: int  # seconds until the oldest spent points return
    allowed: bool = True


class RateLimiter:
    def __init__(self, storage_uri: str, *, enabled: bool = True) -> None:
        self._storage = open_storage(storage_uri)
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._enabled = enabled
        self._rules: dict[str, list[RateLimitItem]] = {}
        self._down = Throttled(log, 60.0)

    async def reachable(self) -> bool:
        """Whether the storage answers (always true in memory)."""
        return bool(await self._storage.check())

    def _items(self, rule: str) -> list[RateLimitItem]:
        if rule not in self._rules:
            self._rules[rule] = parse_many(rule)
        return self._rules[rule]

    async def retry_after(self, rule: str, *keys: str, fail_open: bool = False) -> int | None:
        """Count one hit against every limit in `rule` ("10/minute;100/hour") for `keys`;
        None when allowed, else the seconds until the tightest limit frees up. If the storage
        is down: None with `fail_open`, else ServiceUnavailable."""
        if not self._enabled:
            return None
        try:
            return await self._retry_after(rule, *keys)
        except Exception as exc:
            self._down.warning("rate-limit storage unavailable: %s", exc)
            if fail_open:
                return None
            raise ServiceUnavailable(
                "Rate limits cannot be checked right now; retry shortly.",
                retry_after=RETRY_AFTER_SECONDS,
            ) from exc

    async def _retry_after(self, rule: str, *keys: str) -> int | None:
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
        when they are not all there. None when rate limits are off, and when the storage is
        down: the query budget fails open (each operation's cost limit still applies, and
        mutations fail closed on their own limit)."""
        if not self._enabled:
            return None
        item = parse(rule)
        try:
            allowed = cost <= item.amount and await self._limiter.hit(
                item, *keys, cost=max(cost, 0)
            )
            return await self._budget(item, keys, allowed=allowed)
        except Exception as exc:
            self._down.warning("rate-limit storage unavailable: %s", exc)
            return None

    async def budget(self, rule: str, *keys: str) -> Budget | None:
        """The budget as it stands, spending nothing (None while the storage is down)."""
        if not self._enabled:
            return None
        try:
            return await self._budget(parse(rule), keys, allowed=True)
        except Exception as exc:
            self._down.warning("rate-limit storage unavailable: %s", exc)
            return None

    async def _budget(self, item: RateLimitItem, keys: tuple[str, ...], *, allowed: bool) -> Budget:
        stats = await self._limiter.get_window_stats(item, *keys)
        remaining = max(0, stats.remaining)
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        if remaining == item.amount:
            reset = 0
        return Budget(limit=item.amount, remaining=remaining, reset=reset, allowed=allowed)


async def check_storage(storage_uri: str) -> None:
    """At startup: the storage is usable and answers, else StorageError with one line."""
    storage = open_storage(storage_uri)
    try:
        ok = bool(await storage.check())
    except Exception as exc:
        raise StorageError(f"cannot reach the rate-limit storage: {exc}") from None
    if not ok:
        raise StorageError("cannot reach the rate-limit storage (it did not answer a ping)")
