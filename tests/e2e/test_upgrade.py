"""Upgrading a database that holds data: the migrations since the last release step back and
forward again over a populated database, on a throwaway PostgreSQL cluster and on an SQLite
file, and leave the same indexes and triggers, rows and a balanced ledger.

Migrating an empty test database cannot catch a NOT NULL column added without a database
default (PostgreSQL refuses it only when rows exist), a table rebuild that SQLite refuses
while other tables reference its rows (foreign keys on), nor a data conversion that breaks
on real rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.procs import pg_cluster

# The head of the last landed round: every migration after it runs over the demo data.
PREVIOUS_RELEASE = "models.0024_scale2"

SCRIPT = """
import asyncio, sys
from tortoise import Tortoise
from server import db, demo
from server.clock import SystemClock
from server.rewards.service import verify_ledger
from server.settings import Settings

settings = Settings(DATABASE_URL=sys.argv[1], VOUCH_ENV="test",
                    VOUCH_SECRET_KEY="test-secret-key-that-is-long-enough-000")
config = db.tortoise_config(settings)

SCHEMA = {
    "sqlite": "SELECT type || ' ' || name AS n FROM sqlite_master"
              " WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%'",
    "postgres": "SELECT 'index ' || indexname AS n FROM pg_indexes WHERE schemaname = 'public'"
                " UNION SELECT 'trigger ' || trigger_name FROM information_schema.triggers",
}

async def counts():
    await Tortoise.init(config=config)
    try:
        _, rows = await db.connection().execute_query(
            "SELECT (SELECT COUNT(*) FROM campaign) AS c, (SELECT COUNT(*) FROM referral) AS r,"
            " (SELECT COUNT(*) FROM conversion) AS v")
        _, schema = await db.connection().execute_query(SCHEMA[db.dialect()])
        return dict(rows[0]), sorted(str(r["n"]) for r in schema)
    finally:
        await Tortoise.close_connections()

async def main():
    await db.migrate(settings)
    await Tortoise.init(config=config)
    await demo.seed(clock=SystemClock())
    await Tortoise.close_connections()
    before = await counts()
    await db.migrate(settings, target=sys.argv[2])
    await Tortoise.close_connections()
    await db.migrate(settings)
    await Tortoise.close_connections()
    after = await counts()
    assert before[0] == after[0] and before[0]["c"] > 0, (before[0], after[0])
    lost, gained = sorted(set(before[1]) - set(after[1])), sorted(set(after[1]) - set(before[1]))
    assert not lost and not gained, ("lost", lost, "gained", gained)
    await Tortoise.init(config=config)
    try:
        assert await verify_ledger() == []
    finally:
        await Tortoise.close_connections()
    print("upgraded", after[0])

asyncio.run(main())
"""


def _upgrade(url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, url, PREVIOUS_RELEASE],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "upgraded" in done.stdout


def test_upgrade_over_data_on_postgresql() -> None:
    with pg_cluster() as cluster:
        _upgrade(cluster.url)


def test_upgrade_over_data_on_sqlite(tmp_path: Path) -> None:
    _upgrade(f"sqlite://{tmp_path / 'upgrade.sqlite3'}")
