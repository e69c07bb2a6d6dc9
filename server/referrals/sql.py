"""recordConversion's data access as prepared statements (`server.sql`): each row read once,
in the caller's transaction. Columns come from the models, so a new field is read without
edits; rows become model instances once (`_init_from_db`), for the steps that take models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.advocates.models import Advocate
from server.analytics import rollups
from server.campaigns.models import Campaign
from server.referrals.models import (
    Click,
    Conversion,
    ConversionStatus,
    Referral,
    ReferralLink,
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
def _keys(model: type[Model], alias: str) -> tuple[tuple[str, str], ...]:
    """(`row` key, field) of each column `columns(model, alias)` selects."""
    return tuple((f"{alias}_{c}", c) for c in sorted(model._meta.db_fields))


def build(model: type[M], alias: str, row: dict[str, Any]) -> M:
    """The instance of `model` whose columns `columns(model, alias)` selected into `row`."""
    # Each column looked up, not every key of a wide row (several aliases) tested.
    found: M = model._init_from_db(**{c: row[k] for k, c in _keys(model, alias)})
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


# ---- touches: the request's visit tokens and referral code, with their links, advocates and
# campaigns, in one read ------------------------------------------------------------------------


@dataclass(slots=True)
class TouchRows:
    """Clicks by visit token and links by id (their advocate and campaign attached)."""

    clicks: dict[str, Click] = field(default_factory=dict)
    links: dict[int, ReferralLink] = field(default_factory=dict)
    campaigns: dict[int, Campaign] = field(default_factory=dict)
    by_code: ReferralLink | None = None


def _linked() -> str:
    return f"""{columns(ReferralLink, "l")}, {columns(Advocate, "a")}, {columns(Campaign, "k")}
FROM referral_link l JOIN advocate a ON a.id = l.advocate_id
JOIN campaign k ON k.id = l.campaign_id"""


@cache
def _touches(tokens: int) -> Statement:
    return Statement.of(f"touches.links_{tokens}", _touches_text(tokens))


def _touches_text(tokens: int, first: str = "") -> str:
    """`first`: columns selected before the touches' own (with their trailing comma)."""
    marks = ", ".join("?" * tokens)
    nulls = ", ".join(f"NULL AS c_{c}" for c in sorted(Click._meta.db_fields))
    return f"""SELECT {first}{columns(Click, "c")}, {_linked()} JOIN click c ON c.link_id = l.id
WHERE c.visit_token IN ({marks})
UNION ALL SELECT {first}{nulls}, {_linked()} WHERE l.code = ?"""


async def touch_rows(conn: BaseDBAsyncClient, tokens: Sequence[str], code: str | None) -> TouchRows:
    """The clicks of `tokens` and the link of `code` (None: none asked)."""
    if not tokens and code is None:
        return TouchRows()
    stmt = _touches(max(1, len(tokens)))
    params: list[Any] = [*tokens] if tokens else [None]
    return _touch_rows(await TortoiseExecutor(conn).rows(stmt, [*params, code]))


def _touch_rows(found: list[dict[str, Any]]) -> TouchRows:
    out = TouchRows()
    for row in found:
        link = out.links.get(int(row["l_id"]))
        if link is None:
            link = out.links[int(row["l_id"])] = build(ReferralLink, "l", row)
            link.advocate = build(Advocate, "a", row)
            if link.campaign_id not in out.campaigns:
                out.campaigns[link.campaign_id] = build(Campaign, "k", row)
        if row["c_id"] is None:
            out.by_code = link
        else:
            click = build(Click, "c", row)
            out.clicks[click.visit_token] = click
    return out


@cache
def _by_key_and_touches(tokens: int) -> Statement:
    """The key held (PostgreSQL: a transaction-scoped advisory lock taken without waiting;
    SQLite: always, its write transactions run one at a time) and the conversion it recorded,
    with `_touches` in the same read: the key's row (`part` 0), then the touches' rows (`part`
    1), each with the other's columns as NULLs. A twin that commits between this statement's
    snapshot and the lock is caught by the insert's UNIQUE key, and the attempt is retried."""
    touch_cols = [
        f"{alias}_{c}"
        for alias, model in (("c", Click), ("l", ReferralLink), ("a", Advocate), ("k", Campaign))
        for c in sorted(model._meta.db_fields)
    ]
    held_cols = ["held", *(f"v_{c}" for c in sorted(Conversion._meta.db_fields))]
    more = "".join(f", NULL AS {c}" for c in touch_cols)
    touches = _touches_text(tokens, "1, " + "".join("NULL, " for _c in held_cols))
    return Statement.of(
        f"conversion.hold_and_replay_with_touches_{tokens}",
        f"{_by_key_text('sqlite', '0 AS part, ', more)}\nUNION ALL {touches}",
        postgres=f"{_by_key_text('postgres', '0 AS part, ', more)}\nUNION ALL {touches}",
    )


async def hold_and_replay_with_touches(
    conn: BaseDBAsyncClient,
    lock_id: int,
    scope: str,
    key: str,
    tokens: Sequence[str],
    code: str | None,
) -> tuple[bool, Conversion | None, TouchRows]:
    """Whether this transaction holds the key, the conversion recorded under it, and
    `touch_rows(tokens, code)` (read whether or not the key is held or replayed)."""
    params: list[Any] = [*tokens] if tokens else [None]
    found = await TortoiseExecutor(conn).rows(
        _by_key_and_touches(max(1, len(tokens))), [lock_id, scope, key, *params, code]
    )
    row = next(r for r in found if r["part"] == 0)
    touches = _touch_rows([r for r in found if r["part"] != 0])
    if not row["held"] or row["v_id"] is None:
        return bool(row["held"]), None, touches
    return True, build(Conversion, "v", row), touches


@cache
def _campaign() -> Statement:
    return Statement.of(
        "touches.campaign", f"SELECT {columns(Campaign, 'k')} FROM campaign k WHERE k.id = ?"
    )


async def campaign_by_id(conn: BaseDBAsyncClient, campaign_id: int) -> Campaign | None:
    rows = await TortoiseExecutor(conn).rows(_campaign(), [campaign_id])
    return build(Campaign, "k", rows[0]) if rows else None


# ---- the friend's existing referral ------------------------------------------------------------


_BY_FRIEND = """FROM referral r WHERE r.campaign_id = ?
AND (r.friend_email = ? OR r.friend_key = ? OR r.friend_external_id = ?)
ORDER BY CASE WHEN r.friend_email = ? OR r.friend_key = ? THEN 0 ELSE 1 END, r.id LIMIT 1"""


@cache
def _existing(lock: bool) -> Statement:
    """By inbox first (the address or its canonical key), else by external id; one row, locked
    on PostgreSQL when asked."""
    text = f"SELECT {columns(Referral, 'r')} {_BY_FRIEND}"
    return Statement.of(
        f"referral.existing{'_locked' if lock else ''}",
        text,
        postgres=text + (" FOR NO KEY UPDATE" if lock else ""),
    )


@cache
def _existing_or_advocate() -> Statement:
    """SQLite (its write transactions run one at a time: nothing to lock): `_existing`'s row,
    or one of NULLs, with whether the friend is an advocate of the campaign (`_IS_ADVOCATE`).
    Each is found through the indexes of its columns (SQLite would rather scan the campaign's
    referrals, or links, for an OR)."""
    return Statement.of(
        "referral.existing_or_advocate",
        f"""SELECT {columns(Referral, "r")}, EXISTS (SELECT 1 FROM advocate a
CROSS JOIN referral_link l WHERE (a.email = ? OR a.email_key = ? OR a.external_id = ?)
AND l.campaign_id = ? AND l.advocate_id = a.id) AS friend_is_advocate
FROM (SELECT 1) one LEFT JOIN referral r ON r.id = (SELECT id FROM (
SELECT 0 AS p, id FROM referral WHERE campaign_id = ? AND friend_email = ?
UNION ALL SELECT 0, id FROM referral WHERE +campaign_id = ? AND friend_key = ?
UNION ALL SELECT 1, id FROM referral WHERE campaign_id = ? AND friend_external_id = ?
) ORDER BY p, id LIMIT 1)""",
    )


async def existing_referral(
    conn: BaseDBAsyncClient,
    campaign_id: int,
    email: str | None,
    key: str | None,
    ext: str | None,
    *,
    lock: bool,
) -> tuple[Referral | None, bool | None]:
    """The friend's referral, and on SQLite whether the friend is an advocate of the campaign
    (None: not read, ask `is_advocate`)."""
    ex = TortoiseExecutor(conn)
    if ex.dialect == "sqlite":
        (row,) = await ex.rows(
            _existing_or_advocate(),
            [email, key, ext, campaign_id, campaign_id, email, campaign_id, key, campaign_id, ext],
        )
        found = build(Referral, "r", row) if row["r_id"] is not None else None
        return found, bool(row["friend_is_advocate"])
    rows = await ex.rows(_existing(lock), [campaign_id, email, key, ext, email, key])
    return (build(Referral, "r", rows[0]) if rows else None), None


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


# ---- is the friend an advocate of the campaign? ------------------------------------------------

_IS_ADVOCATE = Statement.of(
    "referral.friend_is_advocate",
    """SELECT 1 AS found FROM referral_link l JOIN advocate a ON a.id = l.advocate_id
WHERE l.campaign_id = ? AND (a.email = ? OR a.email_key = ? OR a.external_id = ?) LIMIT 1""",
)


async def is_advocate(
    conn: BaseDBAsyncClient, campaign_id: int, email: str | None, key: str | None, ext: str | None
) -> bool:
    return bool(await TortoiseExecutor(conn).rows(_IS_ADVOCATE, [campaign_id, email, key, ext]))
