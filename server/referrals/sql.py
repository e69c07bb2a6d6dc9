"""recordConversion's data access as prepared statements (`server.sql`): each row read once,
in the caller's transaction. Columns come from the models, so a new field is read without
edits; rows become model instances once (`_init_from_db`), for the steps that take models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import DatetimeField
from tortoise.models import Model

from server.analytics import rollups
from server.referrals.models import (
    Conversion,
    ConversionStatus,
    Referral,
    ReferralStatus,
)
from server.sql import Statement, TortoiseExecutor, connections

M = TypeVar("M", bound=Model)


def columns(model: type[Model], alias: str, *, qualified: bool = True) -> str:
    """`alias.col AS alias_col, ...` for every column of the model (`col AS alias_col` when not
    `qualified`: an INSERT's RETURNING)."""
    table = f"{alias}." if qualified else ""
    return ", ".join(f"{table}{c} AS {alias}_{c}" for c in sorted(model._meta.db_fields))


@cache
def _keys(model: type[Model], alias: str) -> tuple[tuple[str, str, bool], ...]:
    """(`row` key, column, whether a datetime) of each column `columns(model, alias)` selects."""
    meta = model._meta
    times = {
        meta.fields_db_projection[name]
        for name, field in meta.fields_map.items()
        if isinstance(field, DatetimeField) and name in meta.fields_db_projection
    }
    return tuple((f"{alias}_{c}", c, c in times) for c in sorted(meta.db_fields))


def _parsed(value: Any) -> Any:
    """A datetime column's text (SQLite) as a datetime, parsed by the standard library (a
    fraction of iso8601's cost; Tortoise then sets its time zone as for any datetime); text it
    does not read is left to Tortoise's own parser."""
    if value.__class__ is not str:
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return value


def build(model: type[M], alias: str, row: dict[str, Any]) -> M:
    """The instance of `model` whose columns `columns(model, alias)` selected into `row`."""
    # Each column looked up, not every key of a wide row (several aliases) tested.
    found: M = model._init_from_db(
        **{c: _parsed(row[k]) if when else row[k] for k, c, when in _keys(model, alias)}
    )
    return found


# Statements naming every column are made on first use: a model's foreign key columns are
# known once Tortoise has initialised its apps, after this module is imported.
def _by_key_text(dialect: str, lead: str = "", more: str = "") -> str:
    """`lead`, `more`: further columns before (with their trailing comma) and after (with
    their leading comma) its own."""
    held = (
        "SELECT pg_try_advisory_xact_lock(?) AS held"
        if dialect == "postgres"
        else "SELECT ? IS NOT NULL AS held"
    )
    return f"""SELECT {lead}h.held, {columns(Conversion, "v")}{more} FROM ({held}) h
LEFT JOIN conversion v ON h.held AND v.idempotency_scope = ? AND v.idempotency_key = ?"""


@cache
def _insert() -> Statement:
    """Both UNIQUE constraints (the order in its campaign, the caller's key) answer at once: no
    row back means one of them holds another row (which one is read then, on that rare path).
    The row comes back with the referral's other counting orders, for the rollups."""
    others = rollups.OTHER_ORDERS.format(
        referral="conversion.referral_id",
        currency="conversion.currency",
        conversion="conversion.id",
    )
    return Statement.of(
        "conversion.insert",
        f"""INSERT INTO conversion (campaign_id, referral_id, external_order_id, amount,
currency, refunded_amount, occurred_at, idempotency_scope, idempotency_key, request_hash,
status, test, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING RETURNING {columns(Conversion, "v", qualified=False)}, {others}""",
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
_UNCONVERTED = Statement.of(
    "referral.unconverted", "UPDATE referral SET converted_at = NULL WHERE id = ?"
)


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
    advocate_id: int,
) -> tuple[Conversion, rollups.OrdersBefore] | None:
    """The new conversion and what the rollups need of its referral (`advocate_id`: of the
    referral's link), or None when its order or its key is already taken."""
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
    if not rows:
        return None
    row = rows[0]
    before = rollups.OrdersBefore(
        advocate_id=advocate_id,
        created_at=referral.created_at,
        status=referral.status.value,
        other_first=row["other_first"],
        other_any=int(row["other_any"]),
    )
    return build(Conversion, "v", row), before


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


async def unmark_converted(conn: BaseDBAsyncClient, referral_id: int) -> None:
    """A referral created converted whose order was refused: it never converted."""
    await TortoiseExecutor(conn).run(_UNCONVERTED, [referral_id])


# ---- the friend's existing referral ------------------------------------------------------------


_BY_FRIEND = """FROM referral r WHERE r.campaign_id = ?
AND (r.friend_email = ? OR r.friend_key = ? OR r.friend_external_id = ?)
ORDER BY CASE WHEN r.friend_email = ? OR r.friend_key = ? THEN 0 ELSE 1 END, r.id LIMIT 1"""


@cache
def _existing(lock: bool) -> Statement:
    """PostgreSQL: by inbox first (the address or its canonical key), else by external id; one
    row (locked when asked) or one of NULLs, with whether the friend is an advocate of the
    campaign. SQLite: `existing_or_advocate_text` (nothing to lock)."""
    lock_clause = " FOR NO KEY UPDATE" if lock else ""
    return Statement.of(
        f"referral.existing_or_advocate{'_locked' if lock else ''}",
        existing_or_advocate_text(),
        postgres=f"""WITH e AS (SELECT {columns(Referral, "r")} {_BY_FRIEND}{lock_clause})
SELECT e.*, EXISTS (SELECT 1 FROM referral_link l JOIN advocate a ON a.id = l.advocate_id
WHERE l.campaign_id = ? AND (a.email = ? OR a.email_key = ? OR a.external_id = ?))
AS friend_is_advocate FROM (SELECT 1) one LEFT JOIN e ON true""",
    )


def existing_or_advocate_text(campaign: str = "?", lead: str = "") -> str:
    """SQLite (its write transactions run one at a time: nothing to lock): `_existing`'s row,
    or one of NULLs, with whether the friend is an advocate of the campaign.
    Each is found through the indexes of its columns (SQLite would rather scan the campaign's
    referrals, or links, for an OR). `campaign`: the campaign's id, a parameter or an
    expression (then its parameters are the friend's only); `lead`: columns selected first."""
    return f"""SELECT {lead}{columns(Referral, "r")}, EXISTS (SELECT 1 FROM advocate a
CROSS JOIN referral_link l WHERE (a.email = ? OR a.email_key = ? OR a.external_id = ?)
AND l.campaign_id = {campaign} AND l.advocate_id = a.id) AS friend_is_advocate
FROM (SELECT 1) one LEFT JOIN referral r ON r.id = (SELECT id FROM (
SELECT 0 AS p, id FROM referral WHERE campaign_id = {campaign} AND friend_email = ?
UNION ALL SELECT 0, id FROM referral WHERE +campaign_id = {campaign} AND friend_key = ?
UNION ALL SELECT 1, id FROM referral WHERE campaign_id = {campaign} AND friend_external_id = ?
) ORDER BY p, id LIMIT 1)"""


async def existing_referral(
    conn: BaseDBAsyncClient,
    campaign_id: int,
    email: str | None,
    key: str | None,
    ext: str | None,
    *,
    lock: bool,
) -> tuple[Referral | None, bool]:
    """The friend's referral (locked on PostgreSQL when asked), and whether the friend is an
    advocate of the campaign."""
    ex = TortoiseExecutor(conn)
    params = (
        [email, key, ext, campaign_id, campaign_id, email, campaign_id, key, campaign_id, ext]
        if ex.dialect == "sqlite"
        else [campaign_id, email, key, ext, email, key, campaign_id, email, key, ext]
    )
    (row,) = await ex.rows(_existing(lock), params)
    found = build(Referral, "r", row) if row["r_id"] is not None else None
    return found, bool(row["friend_is_advocate"])


# ---- before the transaction: the event's campaign and its clock --------------------------------

_CLOCK = "k.id AS campaign_id, k.test_mode AS test_mode, k.test_clock_minutes AS minutes"


@cache
def _event_campaign(tokens: int) -> Statement:
    """By the first known of: a visit token's click, the referral code, the coupon."""
    marks = ", ".join("?" * tokens)
    return Statement.of(
        f"touches.event_campaign_{tokens}",
        f"""SELECT * FROM (
SELECT 1 AS p, {_CLOCK} FROM click c JOIN campaign k ON k.id = c.campaign_id
WHERE c.visit_token IN ({marks})
UNION ALL SELECT 2 AS p, {_CLOCK} FROM referral_link l JOIN campaign k ON k.id = l.campaign_id
WHERE l.code = ?
UNION ALL SELECT 3 AS p, {_CLOCK} FROM referral_link l JOIN campaign k ON k.id = l.campaign_id
WHERE l.coupon_code = ?) AS found ORDER BY p LIMIT 1""",
    )


_CAMPAIGN_CLOCK = Statement.of(
    "touches.campaign_clock", f"SELECT {_CLOCK} FROM campaign k WHERE k.id = ?"
)


async def event_campaign(
    tokens: Sequence[str], code: str | None, coupon: str | None
) -> tuple[int, bool, int] | None:
    """(campaign id, test mode, test clock minutes) of the first touch found, committed data."""
    if not tokens and code is None and coupon is None:
        return None
    stmt = _event_campaign(max(1, len(tokens)))
    params: list[Any] = [*tokens] if tokens else [None]
    rows = await (await connections.reader()).rows(stmt, [*params, code, coupon])
    return _clock_of(rows[0]) if rows else None


async def campaign_clock(campaign_id: int) -> tuple[int, bool, int] | None:
    rows = await (await connections.reader()).rows(_CAMPAIGN_CLOCK, [campaign_id])
    return _clock_of(rows[0]) if rows else None


def _clock_of(row: dict[str, Any]) -> tuple[int, bool, int]:
    return int(row["campaign_id"]), bool(row["test_mode"]), int(row["minutes"])
