"""Elect one runner for periodic work, so N workers (or N hosts) do it once.

PostgreSQL: a session advisory lock held on a dedicated connection; it is released the moment
the holder's process or connection dies. SQLite: a lease row renewed on every tick, taken over
by compare-and-set once it expires.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from server import db
from server.election.models import RunnerLease
from server.postgres_engine import VouchAsyncpgClient
from server.sql.pg_writer import own_connection

log = logging.getLogger("vouch.jobs")


class Elector(Protocol):
    async def leading(self) -> bool:
        """Whether this process is (still, or now) the runner."""
        ...

    async def close(self) -> None: ...


def holder_id() -> str:
    return f"{os.getpid()}-{secrets.token_hex(6)}"


class LeaseElector:
    """A lease row with an expiry: renewed by its holder, taken over once it runs out."""

    def __init__(self, name: str, *, ttl_seconds: float, holder: str | None = None) -> None:
        self.name = name
        self.ttl = timedelta(seconds=ttl_seconds)
        self.holder = holder or holder_id()

    async def leading(self) -> bool:
        now = datetime.now(UTC)  # wall time, not the injected clock: leases are real
        renewed = await RunnerLease.filter(
            Q(name=self.name) & (Q(holder=self.holder) | Q(expires_at__lt=now))
        ).update(holder=self.holder, expires_at=now + self.ttl)
        if renewed:
            return True
        try:
            await RunnerLease.create(name=self.name, holder=self.holder, expires_at=now + self.ttl)
        except IntegrityError:
            return False  # someone else holds a live lease
        return True

    async def close(self) -> None:
        await RunnerLease.filter(name=self.name, holder=self.holder).delete()


def lock_key(name: str) -> int:
    """A PostgreSQL advisory lock's key for `name` (the runner election, migrations)."""
    digest = hashlib.sha256(f"vouch:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class AdvisoryElector:
    """pg_try_advisory_lock on a connection of its own, kept while this process leads."""

    def __init__(self, name: str) -> None:
        self.key = lock_key(name)
        self._conn: Any = None

    async def leading(self) -> bool:
        import asyncpg  # type: ignore[import-untyped]

        if self._conn is not None and not self._conn.is_closed():
            try:
                await self._conn.execute("SELECT 1")  # still connected, so still holding
                return True
            except (
                asyncpg.PostgresError,
                OSError,
                asyncpg.InterfaceError,
                asyncpg.InternalClientError,  # the server ended it and asyncpg is catching up
            ):
                await self.close()
        client = db.connection()
        assert isinstance(client, VouchAsyncpgClient)
        conn = await own_connection(client)  # the URL's options too (ssl, timeouts)
        if await conn.fetchval("SELECT pg_try_advisory_lock($1)", self.key):
            self._conn = conn
            return True
        await conn.close()
        return False

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            try:
                await conn.close(timeout=2)
            except Exception:
                conn.terminate()


def elector(name: str, *, ttl_seconds: float) -> Elector:
    if db.dialect() == "postgres":
        return AdvisoryElector(name)
    return LeaseElector(name, ttl_seconds=ttl_seconds)
