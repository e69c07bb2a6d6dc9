"""One elected runner for periodic jobs, and subscriptions woken by LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx
import pytest
from starlette.applications import Starlette

from server import db
from server.election.service import AdvisoryElector, LeaseElector, elector
from server.settings import Settings
from tests.factories import convert, enroll, live_campaign
from tests.integration.test_notifications import SUBSCRIBE, _connect, _serve, bot_key


async def test_one_lease_holder_until_it_lets_go_or_expires(clean: None) -> None:
    first = LeaseElector("jobs", ttl_seconds=60, holder="first")
    second = LeaseElector("jobs", ttl_seconds=60, holder="second")
    assert await first.leading()
    assert not await second.leading()
    assert await first.leading()  # renewed by its holder
    await first.close()
    assert await second.leading()
    assert not await first.leading()
    # A holder that stopped renewing loses the lease once it expires.
    stale = LeaseElector("other", ttl_seconds=-1, holder="stale")
    assert await stale.leading()
    assert await LeaseElector("other", ttl_seconds=60, holder="fresh").leading()
    assert not await stale.leading()


async def test_postgres_elects_by_advisory_lock(clean: None, settings: Settings) -> None:
    if db.dialect_of(settings) != "postgres":
        pytest.skip("PostgreSQL advisory locks")
    first, second = elector("jobs", ttl_seconds=60), elector("jobs", ttl_seconds=60)
    assert isinstance(first, AdvisoryElector)
    try:
        assert await first.leading()
        # Its server ends the connection (a restart, a failover) and asyncpg has not noticed
        # yet: the next tick elects again instead of failing ("periodic jobs failed").
        ended = first._conn.get_server_pid()
        await db.connection().execute_query("SELECT pg_terminate_backend($1)", [ended])
        assert await first.leading()
        assert first._conn.get_server_pid() != ended
        assert not await second.leading()
        assert await first.leading()
        await first.close()  # the process's connection is gone: the lock with it
        assert await second.leading()
    finally:
        await first.close()
        await second.close()


@pytest.mark.usefixtures("any_bot_document")  # a bot key subscribing with an ad-hoc document
async def test_postgres_subscription_is_woken_by_notify(
    client: httpx.AsyncClient, app: Starlette, settings: Settings
) -> None:
    """With the poll fallback at 30 s, only NOTIFY can deliver within the 8 s waited here."""
    if db.dialect_of(settings) != "postgres":
        pytest.skip("LISTEN/NOTIFY")
    key = await bot_key(app)
    campaign = await live_campaign(client)
    async with _serve(app) as url:
        ws = await _connect(url)
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}})
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps(SUBSCRIBE))
        message = None
        for i in range(3):
            link = await enroll(client, campaign, email=f"adv{i}@example.com", name=f"Ada{i} L")
            await convert(
                client, f"wake-key-{i:04d}", f"o{i}", referralCode=link["code"], email=f"f{i}@x.org"
            )
            with contextlib.suppress(TimeoutError):
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=8))
                break
        assert message is not None, "no notification was pushed"
        assert message["payload"]["data"]["notificationCreated"]["kind"] == "MILESTONE_REACHED"
        await ws.close()
