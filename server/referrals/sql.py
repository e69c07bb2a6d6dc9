"""recordConversion's data access as prepared statements (`server.sql`): each row read once,
in the caller's transaction. Columns come from the models, so a new field is read without
edits; rows become model instances once (`_init_from_db`), for the steps that take models."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.referrals.models import Conversion, ConversionStatus, Referral, ReferralStatus
from server.sql import Statement, TortoiseExecutor

M = TypeVar("M", bound=Model)


def columns(model: type[Model], alias: str, *, qualified: bool = True) -> str:
    """`alias.col AS alias_col, ...` for every column of the model (`col AS alias_col` when not
    `qualified`: an INSERT's RETURNING)."""
    table = f"{alias}." if qualified else ""
    return ", ".join(f"{table}{c} AS {alias}_{c}" for c in sorted(model._meta.db_fields))


def build(model: type[M], alias: str, row: dict[str, Any]) -> M:
    """The instance of `model` whose columns `columns(model, alias)` selected into `row`."""
    prefix = f"{alias}_"
    found: M = model._init_from_db(
        **{k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}
    )
    return found


# Statements naming every column are made on first use: a model's foreign key columns are
# known once Tortoise has initialised its apps, after this module is imported.
@cache
def _by_key() -> Statement:
    return Statement.of(
        "conversion.by_key",
        f"SELECT {columns(Conversion, 'v')} FROM conversion v "
        "WHERE v.idempotency_scope = ? AND v.idempotency_key = ?",
    )


@cache
def _insert() -> Statement:
    """Both UNIQUE constraints (the order in its campaign, the caller's key) answer at once: no
    row back means one of them holds another row (which one is read then, on that rare path)."""
    return Statement.of(
        "conversion.insert",
        f"""INSERT INTO conversion (campaign_id, referral_id, external_order_id, amount,
currency, refunded_amount, occurred_at, idempotency_scope, idempotency_key, request_hash,
status, test, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING RETURNING {columns(Conversion, "v", qualified=False)}""",
    )


_ORDER_HOLDER = Statement.of(
    "conversion.order_holder",
    "SELECT idempotency_scope, idempotency_key FROM conversion "
    "WHERE campaign_id = ? AND external_order_id = ?",
)
_CONVERTED = Statement.of(
    "referral.converted",
    "UPDATE referral SET status = ?, converted_at = ? WHERE id = ?",
)


async def conversion_by_key(conn: BaseDBAsyncClient, scope: str, key: str) -> Conversion | None:
    rows = await TortoiseExecutor(conn).rows(_by_key(), [scope, key])
    return build(Conversion, "v", rows[0]) if rows else None


async def insert_conversion(
    conn: BaseDBAsyncClient,
    *,
    referral: Referral,
    external_order_id: str,
    amount: int,
    currency: str,
    occurred_at: datetime,
    scoped_key: tuple[str, str],
    request_hash: str,
    now: datetime,
) -> Conversion | None:
    """The new conversion, or None when its order or its key is already taken."""
    rows = await TortoiseExecutor(conn).rows(
        _insert(),
        [
            referral.campaign_id,
            referral.id,
            external_order_id,
            amount,
            currency,
            occurred_at,
            *scoped_key,
            request_hash,
            ConversionStatus.VALID.value,
            referral.test,
            now,
        ],
    )
    return build(Conversion, "v", rows[0]) if rows else None


async def order_holder(
    conn: BaseDBAsyncClient, campaign_id: int, external_order_id: str
) -> tuple[str, str] | None:
    """The (scope, key) of the conversion that holds this order of the campaign, if any."""
    rows = await TortoiseExecutor(conn).rows(_ORDER_HOLDER, [campaign_id, external_order_id])
    return (str(rows[0]["idempotency_scope"]), str(rows[0]["idempotency_key"])) if rows else None


async def mark_converted(conn: BaseDBAsyncClient, referral_id: int, when: datetime) -> None:
    """The referral converted at `when`."""
    await TortoiseExecutor(conn).run(
        _CONVERTED, [ReferralStatus.CONVERTED.value, when, referral_id]
    )
