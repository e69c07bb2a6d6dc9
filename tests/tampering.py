"""Tampering in tests: what someone with DDL rights could do to the append-only tables."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from server import db
from server.settings import Settings


@asynccontextmanager
async def triggers_off(settings: Settings) -> AsyncIterator[None]:
    """What an attacker with DDL rights could do: switch the guards off to tamper."""
    conn = db.connection()
    if db.dialect_of(settings) == "postgres":
        await conn.execute_script("ALTER TABLE ledger_entry DISABLE TRIGGER USER;")
        try:
            yield
        finally:
            await conn.execute_script("ALTER TABLE ledger_entry ENABLE TRIGGER USER;")
        return
    _, triggers = await conn.execute_query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
    )
    await conn.execute_script("".join(f"DROP TRIGGER {t['name']};" for t in triggers))
    try:
        yield
    finally:
        await conn.execute_script("".join(f"{t['sql']};" for t in triggers))
