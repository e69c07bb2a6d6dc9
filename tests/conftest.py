"""One migrated database per test session (SQLite by default, PostgreSQL when
VOUCH_TEST_DATABASE_URL says so); every test starts from empty tables."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from starlette.applications import Starlette
from tortoise import Tortoise

from server import db
from server.accounts import service as accounts
from server.accounts import sessions
from server.accounts.models import Role
from server.app import create_app
from server.audit.service import CLI
from server.clock import FrozenClock
from server.referrals import queries
from server.settings import Settings
from tests.field_paths import check_response

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday
TABLES = [
    "stripe_credit",
    "integration_event",
    "integration_customer",
    "integration",
    "runner_lease",
    "email_message",
    "email_join_request",
    "email_suppression",
    "email_template",
    "email_unsubscribe_link",
    "campaign_email_settings",
    "portal_sign_in",
    "webhook_attempt",
    "webhook_delivery",
    "webhook_event",
    "webhook_endpoint",
    "rollup_campaign_day",
    "rollup_visitor",
    "rollup_advocate_day",
    "notification",
    "milestone_rule",
    "ledger_entry",
    "reward_approval",
    "reward_rule_set",
    "staff_session",
    "api_key",
    "audit_event",
    "audit_erasure",
    "milestone",
    "fraud_refused_edge",
    "advocate_evidence",
    "advocate_session",
    "blocklist_entry",
    "shared_network",
    "fraud_rule_setting",
    "reward",
    "refund",
    "conversion",
    "referral",
    "click",
    "referral_link",
    "advocate",
    "campaign",
    "staff_user",
]


def _database_url(tmp: Path) -> str:
    return os.environ.get("VOUCH_TEST_DATABASE_URL") or f"sqlite://{tmp / 'test.db'}"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        DATABASE_URL=_database_url(tmp_path_factory.mktemp("db")),
        VOUCH_ENV="test",
        VOUCH_SECRET_KEY="test-secret-key-that-is-long-enough-000",
        VOUCH_PUBLIC_URL="https://vouch.example.com",
        # Tests fast-forward the clock by weeks; session expiry has its own tests.
        VOUCH_SESSION_IDLE_MINUTES=60 * 24 * 365,
        VOUCH_SESSION_MAX_HOURS=24 * 365,
    )


@pytest_asyncio.fixture(scope="session")
async def database(settings: Settings) -> AsyncIterator[None]:
    """Apply the real migrations once, so tests also prove the migrations work."""
    if db.dialect_of(settings) == "postgres":
        await Tortoise.init(config=db.tortoise_config(settings))
        await db.connection().execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await Tortoise.close_connections()
    await db.migrate(settings)
    await Tortoise.close_connections()
    await Tortoise.init(config=db.tortoise_config(settings), _enable_global_fallback=True)
    yield
    await Tortoise.close_connections()


@pytest_asyncio.fixture
async def clean(database: None, settings: Settings) -> AsyncIterator[None]:
    conn = db.connection()
    if db.dialect_of(settings) == "postgres":
        tables = ", ".join(TABLES)
        await conn.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE;")
    else:
        # The append-only triggers refuse row deletes (PostgreSQL's TRUNCATE is not a row
        # operation): drop them for the wipe and put the very same ones back.
        _, triggers = await conn.execute_query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
        wipe = "".join(f"DROP TRIGGER {t['name']};" for t in triggers)
        wipe += "".join(f"DELETE FROM {t};" for t in TABLES)  # noqa: S608
        wipe += "".join(f"{t['sql']};" for t in triggers)
        await conn.execute_script(wipe)
        # Ids restart at 1, as PostgreSQL's RESTART IDENTITY does.
        await conn.execute_script("DELETE FROM sqlite_sequence;")
    yield


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


STAFF_PASSWORD = "tidal-lantern-9-orbit"


async def until(done: Callable[[], bool], what: str) -> None:
    """Poll, bounded, for what follows a background event (e.g. a NOTIFY's delivery)."""
    for _ in range(1000):
        if done():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


async def link_cache_settled() -> bool:
    """PostgreSQL: once the redirect's link cache listens and every notification sent so far
    has reached it (they arrive in commit order: a marker sent now comes last). False on
    SQLite, which has no link cache."""
    links = queries.notified_links()
    if links is None:
        return False
    await until(lambda: links.listening, "the link listener is connected")
    marker = secrets.token_hex(8)
    await db.connection().execute_query("SELECT pg_notify($1, $2)", [queries.LINK_CHANNEL, marker])
    await until(lambda: links.last_payload == marker, "the marker notification arrives")
    return True


async def _fields_are_inputs(response: httpx.Response) -> None:
    """Every `field` a GraphQL answer names is an input path of the field that answered."""
    if response.request.method == "POST" and response.request.url.path == "/graphql":
        try:
            sent = response.request.content
        except httpx.RequestNotRead:  # a streamed body (the body-limit tests): not JSON to us
            return
        await response.aread()
        check_response(sent, response.content)


def make_client(app: Starlette, token: str | None = None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4242))
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=transport,
        base_url="https://vouch.example.com",
        headers=headers,
        event_hooks={"response": [_fields_are_inputs]},
    )


async def staff_token(app: Starlette, role: Role, email: str | None = None) -> str:
    """Create a staff member of `role` through the service and sign them in."""
    services = app.state.services
    clock = app.state.clock
    email = email or f"{role.value}@example.com"
    await accounts.create_user(
        email=email,
        name=role.value.title(),
        role=role,
        password=STAFF_PASSWORD,
        passwords=services.passwords,
        actor=CLI,
        clock=clock,
    )
    done = await sessions.login(
        email=email,
        password=STAFF_PASSWORD,
        passwords=services.passwords,
        policy=services.session_policy,
        actor=CLI,
        clock=clock,
    )
    return done.token


@pytest.fixture
def app(settings: Settings, clock: FrozenClock) -> Starlette:
    return create_app(settings, clock=clock, manage_db=False, run_jobs=False)


@pytest_asyncio.fixture
async def client(clean: None, app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """Signed in as an owner: the suite's default caller."""
    async with make_client(app, await staff_token(app, Role.OWNER)) as c:
        yield c


@pytest_asyncio.fixture
async def anonymous(clean: None, app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as c:
        yield c


@pytest.fixture
def any_bot_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let bot keys run ad-hoc documents: for tests of other layers (permissions, outbox) that
    script a bot key. The trusted-documents gate itself is tested in test_delegation.py."""
    from server.graphql import trusted

    monkeypatch.setattr(trusted, "_is_bot_key", lambda _context: False)


class GraphQLErrors(AssertionError):
    pass


async def gql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    """POST a GraphQL operation; fail the test on transport or GraphQL errors."""
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body = response.json()
    if body.get("errors"):
        raise GraphQLErrors(body["errors"])
    data: dict[str, Any] = body["data"]
    return data
