"""Append-only rows of one use-case written together: its audit events and webhook events are
collected while it runs and inserted at its end, one multi-row insert per table, in the same
transaction. Outside `appending(conn)` each row is inserted at once, as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient

from server.audit.models import AuditEvent
from server.sql import rows
from server.webhooks.models import WebhookEvent


@dataclass(slots=True)
class Pending:
    conn: BaseDBAsyncClient
    audit: list[AuditEvent] = field(default_factory=list)
    webhooks: list[WebhookEvent] = field(default_factory=list)


_pending: ContextVar[Pending | None] = ContextVar("vouch_pending_appends", default=None)


def pending_on(conn: BaseDBAsyncClient) -> Pending | None:
    """The collection open on this connection (transaction), if any."""
    pending = _pending.get()
    return pending if pending is not None and pending.conn is conn else None


@asynccontextmanager
async def appending(conn: BaseDBAsyncClient) -> AsyncIterator[None]:
    """Collect the block's appends on `conn`; written when the block ends normally (on an
    error the transaction rolls back, so there is nothing to write)."""
    pending = Pending(conn)
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    await rows.insert_many(conn, pending.audit)
    await rows.insert_many(conn, pending.webhooks)


async def add_audit(event: AuditEvent, conn: BaseDBAsyncClient) -> None:
    pending = pending_on(conn)
    if pending is None:
        await rows.insert(conn, event)
    else:
        pending.audit.append(event)


async def add_webhook(event: WebhookEvent, conn: BaseDBAsyncClient) -> None:
    pending = pending_on(conn)
    if pending is None:
        await rows.insert(conn, event)
    else:
        pending.webhooks.append(event)
