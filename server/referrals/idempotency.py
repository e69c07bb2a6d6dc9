"""Idempotency keys as payment APIs keep them: scoped to the caller, one request in flight.

A key means something only to the caller that chose it, so it is stored with the caller's
scope (the API key, else the signed-in staff member or integration): two integrations that
happen to pick the same key never see each other's results.

While a request holds a key, a duplicate gets a retryable CONFLICT (`retryAfter` set) instead
of waiting or racing it to a different answer. On PostgreSQL the first statement of the
use-case's transaction takes a transaction-scoped advisory lock on (scope, key) without
waiting; on SQLite write transactions already run one at a time, so a duplicate only ever
sees the committed first result and replays it.
"""

from __future__ import annotations

import hashlib

from tortoise.backends.base.client import BaseDBAsyncClient

from server.audit.service import Actor
from server.errors import Conflict

IN_FLIGHT_RETRY_SECONDS = 1


def scope_of(actor: Actor) -> str:
    """Whose keys these are: an API key (also when a bot key acts for a Slack user), else
    the actor itself (staff member, integration, advocate, system)."""
    key = actor.extra.get("api_key")
    if key:
        return f"key:{key}"
    return f"{actor.kind}:{actor.id or ''}"[:80]


def lock_id(kind: str, scope: str, key: str) -> int:
    """A signed 64-bit number for PostgreSQL's advisory locks."""
    digest = hashlib.sha256(f"{kind}\x1f{scope}\x1f{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def hold(conn: BaseDBAsyncClient, *, kind: str, scope: str, key: str) -> None:
    """Claim (kind, scope, key) for the rest of the transaction, or refuse at once."""
    if conn.capabilities.dialect != "postgres":
        return
    rows = await conn.execute_query_dict(
        "SELECT pg_try_advisory_xact_lock($1) AS held", [lock_id(kind, scope, key)]
    )
    if not rows or not rows[0]["held"]:
        raise in_flight()


def in_flight() -> Conflict:
    """The retryable answer to a duplicate of a request still in flight."""
    return Conflict(
        "A request with this idempotency key is still in progress; retry shortly.",
        field="idempotencyKey",
        retry_after=IN_FLIGHT_RETRY_SECONDS,
    )
