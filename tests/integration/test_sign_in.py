"""Sign-in that cannot be raced, enumerated or used to lock the owner out, and argon2 work
bounded to the cores. No timings: counts of verifications, codes and the paths taken."""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from server.accounts import signin
from server.accounts.models import Role
from server.accounts.passwords import Passwords
from server.app import create_app
from server.audit.models import AuditEvent
from server.audit.service import CLI
from server.clock import FrozenClock
from server.settings import Settings
from tests.conftest import STAFF_PASSWORD, gql

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on SignedIn { token }
  ... on UserError { code message field retryAfter } } }"""


def _app(settings: Settings, clock: FrozenClock, **changes: Any) -> Starlette:
    return create_app(
        settings.model_copy(update=changes), clock=clock, manage_db=False, run_jobs=False
    )


def _from(app: Starlette, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4242))
    return httpx.AsyncClient(transport=transport, base_url="https://vouch.example.com")


async def _login(app: Starlette, address: str, email: str, password: str) -> dict[str, Any]:
    async with _from(app, address) as c:
        result: dict[str, Any] = (await gql(c, LOGIN, e=email, p=password))["login"]
        return result


async def _staff(app: Starlette, email: str = "mia@example.com") -> None:
    from server.accounts import service as accounts

    await accounts.create_user(
        email=email,
        name="Mia",
        role=Role.MANAGER,
        password=STAFF_PASSWORD,
        passwords=app.state.services.passwords,
        actor=CLI,
        clock=app.state.clock,
    )


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Every argon2 verification that actually ran, by the digest it checked against."""
    seen: list[str | None] = []
    original = Passwords.check

    def spy(self: Passwords, digest: str | None, password: str) -> bool:
        seen.append(digest)
        return original(self, digest, password)

    monkeypatch.setattr(Passwords, "check", spy)
    return seen


ADDRESSES = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]


async def _storm(app: Starlette, email: str, per_address: int = 6) -> list[dict[str, Any]]:
    return await asyncio.gather(
        *(
            _login(app, address, email, f"wrong-password-{i:02d}")
            for address in ADDRESSES
            for i in range(per_address)
        )
    )


async def test_concurrent_attempts_are_reserved_before_the_password_is_checked(
    settings: Settings, clock: FrozenClock, clean: None, checks: list[str | None]
) -> None:
    # 24 at once from 4 addresses: 5 per (account, address), and an account ceiling of 8
    # for addresses that never signed in to it.
    app = _app(settings, clock, login_account_limit="8/hour", password_workers=64)
    await _staff(app)
    results = await _storm(app, "mia@example.com")
    codes = sorted(r["code"] for r in results)
    assert codes == ["RATE_LIMITED"] * 16 + ["UNAUTHENTICATED"] * 8
    assert len(checks) == 8
    assert all(r["retryAfter"] > 0 for r in results if r["code"] == "RATE_LIMITED")


async def test_each_address_gets_a_few_attempts_per_account(
    settings: Settings, clock: FrozenClock, clean: None, checks: list[str | None]
) -> None:
    app = _app(settings, clock, password_workers=64)
    await _staff(app)
    results = await _storm(app, "mia@example.com")
    assert sorted(r["code"] for r in results) == ["RATE_LIMITED"] * 4 + ["UNAUTHENTICATED"] * 20
    assert len(checks) == 20


def _shape(result: dict[str, Any]) -> tuple[str, str, str | None, bool]:
    message = re.sub(r"\d+", "N", result["message"])
    return (result["code"], message, result["field"], result["retryAfter"] is not None)


async def test_known_and_unknown_emails_are_indistinguishable(
    settings: Settings,
    clock: FrozenClock,
    clean: None,
    checks: list[str | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _app(settings, clock, login_account_limit="6/hour")
    await _staff(app)
    familiar: list[int | None] = []
    original = signin.familiar_address

    async def spy(user_id: int | None, ip_hash: str | None) -> bool:
        familiar.append(user_id)
        return await original(user_id, ip_hash)

    monkeypatch.setattr(signin, "familiar_address", spy)
    answers: dict[str, list[tuple[str, str, str | None, bool]]] = {}
    for n, email in enumerate(("mia@example.com", "nobody@example.com")):
        checks.clear()
        before = await AuditEvent.filter(action="staff.login_failed").count()
        # 5 from one address (its allowance), then 2 more from each of 2 other addresses:
        # the 6th per address and the 7th for the account are refused either way.
        shapes = [
            _shape(await _login(app, f"192.0.{n}.1", email, f"wrong-password-{i}"))
            for i in range(6)
        ]
        shapes += [
            _shape(await _login(app, f"192.0.{n}.{last}", email, "wrong-password-x"))
            for last in (2, 3)
        ]
        answers[email] = shapes
        # The same argon2 work (known: the account's hash; unknown: the dummy) ...
        assert len(checks) == 6, email
        # ... and the same audit trail.
        assert await AuditEvent.filter(action="staff.login_failed").count() - before == 6
    assert answers["mia@example.com"] == answers["nobody@example.com"]
    assert [s[0] for s in answers["mia@example.com"]] == ["UNAUTHENTICATED"] * 5 + [
        "RATE_LIMITED",
        "UNAUTHENTICATED",
        "RATE_LIMITED",
    ]
    # Both emails took the familiar-address lookup for every reserved attempt.
    assert len(familiar) == 2 * 7


async def test_an_attacker_elsewhere_cannot_lock_the_owner_out(
    settings: Settings, clock: FrozenClock, clean: None, checks: list[str | None]
) -> None:
    app = _app(settings, clock, login_account_limit="10/hour", password_workers=64)
    await _staff(app)
    home = "203.0.113.50"
    # The owner has signed in from home before (which spent one attempt of the account's
    # ceiling: home was unfamiliar then) and mistypes now and then.
    assert (await _login(app, home, "mia@example.com", STAFF_PASSWORD))["__typename"] == "SignedIn"
    for _ in range(2):
        assert (await _login(app, home, "mia@example.com", "wrong-password-x"))["code"] == (
            "UNAUTHENTICATED"
        )
    assert (await _login(app, home, "mia@example.com", STAFF_PASSWORD))["__typename"] == "SignedIn"
    # An attacker spends the account's whole ceiling from addresses of their own.
    results = await asyncio.gather(
        *(
            _login(app, f"198.51.100.{n}", "mia@example.com", f"guess-{n}-{i}")
            for n in range(10, 16)
            for i in range(5)
        )
    )
    assert sorted(r["code"] for r in results) == ["RATE_LIMITED"] * 21 + ["UNAUTHENTICATED"] * 9
    # Even the right password from a new address now waits ...
    stranger = await _login(app, "198.51.100.99", "mia@example.com", STAFF_PASSWORD)
    assert stranger["code"] == "RATE_LIMITED" and stranger["retryAfter"] > 0
    # ... but the owner at home signs in.
    assert (await _login(app, home, "mia@example.com", STAFF_PASSWORD))["__typename"] == "SignedIn"


async def test_argon2_work_is_bounded_and_the_excess_shed(
    settings: Settings, clock: FrozenClock, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(settings, clock, password_workers=2)
    passwords: Passwords = app.state.services.passwords
    assert (passwords.workers, passwords.queue) == (2, 2)
    release = threading.Event()
    running: list[str | None] = []
    original = Passwords.check

    def blocking(self: Passwords, digest: str | None, password: str) -> bool:
        running.append(digest)
        release.wait(timeout=60)  # a hang guard only; the test releases it
        return original(self, digest, password)

    monkeypatch.setattr(Passwords, "check", blocking)
    total = 7
    tasks = [
        asyncio.create_task(_login(app, f"198.51.100.{i}", f"u{i}@example.com", "wrong-pass-1"))
        for i in range(total)
    ]
    try:
        # 2 verifying, 2 waiting for a slot: the other 3 are answered at once.
        shed = []
        for task in asyncio.as_completed(tasks):
            shed.append(await task)
            if len(shed) == total - 4:
                break
        assert [r["code"] for r in shed] == ["RATE_LIMITED"] * 3
        assert all(r["retryAfter"] == 1 and "busy" in r["message"] for r in shed)
        # The two admitted checks reach their worker threads on the pool's schedule, which
        # can be after the shed answers: wait for both, then confirm no third one starts.
        for _ in range(1000):
            if len(running) >= 2:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        assert len(running) == 2  # never more argon2 at once than there are workers
    finally:
        release.set()
    rest = await asyncio.gather(*tasks)
    assert sorted(r["code"] for r in rest).count("UNAUTHENTICATED") == 4
    assert len(running) == 4


async def test_a_session_cannot_guess_its_current_password_freely(
    settings: Settings, clock: FrozenClock, clean: None, checks: list[str | None]
) -> None:
    app = _app(settings, clock)
    await _staff(app)
    token = (await _login(app, "192.0.2.77", "mia@example.com", STAFF_PASSWORD))["token"]
    query = """mutation($c: String!) { changePassword(currentPassword: $c,
      newPassword: "fresh-granite-mosaic-8") { __typename ... on UserError { code } } }"""
    checks.clear()
    async with _from(app, "192.0.2.77") as c:
        c.headers["authorization"] = f"Bearer {token}"
        codes = [
            (await gql(c, query, c=f"guess-number-{i}"))["changePassword"]["code"] for i in range(5)
        ]
    # The sign-in already spent one of the 5 attempts this address has for the account.
    assert codes == ["UNAUTHENTICATED"] * 4 + ["RATE_LIMITED"]
    assert len(checks) == 4


async def test_the_audit_log_names_whoever_signed_in(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    """A sign-in is its account's own act: the audit entry's actor is that account (the caller
    was anonymous until the password matched), not "anonymous"."""
    from server.accounts.models import StaffUser

    app = _app(settings, clock)
    await _staff(app)
    assert "token" in await _login(app, "192.0.2.9", "mia@example.com", STAFF_PASSWORD)
    mia = await StaffUser.get(email="mia@example.com")
    event = await AuditEvent.filter(action="staff.login").order_by("-id").first()
    assert event is not None
    assert (event.actor_kind, event.actor_id, event.target_id) == (
        "staff",
        str(mia.id),
        str(mia.id),
    )
