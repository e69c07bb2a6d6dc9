"""One lease-and-retry machinery for every outbox table (Slack notifications, webhook
deliveries). A row is claimed by compare-and-set on its claim counter under a lease token;
only the lease holder may settle it; a failed row waits for its next attempt; a lease that
ran out counts as an attempt, so a row that keeps breaking its deliverer is given up: the next
claim marks it failed with no next attempt, as a last failed delivery is.

An outbox model has the columns `status` (an `OutboxStatus`), `claims`, `lease_token`,
`lease_expires_at`, `next_attempt_at`, `last_error` and `updated_at`."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, Generic, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.models import Model

from server.outbox.rules import RetryPolicy
from server.sql import Statement, TortoiseExecutor


class OutboxStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DELIVERED = "delivered"
    FAILED = "failed"


S = OutboxStatus
ABANDONED = "Given up: every attempt's lease ran out before its deliverer finished."
M = TypeVar("M", bound=Model)


def claimable(now: datetime, max_attempts: int) -> Q:
    return (
        Q(status=S.PENDING)
        | Q(status=S.CLAIMED, lease_expires_at__lt=now, claims__lt=max_attempts)
        | Q(status=S.FAILED, next_attempt_at__lte=now)
    )


@dataclass(frozen=True, slots=True)
class Leased(Generic[M]):
    lease_token: str
    lease_expires_at: datetime
    rows: list[M]


async def claim(
    model: type[M],
    *,
    limit: int,
    lease_seconds: int,
    now: datetime,
    max_attempts: int,
    where: Q | None = None,
    given_up: dict[str, Any] | None = None,
) -> Leased[M]:
    """Oldest first. Each row is taken by compare-and-set on its claim counter, so two
    claimers racing for the same rows split them and never share one. Rows whose last lease
    ran out with no attempt left are given up first (with `given_up`'s column values too)."""
    await model.filter(status=S.CLAIMED, lease_expires_at__lt=now, claims__gte=max_attempts).update(
        status=S.FAILED,
        lease_token=None,
        lease_expires_at=None,
        next_attempt_at=None,
        last_error=ABANDONED,
        updated_at=now,
        **(given_up or {}),
    )
    token = secrets.token_urlsafe(24)
    expires = now + timedelta(seconds=lease_seconds)
    due = claimable(now, max_attempts) if where is None else claimable(now, max_attempts) & where
    taken: list[M] = []
    for _ in range(3):  # a lost race leaves room: look again for what is still free
        candidates = await model.filter(due).order_by("id").limit(limit - len(taken))
        if not candidates:
            break
        # Rows read in one state (claim counter, status) are taken by one compare-and-set;
        # `claims` and `status` are columns of every outbox model.
        groups: dict[tuple[int, OutboxStatus], list[M]] = {}
        for row in candidates:
            state = (getattr(row, "claims"), getattr(row, "status"))  # noqa: B009
            groups.setdefault(state, []).append(row)
        for (claims, status), rows in groups.items():
            won = await _take(model, [r.pk for r in rows], claims, status, token, expires, now)
            for row in rows:
                if row.pk in won:
                    _set(row, status=S.CLAIMED, claims=claims + 1, lease_token=token)
                    _set(row, lease_expires_at=expires, updated_at=now)
                    taken.append(row)
        taken.sort(key=lambda r: r.pk)
        if len(taken) >= limit:
            break
    return Leased(token, expires, taken)


async def drain(
    model: type[M],
    attempt: Callable[[M, str], Awaitable[object]],
    *,
    limit: int,
    lease_seconds: int,
    now: Callable[[], datetime],
    max_attempts: int,
    where: Q | None = None,
    together: bool = False,
    given_up: dict[str, Any] | None = None,
    prepare: Callable[[list[M]], Awaitable[object]] | None = None,
) -> int:
    """Claim and attempt batches until nothing is due now; returns the attempts made. A
    batch's rows are attempted one after another, or all at once when `together`; `prepare`
    sees each batch's rows before (to read what they need at once)."""
    made = 0
    while True:
        leased = await claim(
            model,
            limit=limit,
            lease_seconds=lease_seconds,
            now=now(),
            max_attempts=max_attempts,
            where=where,
            given_up=given_up,
        )
        if not leased.rows:
            return made
        if prepare is not None:
            await prepare(leased.rows)
        if together:
            await asyncio.gather(*(attempt(row, leased.lease_token) for row in leased.rows))
        else:
            for row in leased.rows:
                await attempt(row, leased.lease_token)
        made += len(leased.rows)


_SET = "status = ?, claims = ?, lease_token = ?, lease_expires_at = ?, updated_at = ?"


@cache
def _take_statement(table: str) -> Statement:
    """The compare-and-set that takes rows read in one state, answering which it took (a
    racing claimer may have taken some). PostgreSQL: the rows are locked in id order as they
    are chosen, skipping rows another claimer holds, so racing claimers never wait on each
    other's rows (waiting, each holding part of the other's batch, they could deadlock)."""
    # The table name is a model's, never input.
    chosen = (
        f"SELECT id FROM {table} WHERE id = ANY(?::bigint[]) AND claims = ? AND status = ?"  # noqa: S608
        " ORDER BY id FOR UPDATE SKIP LOCKED"
    )
    return Statement.of(
        f"outbox.take.{table}",
        f"UPDATE {table} SET {_SET} WHERE id IN (SELECT value FROM json_each(?))"  # noqa: S608
        " AND claims = ? AND status = ? RETURNING id",
        postgres=f"UPDATE {table} SET {_SET} WHERE id IN ({chosen})"  # noqa: S608
        " AND claims = ? AND status = ? RETURNING id",
    )


async def _take(
    model: type[Model],
    ids: list[int],
    claims: int,
    status: OutboxStatus,
    token: str,
    expires: datetime,
    now: datetime,
) -> set[int]:
    run = TortoiseExecutor(model._meta.db)
    values = [S.CLAIMED.value, claims + 1, token, expires, now]
    if run.dialect == "sqlite":
        params = [*values, json.dumps(ids), claims, status.value]
    else:
        params = [*values, ids, claims, status.value, claims, status.value]
    return {row["id"] for row in await run.rows(_take_statement(model._meta.db_table), params)}


def _set(row: Model, **values: Any) -> None:
    for name, value in values.items():
        setattr(row, name, value)


@cache
def _settle_statement(table: str, columns: tuple[str, ...]) -> Statement:
    """The lease holder's compare-and-set to delivered, with `columns` set too."""
    sets = ", ".join(f"{column} = ?" for column in ("status", "updated_at", *columns))
    return Statement.of(
        f"outbox.settle.{table}",
        # Table and column names are a model's, never input.
        f"UPDATE {table} SET {sets} WHERE id = ? AND status = ? AND lease_token = ?",  # noqa: S608
    )


async def settle(
    model: type[M],
    *,
    row_id: int,
    lease_token: str,
    now: datetime,
    conn: BaseDBAsyncClient | None = None,
    **values: Any,
) -> bool:
    """The lease holder marks its row delivered; False when the lease is no longer theirs."""
    meta = model._meta
    stmt = _settle_statement(meta.db_table, tuple(meta.fields_db_projection[n] for n in values))
    params = [S.DELIVERED.value, now, *values.values(), row_id, S.CLAIMED.value, lease_token]
    return bool(await TortoiseExecutor(conn or meta.db).run(stmt, params))


async def fail(
    model: type[M],
    *,
    row_id: int,
    lease_token: str,
    attempts: int,
    error: str,
    policy: RetryPolicy,
    now: datetime,
    conn: BaseDBAsyncClient | None = None,
) -> tuple[bool, datetime | None]:
    """The lease holder marks its row failed and schedules its next attempt by `policy`.
    Returns (whether the lease was still theirs, the next attempt time or None: given up)."""
    retry = policy.next_attempt(attempts, now)
    query = model.filter(id=row_id, status=S.CLAIMED, lease_token=lease_token)
    if conn is not None:
        query = query.using_db(conn)
    won = await query.update(
        status=S.FAILED,
        lease_token=None,
        lease_expires_at=None,
        next_attempt_at=retry,
        last_error=error.strip()[:500],
        updated_at=now,
    )
    return bool(won), retry
