"""Append-only rows of one use-case written together: its audit events and webhook events are
collected while it runs and inserted at its end, one multi-row insert per table, in the same
transaction (and its email outbox rows, one statement); on PostgreSQL all of them, and the
NOTIFY that wakes notification subscribers, are one statement. Outside `appending(conn)` each
row is inserted at once, as before.

The rows are plain tuples of database values in the column orders below (JSON already
encoded): nothing reads them back on the write path, so no model instance is built."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields.data import JSON_DUMPS
from tortoise.models import Model

from server.audit.models import AuditEvent
from server.notifications import wakeup
from server.sql import Statement, TortoiseExecutor, dialect_of, rows
from server.webhooks.models import WebhookEvent

AUDIT_COLUMNS = rows.columns_of(
    AuditEvent,
    (
        "actor_kind",
        "actor_id",
        "channel",
        "actor_extra",
        "action",
        "target_type",
        "target_id",
        "diff",
        "request_id",
        "ip_hash",
        "created_at",
        "effective_at",
    ),
)
WEBHOOK_COLUMNS = rows.columns_of(
    WebhookEvent,
    ("msg_id", "event_type", "payload", "test", "endpoint_id", "fanned_out", "created_at"),
)
Row = tuple[Any, ...]

# Tortoise's default JSON encoder is json.dumps with compact separators, which builds a
# JSONEncoder (and its C encoder) on every call; this C encoder is built once and writes the
# same text, without json's two Python frames per call and without its circular-reference
# bookkeeping (a dict of ids set and cleared per container): the rows are built here from plain
# values, nothing in them refers to itself.
# The json module's C encoder (what JSONEncoder.iterencode builds), absent without its accelerator.
_c_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_ENCODER = (
    _c_make_encoder(
        None,
        json.JSONEncoder().default,
        encode_basestring_ascii,
        None,
        ":",
        ",",
        False,  # sort_keys, skipkeys, allow_nan: as json.dumps defaults them
        False,
        True,
    )
    if _c_make_encoder is not None  # None where the json module has no C accelerator
    else None
)


def _compact(value: Any) -> str:
    if _ENCODER is None:
        return json.dumps(value, separators=(",", ":"))
    return "".join(_ENCODER(value, 0))


_COMPACT = _compact


# isinstance with a tuple: a `datetime | date` union would be built on every call.
_WHEN = (datetime, date)


def plain(value: Any) -> Any:
    """A model attribute as the audit and webhook payloads write it: an enum's value, a time's
    ISO text, anything else as it is."""
    if isinstance(value, Enum):
        return value._value_  # without the `value` property's two calls
    if isinstance(value, _WHEN):
        return value.isoformat()
    return value


def json_encoder(model: type[Model], name: str) -> Callable[[Any], str]:
    """`rows.json_encoder`: the text a JSON column's own encoder writes, made by one encoder
    built once when that is Tortoise's default."""
    encoder = rows.json_encoder(model, name)
    default = getattr(JSON_DUMPS, "func", None) is json.dumps and getattr(
        JSON_DUMPS, "keywords", None
    ) == {"separators": (",", ":")}
    return _COMPACT if encoder is JSON_DUMPS and default else encoder


@dataclass(slots=True)
class Pending:
    conn: BaseDBAsyncClient
    # Email outbox rows: server/email/events.py's parameters, one INSERT ... SELECT for all.
    emails: list[Row] = field(default_factory=list)
    # Append-only rows (audit events, webhook events, ledger entries, outbox rows), per model
    # and column order, in the order they were added.
    rows: dict[tuple[type[Model], tuple[str, ...]], list[Row]] = field(default_factory=dict)
    # A notification row was written: subscribers are woken once, at the end.
    announce: bool = False


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
    if dialect_of(conn) == "postgres" and _parts(pending) > 1:
        await _write_together(conn, pending)
        return
    for (model, names), values in pending.rows.items():
        await rows.insert_tuples(conn, model, names, values)
    if pending.emails:
        from server.email import events as email_events  # it collects its rows here

        await email_events.enqueue_all(conn, pending.emails)
    if pending.announce:
        await wakeup.announce(conn)


def _parts(pending: Pending) -> int:
    return len(pending.rows) + bool(pending.emails) + pending.announce


# A use-case's shapes of appended rows are few (per model, column order and row count).
@lru_cache(maxsize=64)
def _together(
    inserts: tuple[tuple[type[Model], tuple[str, ...], int], ...], emails: int, announce: bool
) -> Statement:
    from server.email import events as email_events  # it collects its rows here

    texts = [rows.insert_text(model, count, names) for model, names, count in inserts]
    if emails:
        texts.append(email_events.postgres_text(emails))
    with_ = ",\n".join(f"w{i} AS ({text})" for i, text in enumerate(texts))
    last = "SELECT pg_notify(?, '')" if announce else "SELECT 1"
    return Statement.of("appends.together", "", postgres=f"WITH {with_}\n{last}")


async def _write_together(conn: BaseDBAsyncClient, pending: Pending) -> None:
    """PostgreSQL: every table's rows, the emails and the subscribers' wake-up in one
    statement (each data-modifying WITH part runs once, whether or not it is read)."""
    stmt = _together(
        tuple((model, names, len(values)) for (model, names), values in pending.rows.items()),
        len(pending.emails),
        pending.announce,
    )
    params = [value for values in pending.rows.values() for row in values for value in row]
    params.extend(value for row in pending.emails for value in row)
    if pending.announce:
        params.append(wakeup.CHANNEL)
    await TortoiseExecutor(conn).run(stmt, params)


async def add_rows(
    model: type[Model], names: tuple[str, ...], values: list[Row], conn: BaseDBAsyncClient
) -> None:
    """`values`: `model` rows' values in the order of `names` (from `rows.columns_of`)."""
    pending = pending_on(conn)
    if pending is None:
        await rows.insert_tuples(conn, model, names, values)
    elif values:
        pending.rows.setdefault((model, names), []).extend(values)


async def add_audit(row: Row, conn: BaseDBAsyncClient) -> None:
    """`row`: an audit event's values in AUDIT_COLUMNS order."""
    await add_rows(AuditEvent, AUDIT_COLUMNS, [row], conn)


async def add_webhook(row: Row, conn: BaseDBAsyncClient) -> None:
    """`row`: a webhook event's values in WEBHOOK_COLUMNS order."""
    await add_rows(WebhookEvent, WEBHOOK_COLUMNS, [row], conn)


async def add_row(
    model: type[Model], names: tuple[str, ...], row: Row, conn: BaseDBAsyncClient
) -> None:
    """`row`: a `model` row's values in the order of `names` (from `rows.columns_of`)."""
    await add_rows(model, names, [row], conn)


async def announce(conn: BaseDBAsyncClient) -> None:
    """Wake notification subscribers when this transaction commits (once per collection)."""
    pending = pending_on(conn)
    if pending is None:
        await wakeup.announce(conn)
    else:
        pending.announce = True
