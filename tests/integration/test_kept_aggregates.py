"""The SQLite read connection answers an aggregate again from its last run only while no
connection, of this process or another, has committed since (`PRAGMA data_version`)."""

from __future__ import annotations

import sqlite3

import httpx

from server import db
from server.sql import trace
from server.sqlite_engine import ImmediateSqliteClient
from tests.conftest import gql
from tests.factories import click, enroll, live_campaign

STATS = """query($id: ID!) { campaign(id: $id) { stats { clicks uniqueVisitors } } }"""


async def _stats(client: httpx.AsyncClient, cid: str) -> dict[str, int]:
    stats: dict[str, int] = (await gql(client, STATS, id=cid))["campaign"]["stats"]
    return stats


async def test_kept_stats_change_with_any_commit(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    await click(client, code, "A")
    first = await _stats(client, cid)
    with trace.counting() as counted:
        again = await _stats(client, cid)
    assert again == first
    sqlite = db.dialect() == "sqlite"
    # Nothing committed since: kept on SQLite; PostgreSQL runs it every time.
    assert counted["analytics.stats_totals"] == (0 if sqlite else 1), counted
    await click(client, code, "B")  # this process's commit
    assert (await _stats(client, cid))["clicks"] == first["clicks"] + 1
    if not sqlite:
        return
    # Another process's commit: a connection of its own to the same file.
    client_db = db.connection()
    assert isinstance(client_db, ImmediateSqliteClient)
    other = sqlite3.connect(client_db.filename, isolation_level=None)
    try:
        other.execute("UPDATE rollup_campaign_day SET clicks = clicks + 5")
    finally:
        other.close()
    assert (await _stats(client, cid))["clicks"] > first["clicks"] + 1
