"""Counters kept in the write transaction of the events they count (see models.py).

Every hook is one small call from the use-case that changes the events, on that use-case's
connection, so a counter can never disagree with a committed event. `rebuild` recomputes
everything from the events (server/analytics/rebuild.py); a test proves rebuild == live.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from tortoise.backends.base.client import BaseDBAsyncClient

from server.analytics import bumps
from server.sql import Executor, Statement, TortoiseExecutor

COUNTING = "('valid', 'partially_refunded')"
# Clicks and first-seen visitors are counted on their own row of the day (this "currency"),
# never on the '' row that referrals, signups and conversions update: the click group commit
# would otherwise wait on the row lock a conversion's transaction holds until it commits.
CLICKS = "*"
# Each advocate's counters are also kept on an all-time row of their own (this `day`, which sorts
# before every day), so the all-time leaderboard reads one row per advocate, not one per day.
ALL_TIME = "*"
# Every counter is kept twice: on its UTC day's row and on its hour's row, whose `day` is 'H'
# and the hours since the Unix epoch in nine digits (so hour rows sort after every day, apart
# from them). Whole days are read from day rows and the hours at a range's edges from hour rows:
# no read scans events beyond the part of an hour a range starts or ends in.
HOUR = "H"


def day_of(value: datetime | str | date) -> str:
    """The UTC day of a stored timestamp (SQLite hands back text, PostgreSQL datetimes)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).date().isoformat()
    return value.isoformat()


def _instant(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def hour_of(value: datetime | str) -> str:
    """The hour row's key of a stored timestamp."""
    return _hour_key(int(_instant(value).timestamp()) // 3600)


def _hour_key(hours: int) -> str:
    """The hour row's key of the hour `hours` hours after the Unix epoch."""
    return f"{HOUR}{hours:09d}"


def hour_start(hour: str) -> datetime:
    return datetime.fromtimestamp(int(hour[1:]) * 3600, UTC)


@lru_cache(maxsize=512)
def _seen(n: int) -> Statement:
    """First sightings of `n` visitors in one statement: those returned were not seen before."""
    values = ", ".join(["(?, ?, ?, ?)"] * n)
    return Statement.of(
        "rollups.visitor_seen",
        f"""INSERT INTO rollup_visitor (campaign_id, test, visitor, first_at) VALUES {values}
ON CONFLICT (campaign_id, test, visitor) DO NOTHING RETURNING campaign_id, test, visitor""",
    )


@dataclass(frozen=True, slots=True)
class _Key:
    campaign_id: int
    test: bool
    hour: str  # hour_of(...): the change counts on this hour's row and on its day's
    currency: str = ""


_FIELDS = ("clicks", "visitors", "referrals", "signups", "conversions", "revenue", "converted")


async def _bump(
    ex: Executor, changes: dict[_Key, Counter[str]], advocate: list[list[Any]] | None = None
) -> None:
    """One statement: each change on its hour's row and on its day's (merged per row); then
    `advocate`'s rows (`_advocate_rows`), on PostgreSQL in the same statement."""
    rows: dict[tuple[int, bool, str, str], Counter[str]] = {}
    for k, c in changes.items():
        day = hour_start(k.hour).date().isoformat()
        for bucket in (day, k.hour):
            rows.setdefault((k.campaign_id, k.test, bucket, k.currency), Counter()).update(c)
    campaign = [[*key, *(c[f] for f in _FIELDS)] for key, c in rows.items() if any(c.values())]
    if campaign and advocate and ex.dialect == "postgres":
        await ex.run(bumps.BOTH, bumps.both_params(campaign, advocate))
        return
    await ex.run_many(bumps.CAMPAIGN, campaign)
    if advocate:
        await ex.run_many(bumps.ADVOCATE, advocate)


async def _one(ex: Executor, key: _Key, **deltas: int) -> None:
    await _bump(ex, {key: Counter(deltas)})


def _ex(conn: BaseDBAsyncClient | Executor) -> Executor:
    return TortoiseExecutor(conn) if isinstance(conn, BaseDBAsyncClient) else conn


# ---- hooks -----------------------------------------------------------------------------------


class ClickFact(NamedTuple):  # a tuple: one per click, built cheaper than a frozen dataclass
    campaign_id: int
    test: bool
    occurred_at: datetime
    visitor: str  # ip hash + ua hash


async def clicks_recorded(ex: Executor, clicks: Sequence[ClickFact]) -> None:
    """A batch of clicks: the visitors' first sightings in one statement, then one counter
    upsert per campaign and day. Counted per (campaign, test, hour) in plain tuples first: a
    batch holds many clicks and few such keys."""
    per_hour: Counter[tuple[int, bool, int]] = Counter()
    first: dict[tuple[int, bool, str], tuple[tuple[int, bool, int], datetime]] = {}
    for c in clicks:
        at = (c.campaign_id, c.test, int(c.occurred_at.timestamp()) // 3600)
        per_hour[at] += 1
        first.setdefault((c.campaign_id, c.test, c.visitor), (at, c.occurred_at))
    params = [v for (cid, test, who), (_at, when) in first.items() for v in (cid, test, who, when)]
    visitors: Counter[tuple[int, bool, int]] = Counter()
    for r in await ex.rows(_seen(len(first)), params):
        at, _when = first[(int(r["campaign_id"]), bool(r["test"]), str(r["visitor"]))]
        visitors[at] += 1
    changes: dict[_Key, Counter[str]] = {}
    for (cid, test, hours), n in per_hour.items():
        key = _Key(cid, test, _hour_key(hours), CLICKS)
        changes[key] = Counter(clicks=n, visitors=visitors[(cid, test, hours)])
    await _bump(ex, changes)


@dataclass(slots=True)
class _Held:
    conn: BaseDBAsyncClient
    changes: dict[_Key, Counter[str]] = field(default_factory=dict)


_held: ContextVar[_Held | None] = ContextVar("vouch_rollups_held", default=None)


@asynccontextmanager
async def holding(conn: BaseDBAsyncClient) -> AsyncIterator[None]:
    """A referral created in the block on `conn` has its counters written with its order's (a
    referral created with its first order: one statement), else when the block ends normally
    (on an error the transaction rolls back, so there is nothing to write)."""
    held = _Held(conn)
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    await _bump(_ex(conn), held.changes)


def _with_held(conn: BaseDBAsyncClient, changes: dict[_Key, Counter[str]]) -> None:
    """The changes held on `conn` join `changes` (and are no longer held)."""
    held = _held.get()
    if held is not None and held.conn is conn:
        for key, counts in held.changes.items():
            changes.setdefault(key, Counter()).update(counts)
        held.changes.clear()


async def referral_created(conn: BaseDBAsyncClient, *, referral: Any) -> None:
    if referral.status.value != "rejected":
        key = _Key(referral.campaign_id, referral.test, hour_of(referral.created_at))
        held = _held.get()
        if held is not None and held.conn is conn:
            held.changes.setdefault(key, Counter())["referrals"] += 1
        else:
            await _one(_ex(conn), key, referrals=1)


async def referral_rejected(conn: BaseDBAsyncClient, *, referral: Any) -> None:
    """Call when a referral that was not rejected becomes rejected: it leaves the referrals of
    its day, and the converted ones if it had an order that still counts."""
    ex = _ex(conn)
    row = await _referral(ex, referral.id)
    key = _Key(referral.campaign_id, referral.test, hour_of(referral.created_at))
    await _one(ex, key, referrals=-1, converted=-1 if row["other_any"] else 0)


async def signed_up(conn: BaseDBAsyncClient, *, referral: Any, when: datetime) -> None:
    await _one(_ex(conn), _Key(referral.campaign_id, referral.test, hour_of(when)), signups=1)


# The referral's other counting orders, apart from the conversion `c.id <> ?` names: the first
# one's time in the conversion's currency and their number. Also read by the conversion's insert
# (its RETURNING, `server/referrals/sql.py`), where `conversion` is the new row.
OTHER_ORDERS = f"""(SELECT MIN(c.occurred_at) FROM conversion c WHERE c.referral_id = {{referral}}
      AND c.currency = {{currency}} AND c.status IN {COUNTING} AND c.id <> {{conversion}})
      AS other_first,
    (SELECT COUNT(*) FROM conversion c WHERE c.referral_id = {{referral}}
      AND c.status IN {COUNTING} AND c.id <> {{conversion}}) AS other_any"""
_FIRST_ORDERS = Statement.of(
    "rollups.first_orders",
    f"""SELECT l.advocate_id AS aid, r.campaign_id AS cid, r.test AS test,
    r.created_at AS created_at, r.status AS status,
    {OTHER_ORDERS.format(referral="r.id", currency="?", conversion="?")}
FROM referral r JOIN referral_link l ON l.id = r.link_id WHERE r.id = ?""",
)


async def _referral(
    ex: Executor, referral_id: int, currency: str = "", conversion_id: int = 0
) -> dict[str, Any]:
    """The referral's advocate, campaign, mode, day and status; the first counting order in
    `currency` and the number of counting orders, both apart from `conversion_id`."""
    params = [currency, conversion_id, conversion_id, referral_id]
    return (await ex.rows(_FIRST_ORDERS, params))[0]


@dataclass(frozen=True, slots=True)
class OrdersBefore:
    """A new conversion's referral as its transaction holds it (locked or just created) and the
    referral's other counting orders (`OTHER_ORDERS`, read with the conversion's insert)."""

    advocate_id: int
    created_at: datetime
    status: str
    other_first: datetime | str | None
    other_any: int


async def _first_moves(
    ex: Executor, referral_id: int, currency: str, conversion_id: int, day: str, counts: bool
) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    row = await _referral(ex, referral_id, currency, conversion_id)
    return row, _moves(row, day, counts)


def _moves(row: dict[str, Any], day: str, counts: bool) -> list[tuple[str, int]]:
    """Successes move to the day of the referral's first counting order in the currency: with
    this conversion counting (`counts`) or not, against every other order of the referral."""
    other = day_of(row["other_first"]) if row["other_first"] is not None else None
    with_it = min(d for d in (other, day) if d is not None)
    before: str | None
    after: str | None
    if counts:  # a new counting order: before it, `other` was first
        before, after = other, with_it
    else:  # an order stopped counting: before, it was a candidate
        before, after = with_it, other
    return [] if before == after else [(d, s) for d, s in ((before, -1), (after, 1)) if d]


async def conversion_recorded(
    conn: BaseDBAsyncClient, *, conversion: Any, before: OrdersBefore | None = None
) -> None:
    """`before`: the referral and its other orders when the caller has them (else read)."""
    ex, day = _ex(conn), day_of(conversion.occurred_at)
    if before is None:
        row, moves = await _first_moves(
            ex, conversion.referral_id, conversion.currency, conversion.id, day, counts=True
        )
    else:
        row = {
            "aid": before.advocate_id,
            "cid": conversion.campaign_id,
            "test": conversion.test,
            "created_at": before.created_at,
            "status": before.status,
            "other_first": before.other_first,
            "other_any": before.other_any,
        }
        moves = _moves(row, day, counts=True)
    hour = hour_of(conversion.occurred_at)
    key = _Key(conversion.campaign_id, conversion.test, hour, conversion.currency)
    changes = {key: Counter(conversions=1, revenue=conversion.amount)}
    if not row["other_any"] and row["status"] != "rejected":  # the referral's first order
        referred = _Key(conversion.campaign_id, conversion.test, hour_of(row["created_at"]))
        changes[referred] = Counter(converted=1)
    _with_held(conn, changes)
    mine = [(day, 0, conversion.amount), *moves_of(moves)]
    await _bump(ex, changes, _advocate_rows(row, conversion.currency, mine))


def moves_of(moves: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    return [(d, s, 0) for d, s in moves]


async def _advocate(
    ex: Executor, row: dict[str, Any], currency: str, changes: list[tuple[str, int, int]]
) -> None:
    await ex.run_many(bumps.ADVOCATE, _advocate_rows(row, currency, changes))


def _advocate_rows(
    row: dict[str, Any], currency: str, changes: list[tuple[str, int, int]]
) -> list[list[Any]]:
    """The changes on their days' rows and, in the same statement, on the all-time row (last)."""
    merged: dict[str, list[int]] = {}
    for day, successes, revenue in [*changes, *((ALL_TIME, s, r) for _d, s, r in changes)]:
        m = merged.setdefault(day, [0, 0])
        m[0] += successes
        m[1] += revenue
    return [
        [row["cid"], row["aid"], bool(row["test"]), d, currency, s, r]
        for d, (s, r) in merged.items()
        if s or r
    ]


async def refunded(conn: BaseDBAsyncClient, *, conversion: Any, amount: int) -> None:
    """Call after the conversion's refunded amount and status were updated."""
    ex, day = _ex(conn), day_of(conversion.occurred_at)
    full = conversion.status.value == "refunded"
    hour = hour_of(conversion.occurred_at)
    key = _Key(conversion.campaign_id, conversion.test, hour, conversion.currency)
    # A fully refunded order stops counting: what was left of it leaves the revenue.
    changes = {key: Counter(conversions=-1 if full else 0, revenue=-amount)}
    moves: list[tuple[str, int]] = []
    if full:
        row, moves = await _first_moves(
            ex, conversion.referral_id, conversion.currency, conversion.id, day, counts=False
        )
        if not row["other_any"] and row["status"] != "rejected":  # its last counting order
            referred = _Key(conversion.campaign_id, conversion.test, hour_of(row["created_at"]))
            changes[referred] = Counter(converted=-1)
    else:
        row = await _referral(ex, conversion.referral_id, conversion.currency)
    mine = [(day, 0, -amount), *moves_of(moves)]
    await _bump(ex, changes, _advocate_rows(row, conversion.currency, mine))


_ORDERS_OF = Statement.of(
    "rollups.orders_of",
    f"""SELECT currency, occurred_at, amount - refunded_amount AS net FROM conversion
WHERE referral_id = ? AND status IN {COUNTING}""",
)


async def referral_moved(
    conn: BaseDBAsyncClient, *, referral_id: int, old_advocate_id: int
) -> None:
    """Call after a re-attribution changed the referral's link: its orders change advocate."""
    ex = _ex(conn)
    orders = await ex.rows(_ORDERS_OF, [referral_id])
    new = await _referral(ex, referral_id)
    if not orders or new["aid"] == old_advocate_id:
        return
    old = {**new, "aid": old_advocate_id}
    for currency in {str(o["currency"]) for o in orders}:
        mine = [o for o in orders if o["currency"] == currency]
        first = min(day_of(o["occurred_at"]) for o in mine)
        changes = [(day_of(o["occurred_at"]), 0, int(o["net"])) for o in mine] + [(first, 1, 0)]
        await _advocate(ex, old, currency, [(d, -s, -r) for d, s, r in changes])
        await _advocate(ex, new, currency, changes)


_FORGET = [
    Statement.of(
        "rollups.forget_days", "DELETE FROM rollup_campaign_day WHERE campaign_id = ? AND test = ?"
    ),
    Statement.of(
        "rollups.forget_visitors", "DELETE FROM rollup_visitor WHERE campaign_id = ? AND test = ?"
    ),
    Statement.of(
        "rollups.forget_advocates",
        "DELETE FROM rollup_advocate_day WHERE campaign_id = ? AND test = ?",
    ),
]


async def test_data_reset(conn: BaseDBAsyncClient, *, campaign_id: int) -> None:
    """Call when a campaign's test-mode events are deleted."""
    ex = _ex(conn)
    for stmt in _FORGET:
        await ex.run(stmt, [campaign_id, True])
