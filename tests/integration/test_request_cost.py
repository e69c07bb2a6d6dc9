"""What every request pays for beyond its own work: no extra round trip when a pooled
PostgreSQL connection goes back to the pool."""

from __future__ import annotations

import httpx
import pytest
from asyncpg.connection import Connection  # type: ignore[import-untyped]

from server import db
from server.settings import Settings
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
    assert await gql(client, "{ __typename }") == {"__typename": "Query"}
    # The session lookup ran on a pooled connection and released it without
    # `RESET ALL; UNLISTEN *; ...` (one more round trip per statement).
    assert resets == []
