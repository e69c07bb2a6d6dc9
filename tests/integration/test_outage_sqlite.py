"""SQLite held by another writer past busy_timeout: the API answers a typed, retryable
SERVICE_UNAVAILABLE (503 + Retry-After), a friend's click still reaches the shop and is
counted as lost, and everything works again once the lock is released."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from server import db
from server.graphql import pipeline
from server.settings import Settings
from server.tracking import lost_clicks
from server.transient import Throttled
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


async def test_a_full_disk_is_retryable_and_clicks_still_land(
    client: httpx.AsyncClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLITE_FULL ('database or disk is full': the disk, a quota, a size limit) was a bug to
    the API: a masked error and a traceback in the log, and a 500 for the redirect and for
    every request whose session it could not touch. Now an outage: 503 SERVICE_UNAVAILABLE,
    one warning line, friends still redirected; writes work again once there is room."""
    if db.dialect_of(settings) != "sqlite":
        pytest.skip("SQLite's size limit stands in for a full disk")
    # A fresh report interval (another test's outage may just have been reported).
    monkeypatch.setattr(pipeline, "_outage", Throttled(logging.getLogger("vouch.graphql")))
    campaign = await live_campaign(client)
    code = (await enroll(client, campaign))["code"]
    conn = db.connection()
    # Free pages (rows earlier tests deleted) would take many writes to fill, enough for the
    # mutation rate limit to answer first: without them the next page a write needs is refused.
    await conn.execute_script("VACUUM")
    pages = (await conn.execute_query_dict("PRAGMA page_count"))[0]["page_count"]
    await conn.execute_script(f"PRAGMA max_page_count={pages}")  # no room to grow
    try:
        for n in range(500):  # until a write needs a page the file may not have
            response = await client.post(
                "/graphql",
                json={
                    "query": ENROLL,
                    "variables": {"input": {"campaignId": campaign, "email": f"f{n}@example.com"}},
                },
            )
            if response.status_code != 200:
                break
            assert "errors" not in response.json(), response.text
        assert response.status_code == 503, response.text
        assert int(response.headers["retry-after"]) > 0
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
            "SERVICE_UNAVAILABLE"
        ]
        friend = await client.get(f"/r/{code}")
        assert friend.status_code == 302
    finally:
        await conn.execute_script("PRAGMA max_page_count=1073741823")
    said = [r for r in caplog.records if "disk is full" in r.getMessage()]
    assert [r.levelname for r in said] == ["WARNING"], [r.getMessage() for r in said]
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.WARNING)
    assert (await enroll(client, campaign, email="again@example.com"))["code"]
