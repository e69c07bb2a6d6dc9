"""SQLite held by another writer past busy_timeout: the API answers a typed, retryable
SERVICE_UNAVAILABLE (503 + Retry-After), a friend's click still reaches the shop and is
counted as lost, and everything works again once the lock is released."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from server import db
from server.settings import Settings
from server.tracking import lost_clicks
from tests.factories import ENROLL, click, enroll, live_campaign


@contextmanager
def write_locked(settings: Settings) -> Iterator[None]:
    """Another process's connection holding SQLite's write lock."""
    path = Path(settings.database_url.removeprefix("sqlite://").split("?", 1)[0])
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_locked_sqlite_is_retryable_and_clicks_still_land(
    client: httpx.AsyncClient, app: Starlette, settings: Settings
) -> None:
    if db.dialect_of(settings) != "sqlite":
        pytest.skip("SQLite locking")
    campaign = await live_campaign(client)
    code = (await enroll(client, campaign))["code"]
    await click(client, code)  # recorded; the worker now knows the link
    await db.connection().execute_script("PRAGMA busy_timeout=200")
    lost = lost_clicks.total()
    try:
        with write_locked(settings):
            response = await client.post(
                "/graphql",
                json={
                    "query": ENROLL,
                    "variables": {"input": {"campaignId": campaign, "email": "bea@example.com"}},
                },
            )
            assert response.status_code == 503, response.text
            assert int(response.headers["retry-after"]) > 0
            errors = response.json()["errors"]
            assert [e["extensions"]["code"] for e in errors] == ["SERVICE_UNAVAILABLE"]
            assert "locked" not in response.text

            friend = await client.get(f"/r/{code}")
            assert friend.status_code == 302
            landing = urlsplit(friend.headers["location"])
            assert landing.netloc == "shop.example.com"
            assert parse_qs(landing.query) == {"ref": [code], "vw": ["30"]}
            assert "vouch_ref=" in friend.headers["set-cookie"]
            assert lost_clicks.total() == lost + 1
    finally:
        await db.connection().execute_script("PRAGMA busy_timeout=5000")
    # The lock is gone: the same mutation and clicks work again.
    assert (await enroll(client, campaign, email="bea@example.com"))["code"]
    await click(client, code)
    assert lost_clicks.total() == lost + 1
