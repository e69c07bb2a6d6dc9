"""The sign-in throttle: every attempt is reserved before any password work, the same way for
known and unknown emails, and an attacker elsewhere cannot lock the owner out.

Three counters, each spent atomically (the `limits` storage) before the password is checked:
- per address, across all accounts (guessing many accounts from one place);
- per (account, address): a few attempts per window (successful ones included);
- per account, a much higher ceiling that counts only attempts from addresses that never
  signed in to that account, so a botnet slows itself down without locking the owner out of
  the address they sign in from.
Accounts are counted by a keyed hash of the canonical email, so an unknown email is throttled
exactly as a known one is and nothing in the answer or its cost tells them apart."""

from __future__ import annotations

from dataclasses import dataclass

from server.audit.models import AuditEvent
from server.errors import RateLimited
from server.ratelimit import RateLimiter
from server.referrals.rules import keyed_hash

LIMITED = "Too many sign-in attempts; retry in {wait} s."


@dataclass(frozen=True, slots=True)
class SignInThrottle:
    limiter: RateLimiter
    address_rule: str  # VOUCH_LOGIN_LIMIT
    pair_rule: str  # VOUCH_LOGIN_ACCOUNT_ADDRESS_LIMIT
    account_rule: str  # VOUCH_LOGIN_ACCOUNT_LIMIT
    ip_hash: str
    account_key: bytes

    def account(self, email: str) -> str:
        return keyed_hash(self.account_key, email or "<none>")

    async def reserve(self, account: str) -> None:
        """Spend one attempt per address and per (account, address), or refuse."""
        await self._spend(self.address_rule, "login", self.ip_hash)
        await self._spend(self.pair_rule, "login-pair", account, self.ip_hash)

    async def reserve_unfamiliar(self, account: str) -> None:
        """Spend one attempt of the account's ceiling (unfamiliar addresses only)."""
        await self._spend(self.account_rule, "login-account", account)

    async def _spend(self, rule: str, *keys: str) -> None:
        wait = await self.limiter.retry_after(rule, *keys)
        if wait is not None:
            raise RateLimited(LIMITED.format(wait=wait), retry_after=wait)


async def familiar_address(user_id: int | None, ip_hash: str | None) -> bool:
    """Whether this address has signed in to this account before (the audit log remembers).
    An unknown account runs the same query, for an id no account has."""
    if not ip_hash:
        return False
    return await AuditEvent.filter(
        target_type="StaffUser",
        target_id=str(user_id if user_id is not None else 0),
        action="staff.login",
        ip_hash=ip_hash,
    ).exists()
