"""Migration 0019 (fraud3) turns a campaign's test clock from whole hours into minutes, both ways.

Runs on its own SQLite file in a subprocess, so stepping the chain back and forth never
touches the suite's database or its open connections."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio, sys
from tortoise import Tortoise
from tortoise.migrations.api import migrate
from server import db
from server.settings import Settings

settings = Settings(DATABASE_URL="sqlite://" + sys.argv[1], VOUCH_ENV="test",
                    VOUCH_SECRET_KEY="test-secret-key-that-is-long-enough-000")
config = db.tortoise_config(settings)

async def column_value(name):
    await Tortoise.init(config=config)
    try:
        _, rows = await db.connection().execute_query(f"SELECT {name} FROM campaign")
        return rows[0][name]
    finally:
        await Tortoise.close_connections()

async def main():
    await migrate(config=config, target="models.0018_edges")
    await Tortoise.init(config=config)
    conn = db.connection()
    _, cols = await conn.execute_query("PRAGMA table_info(campaign)")
    values = {}
    for c in cols:
        if c["pk"] or not c["notnull"]:
            continue
        kind = c["type"].upper()
        values[c["name"]] = 0 if ("INT" in kind or "BOOL" in kind) else (
            "2026-01-01T00:00:00+00:00" if "TIMESTAMP" in kind else "x")
    values["test_clock_hours"] = 3
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    await conn.execute_query(f"INSERT INTO campaign ({names}) VALUES ({marks})", list(values.values()))
    await Tortoise.close_connections()
    await migrate(config=config, target="models.0019_fraud3")
    print("forward", await column_value("test_clock_minutes"))
    await migrate(config=config, target="models.0018_edges")
    print("back", await column_value("test_clock_hours"))

asyncio.run(main())
"""


def test_hours_become_minutes_and_back(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "m.db")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["forward", "180", "back", "3"]
