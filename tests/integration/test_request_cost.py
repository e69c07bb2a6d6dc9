"""What every request pays for beyond its own work: on PostgreSQL no reset round trip when a
pooled connection goes back, committed reads on a few connections of their own."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import pytest
from asyncpg.connection import Connection  # type: ignore[import-untyped]
from tortoise.backends.asyncpg.client import TransactionWrapper
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

from server import db
from server.accounts.models import Role
from server.app import create_app
from server.clock import FrozenClock
from server.settings import Settings
from server.sql import Statement, connections
from tests.conftest import gql, make_client, staff_token
from tests.factories import live_campaign


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
    # More concurrent reads than connections: the rest wait for their turn, none fails, and
    # Tortoise's pool is not used.
    pool = db.connection()._pool
    in_use = pool.get_size() - pool.get_idle_size()
    found = await asyncio.gather(*(reader.rows(stmt, [i]) for i in range(20)))
    assert [rows[0]["n"] for rows in found] == list(range(20))
    assert pool.get_size() - pool.get_idle_size() == in_use
    assert await gql(client, "{ __typename }") == {"__typename": "Query"}
    assert reader._free.qsize() == connections.READ_CONNECTIONS
    # A read cancelled mid-statement drops its connection; the next read opens another.
    slow = Statement.of("test.slow", "SELECT pg_sleep(5) IS NULL AS slept")
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await reader.rows(slow, [])
    assert (await reader.rows(stmt, [7]))[0]["n"] == 7
    assert reader._free.qsize() == connections.READ_CONNECTIONS


async def test_postgres_reads_are_planned_once_per_connection(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """A read's plan does not depend on its values: the read connections keep a generic plan
    rather than planning again on every execution; Tortoise's pool keeps the server default."""
    if db.dialect_of(settings) != "postgres":
        pytest.skip("PostgreSQL's read connections")
    reader = await connections.reader()
    mode = Statement.of("test.plan_mode", "SELECT current_setting('plan_cache_mode') AS m")
    assert (await reader.rows(mode, []))[0]["m"] == "force_generic_plan"
    pooled = await db.connection().execute_query_dict(mode.postgres)
    assert pooled[0]["m"] == "auto"


async def test_session_revocation_counts_at_the_next_request(client: httpx.AsyncClient) -> None:
    """Authentication reads the session on every request (on PostgreSQL through the read
    connections): signing out refuses the very next request with the same token."""
    assert await gql(client, "{ __typename }") == {"__typename": "Query"}
    await gql(client, "mutation { logout { __typename } }")
    refused = await client.post("/graphql", json={"query": "{ __typename }"})
    assert refused.status_code == 401


@pytest.mark.parametrize(
    ("stalls", "table"),
    [
        ('FROM "campaign"', "campaign"),  # the ORM's read, on Tortoise's pool
        ("FROM staff_session s", "staff_session"),  # authentication, on a read connection
    ],
)
async def test_a_request_stopped_between_parse_and_bind_leaves_no_lock_behind(
    settings: Settings,
    clock: FrozenClock,
    clean: None,
    monkeypatch: pytest.MonkeyPatch,
    stalls: str,
    table: str,
) -> None:
    """The time limit can strike after asyncpg's prepare (Parse, Describe, Flush: no Sync) has
    returned and before its Bind: the server then holds the statement's table locks and waits
    for the rest. The pooled connection must not go back in that state (without a reset it
    did, and the next TRUNCATE waited forever): its next user would be another request."""
    if db.dialect_of(settings) != "postgres":
        pytest.skip("asyncpg's extended protocol")
    token = await staff_token(create_app(settings, clock=clock, manage_db=False), Role.OWNER)
    async with make_client(create_app(settings, clock=clock, manage_db=False), token) as setup:
        await live_campaign(setup)
    stalled: list[str] = []
    original = Connection._get_statement

    async def parsed_then_stalled(self: Connection, query: str, *args: Any, **kw: Any) -> Any:
        target = stalls in query and not stalled
        if target:
            kw["use_cache"] = False  # a Parse on the server, not a statement cached earlier
        statement = await original(self, query, *args, **kw)
        if target:
            stalled.append(query)
            await asyncio.sleep(10)  # the time limit (1 s) strikes here
        return statement

    monkeypatch.setattr(Connection, "_get_statement", parsed_then_stalled)
    app = create_app(
        settings.model_copy(update={"request_timeout_seconds": 1.0}),
        clock=clock,
        manage_db=False,
        run_jobs=False,
    )
    async with make_client(app, token) as c:
        response = await c.post("/graphql", json={"query": "{ campaigns { nodes { id } } }"})
    assert stalled, "the read never reached asyncpg's prepare"
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    # Another session needs the whole table, as the next test's TRUNCATE did: it gets it.
    other = await asyncpg.connect(settings.database_url)
    try:
        async with other.transaction():
            await asyncio.wait_for(
                other.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"), timeout=10
            )
    finally:
        await other.close()


async def test_a_transaction_stopped_at_begin_gives_its_connection_back(
    settings: Settings, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tortoise acquires the transaction's connection, then BEGINs: a time limit striking there
    used to leave the connection taken for good (and the task inside the transaction)."""
    if db.dialect_of(settings) != "postgres":
        pytest.skip("Tortoise's asyncpg pool")
    client = db.connection()
    in_use = client._pool.get_size() - client._pool.get_idle_size()
    original = TransactionWrapper.begin

    async def stalled_begin(self: TransactionWrapper) -> None:
        await original(self)
        await asyncio.sleep(10)

    monkeypatch.setattr(TransactionWrapper, "begin", stalled_begin)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.3), in_transaction():
            pytest.fail("the block ran although BEGIN was stopped")
    assert not isinstance(db.connection(), TransactionalDBClient)
    assert client._pool.get_size() - client._pool.get_idle_size() == in_use
