"""What every request pays for beyond its own work: on PostgreSQL no reset round trip when a
pooled connection goes back, committed reads on a few connections of their own."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from asyncpg.connection import Connection  # type: ignore[import-untyped]

from server import db
from server.settings import Settings
from server.sql import Statement, connections
from tests.conftest import gql


async def test_postgres_pool_release_sends_no_reset_query(
    client: httpx.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.dialect_of(settings) != "postgres":
        pytest.skip("PostgreSQL's connection pool")
    resets: list[Connection] = []
    original = Connection.reset

    async def counted(self: Connection, **options: float | None) -> None:
        resets.append(self)
        await original(self, **options)

    monkeypatch.setattr(Connection, "reset", counted)
    assert await gql(client, "{ campaigns(first: 1) { nodes { id } } }") is not None
    # A statement on Tortoise's pool outside a transaction: its connection went back without
    # `RESET ALL; UNLISTEN *; ...` (one more round trip per statement).
    assert await db.connection().execute_query_dict("SELECT 1 AS one") == [{"one": 1}]
    assert resets == []


async def test_postgres_reads_share_a_few_connections_of_their_own(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    if db.dialect_of(settings) != "postgres":
        pytest.skip("PostgreSQL's read connections")
    reader = await connections.reader()
    assert isinstance(reader, connections.PostgresReader)
    stmt = Statement.of("test.sleep", "SELECT pg_sleep(0.01) IS NULL AS slept, ?::int AS n")
    # More concurrent reads than connections: the rest go to Tortoise's pool, none fails.
    found = await asyncio.gather(*(reader.rows(stmt, [i]) for i in range(20)))
    assert [rows[0]["n"] for rows in found] == list(range(20))
    assert await gql(client, "{ __typename }") == {"__typename": "Query"}
    assert len(reader._idle) <= connections.READ_CONNECTIONS
    # A read cancelled mid-statement drops its connection; the next read opens another.
    slow = Statement.of("test.slow", "SELECT pg_sleep(5) IS NULL AS slept")
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await reader.rows(slow, [])
    assert (await reader.rows(stmt, [7]))[0]["n"] == 7
    assert reader._busy == 0


async def test_session_revocation_counts_at_the_next_request(client: httpx.AsyncClient) -> None:
    """Authentication reads the session on every request (on PostgreSQL through the read
    connections): signing out refuses the very next request with the same token."""
    assert await gql(client, "{ __typename }") == {"__typename": "Query"}
    await gql(client, "mutation { logout { __typename } }")
    refused = await client.post("/graphql", json={"query": "{ __typename }"})
    assert refused.status_code == 401
