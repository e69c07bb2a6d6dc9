"""PostgreSQL: the redirect's per-process link cache (server/referrals/queries.py), emptied by
the NOTIFY that migration 0026's triggers send. Another worker's change is simulated by a
connection of its own, outside this process's Tortoise client: this process learns of it
from the notification only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
import pytest_asyncio

from server import db
from server.postgres_engine import VouchAsyncpgClient
from server.referrals import queries
from server.referrals.models import LinkStatus, ReferralLink
from server.sql import trace
from server.sql.notified import NotifiedCache
from server.sql.pg_writer import own_connection
from tests.conftest import gql, link_cache_settled, until
from tests.factories import click, enroll, live_campaign
from tests.ids import pk

UPDATE = """mutation($id: ID!, $url: String!) { updateCampaign(id: $id, input: {landingUrl: $url})
  { __typename ... on UserError { code message } } }"""


@pytest_asyncio.fixture
async def links(client: httpx.AsyncClient) -> NotifiedCache[Any]:
    if db.dialect() != "postgres":
        pytest.skip("LISTEN/NOTIFY: PostgreSQL only (SQLite reads the link every time)")
    found = queries.notified_links()
    assert found is not None
    return found


@pytest_asyncio.fixture
async def other_worker(links: NotifiedCache[Any]) -> AsyncIterator[Any]:
    conn = await own_connection(cast(VouchAsyncpgClient, db.connection()))
    try:
        yield conn
    finally:
        await conn.close()


async def _cached_redirect(client: httpx.AsyncClient, code: str) -> None:
    """Once earlier changes' notifications are in, redirects are served from the cache: no
    link lookup."""
    assert await link_cache_settled()
    await click(client, code)
    with trace.counting() as counted:
        await click(client, code)
    assert "redirect.link_by_code" not in counted, dict(counted)


async def _live_link(client: httpx.AsyncClient, links: NotifiedCache[Any]) -> tuple[str, str]:
    cid = await live_campaign(client)
    code = str((await enroll(client, cid))["code"])
    await _cached_redirect(client, code)
    return cid, code


async def test_another_workers_changes_empty_the_cache(
    client: httpx.AsyncClient, links: NotifiedCache[Any], other_worker: Any
) -> None:
    cid, code = await _live_link(client, links)

    async def status() -> int:
        return (await client.head(f"/r/{code}")).status_code

    await other_worker.execute("UPDATE referral_link SET status = 'blocked' WHERE code = $1", code)
    await until(lambda: links.get(("redirect.link_by_code", code)) is None, "notified")
    assert await status() == 404
    await other_worker.execute("UPDATE referral_link SET status = 'active' WHERE code = $1", code)
    await until(lambda: links.get(("redirect.link_by_code", code)) is None, "notified")
    assert await status() == 302
    await _cached_redirect(client, code)

    await other_worker.execute(
        "UPDATE campaign SET landing_url = 'https://shop.example.com/moved' WHERE id = $1",
        pk(cid),
    )
    await until(lambda: links.get(("redirect.link_by_code", code)) is None, "notified")
    moved = await client.get(f"/r/{code}")
    assert moved.headers["location"].startswith("https://shop.example.com/moved?")
    await _cached_redirect(client, code)

    await other_worker.execute("UPDATE campaign SET status = 'ended'")
    await until(lambda: links.get(("redirect.link_by_code", code)) is None, "notified")
    ended = await client.get(f"/r/{code}")
    assert ended.headers["location"] == "https://shop.example.com/moved", ended.headers


async def test_a_link_another_worker_creates_is_found(
    client: httpx.AsyncClient, links: NotifiedCache[Any], other_worker: Any
) -> None:
    _cid, code = await _live_link(client, links)
    assert (await client.head("/r/NEWC2DE7XY")).status_code == 404  # misses are never kept
    async with other_worker.transaction():
        advocate = await other_worker.fetchval(
            """INSERT INTO advocate (email, name, created_at)
            VALUES ('bea@example.com', 'Bea', now()) RETURNING id"""
        )
        await other_worker.execute(
            """INSERT INTO referral_link (campaign_id, advocate_id, code, status, created_at)
            SELECT campaign_id, $2, 'NEWC2DE7XY', 'active', created_at
            FROM referral_link WHERE code = $1""",
            code,
            advocate,
        )
    assert (await client.head("/r/NEWC2DE7XY")).status_code == 302


async def test_this_processs_own_changes_are_seen_at_once(
    client: httpx.AsyncClient, links: NotifiedCache[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    cid, code = await _live_link(client, links)
    # Notifications are ignored from here on (as if slow to arrive): only the process's own
    # writes empty the cache (server/postgres_engine.py's LINK_WRITES).
    monkeypatch.setattr(links, "forget", lambda: None)
    assert await link_cache_settled()
    changed = await gql(client, UPDATE, id=cid, url="https://shop.example.com/new")
    assert changed["updateCampaign"]["__typename"] == "Campaign", changed
    after = await client.get(f"/r/{code}")  # no wait for the notification
    assert after.headers["location"].startswith("https://shop.example.com/new?")
    await _cached_redirect(client, code)
    await ReferralLink.filter(code=code).update(status=LinkStatus.BLOCKED)
    assert (await client.head(f"/r/{code}")).status_code == 404
    monkeypatch.undo()
    links.forget()  # what it kept while notifications were ignored


async def test_redirects_read_the_database_while_the_listener_is_down(
    client: httpx.AsyncClient, links: NotifiedCache[Any], other_worker: Any
) -> None:
    _cid, code = await _live_link(client, links)
    pid = links.server_pid
    assert pid is not None
    await other_worker.execute("SELECT pg_terminate_backend($1)", pid)
    await until(lambda: not links.listening, "the loss is noticed")
    # Changed while nothing listens for this process: redirects read the database.
    await other_worker.execute("UPDATE referral_link SET status = 'blocked' WHERE code = $1", code)
    with trace.counting() as counted:
        assert (await client.head(f"/r/{code}")).status_code == 404
    assert counted["redirect.link_by_code"] == 1
    await until(lambda: links.listening, "the listener reconnects")
    assert links.server_pid != pid
    assert (await client.head(f"/r/{code}")).status_code == 404
    await other_worker.execute("UPDATE referral_link SET status = 'active' WHERE code = $1", code)
    await until(lambda: links.get(("redirect.link_by_code", code)) is None, "notified")
    await _cached_redirect(client, code)
