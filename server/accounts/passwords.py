"""argon2id password hashing, always off the event loop."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# A valid hash of a random password: verifying against it costs what a real verify costs, so
# an unknown email answers in about the same time as a wrong password.
_DUMMY_PASSWORD = "vouch-timing-equaliser"  # noqa: S105 - not a credential


class Passwords:
    def __init__(self, *, cheap: bool = False) -> None:
        # Cheap parameters exist for the test suite only (VOUCH_ENV=test).
        self._hasher = (
            PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
            if cheap
            else PasswordHasher()
        )
        self._dummy = self._hasher.hash(_DUMMY_PASSWORD)

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, digest: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(digest or self._dummy, password) and digest is not None
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)

    def needs_rehash(self, digest: str) -> bool:
        return self._hasher.check_needs_rehash(digest)
