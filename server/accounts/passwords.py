"""argon2id password hashing, always off the event loop and never more at once than the
machine has cores: work beyond a short queue is shed with RATE_LIMITED instead of waiting
into the request timeout (and starving everyone else's sign-in)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server.errors import RateLimited

# A valid hash of a random password: verifying against it costs what a real verify costs, so
# an unknown email answers in about the same time as a wrong password.
_DUMMY_PASSWORD = "vouch-timing-equaliser"  # noqa: S105 - not a credential
BUSY = "Sign-in is busy; retry in {wait} s."

T = TypeVar("T")


class Passwords:
    def __init__(self, *, cheap: bool = False, workers: int | None = None) -> None:
        # Cheap parameters exist for the test suite only (VOUCH_ENV=test).
        self._hasher = (
            PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
            if cheap
            else PasswordHasher()
        )
        self._dummy = self._hasher.hash(_DUMMY_PASSWORD)
        # `workers` hashes run at once and as many more may wait for a slot; the rest are shed.
        self.workers = workers or os.cpu_count() or 1
        self.queue = self.workers
        self._slots = asyncio.Semaphore(self.workers)
        self._admitted = 0

    async def hash(self, password: str) -> str:
        return await self._bounded(self._hasher.hash, password)

    async def verify(self, digest: str | None, password: str) -> bool:
        return await self._bounded(self.check, digest, password)

    def check(self, digest: str | None, password: str) -> bool:
        """The blocking verification (run in a worker thread)."""
        try:
            return self._hasher.verify(digest or self._dummy, password) and digest is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, digest: str) -> bool:
        return self._hasher.check_needs_rehash(digest)

    async def _bounded(self, work: Callable[..., T], *args: object) -> T:
        if self._admitted >= self.workers + self.queue:
            raise RateLimited(BUSY.format(wait=1), retry_after=1)
        self._admitted += 1
        try:
            await self._slots.acquire()
        except BaseException:
            self._admitted -= 1
            raise
        done = asyncio.get_running_loop().run_in_executor(None, work, *args)

        def release(_: object) -> None:
            # Released when the thread finishes, not when the request gives up: a timed-out
            # request must not let more hashes run than there are slots.
            self._slots.release()
            self._admitted -= 1

        done.add_done_callback(release)
        return await asyncio.shield(done)
