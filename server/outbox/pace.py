"""Background delivery yields to requests, for a bounded time.

E-mails and webhooks are delivered by the process that answers requests (server/jobs.py). A
batch of e-mails costs milliseconds of CPU each (templates, MIME), as much as the conversions
that enqueued them: delivered while a burst of requests is being answered, it slows the burst
by a third. So a delivery round waits for a quiet moment: no HTTP request started or ended
within `SETTLE_SECONDS` (a request that streams for long does not hold delivery back). It
never waits longer than the process's yield limit (`VOUCH_DELIVERY_YIELD_SECONDS`): under load
that never pauses, a round starts once the limit has passed and drains everything due, so
nothing waits much longer than the limit and delivery keeps up on average. The work is moved,
not saved: after a burst the process delivers what the burst enqueued. A limit of 0 never
waits.

Per process: each `serve` worker watches its own requests (WebSockets are long-lived and do
not count)."""

from __future__ import annotations

import asyncio
import time

SETTLE_SECONDS = 0.05  # a pause this long between requests counts as quiet
POLL_SECONDS = 0.05

_last_request = 0.0


def request_seen() -> None:
    """A request started or ended (the app calls this for each HTTP request, twice)."""
    global _last_request
    _last_request = time.monotonic()


def quiet_now(now: float) -> bool:
    return now - _last_request >= SETTLE_SECONDS


async def quiet(longest: float) -> float:
    """Wait for a quiet moment, at most `longest` seconds; returns the seconds waited."""
    began = time.monotonic()
    now = began
    while not quiet_now(now) and now - began < longest:
        await asyncio.sleep(POLL_SECONDS)
        now = time.monotonic()
    return now - began
