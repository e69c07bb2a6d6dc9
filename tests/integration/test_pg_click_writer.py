"""PostgreSQL's click batches on a connection of their own (server/sql/pg_writer.py): a batch
the server refuses fails only its callers and keeps the connection; a connection the server
ended is replaced before the next batch (and the read connections' too, even before asyncpg
noticed); every acknowledged click is committed."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import httpx
import pytest

from server import db
from server.referrals import queries
from server.referrals.models import Click
from server.sql import connections
from server.sql.pg_writer import PostgresWriter
from tests.factories import click, enroll, live_campaign

pytestmark = pytest.mark.skipif(
    not os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's click writer (SQLite's: test_click_writer.py)",
)
CAMPAIGNS = "{ campaigns(first: 5) { nodes { id } } }"


async def _writer() -> PostgresWriter:
    writer = await connections.click_writer()
    assert isinstance(writer, PostgresWriter)
    return writer


async def test_a_refused_batch_fails_its_caller_and_the_connection_stays(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid, "ada@example.com"))["code"]
    first = await Click.get(visit_token=await click(client, code))
    writer = await _writer()
    kept = writer._conn
    assert kept is not None
    with pytest.raises(Exception, match="foreign key"):
        await queries.insert_click(
            link_id=10**9,  # no such link
            campaign_id=first.campaign_id,
            test=False,
            ip_hash="i" * 32,
            ua_hash="u" * 32,
            now=datetime.now(UTC),
        )
    token = await click(client, code)
    assert writer._conn is kept
    assert await Click.filter(visit_token=token).exists()


async def test_a_connection_the_server_ended_is_replaced(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid, "ada@example.com"))["code"]
    await click(client, code)
    writer = await _writer()
    ended = writer._conn
    assert ended is not None
    gone = asyncio.Event()
    ended.add_termination_listener(lambda _conn: gone.set())
    await db.connection().execute_query("SELECT pg_terminate_backend($1)", [ended.get_server_pid()])
    async with asyncio.timeout(10):
        await gone.wait()
    token = await click(client, code)  # alone in its batch: no retry item by item
    assert writer._conn is not ended
    assert await Click.filter(visit_token=token).exists()


async def test_connections_the_server_ended_while_idle_are_replaced_at_once(
    client: httpx.AsyncClient,
) -> None:
    """A restart or failover ends every connection while Vouch's own sit idle, and asyncpg may
    not know yet when the next request comes: that request is answered as if nothing had
    happened (the click writer's BEGIN used to raise "another operation is in progress", a 500
    for the friend; an authenticated query was a 503 from its first read)."""
    cid = await live_campaign(client)
    code = (await enroll(client, cid, "ada@example.com"))["code"]
    await click(client, code)
    writer = await _writer()
    ended = writer._conn
    assert (await client.post("/graphql", json={"query": CAMPAIGNS})).status_code == 200
    await db.connection().execute_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    answer = await client.post("/graphql", json={"query": CAMPAIGNS})  # authenticated: a read
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["campaigns"]["nodes"][0]["id"] == cid
    token = await click(client, code)  # the visit token: recorded, not lost
    assert writer._conn is not ended
    assert await Click.filter(visit_token=token).exists()
