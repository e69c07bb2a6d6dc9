"""Campaign aggregates from rollups (server/analytics/rollups.py), batched by campaign for
DataLoaders. Whole UTC days come from the day rows and whole hours from the hour rows, so the
cost does not grow with the events; a range that starts or ends inside an hour reads that part
of the hour's events only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from server.analytics import rules
from server.analytics.rollups import ALL_TIME, CLICKS, HOUR, hour_of, hour_start
from server.analytics.rules import Interval
from server.clock import as_utc
from server.errors import InvalidInput
from server.sql import Executor, Statement, connections

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
COUNTING = "('valid', 'partially_refunded')"


@dataclass(slots=True)
class Stats:
    clicks: int = 0
    unique_visitors: int = 0
    referrals: int = 0
    # Of `referrals` (friends referred in the range), those who have converted.
    converted_referrals: int = 0
    signups: int = 0
    conversions: int = 0
    revenue: dict[str, int] = field(default_factory=dict)


def _range(frm: datetime | None, to: datetime | None) -> tuple[datetime, datetime]:
    lo = as_utc(frm, "from") if frm is not None else EPOCH
    hi = as_utc(to, "to") if to is not None else FAR_FUTURE
    rules.check_range(lo, hi)
    return lo, hi


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class _Split:
    """[lo, hi) as rollup rows: whole UTC days from day rows, the whole hours around them from
    hour rows (`ranges`: [from, to) of the rows' `day`, up to three, each one index range: a
    day range never holds hour rows, they sort after every day), and what is left of an hour at
    either end from events (`edges`)."""

    ranges: tuple[tuple[str, str], ...]
    edges: tuple[tuple[datetime, datetime], ...]


def _hour_floor(t: datetime) -> datetime:
    return t.replace(minute=0, second=0, microsecond=0)


@lru_cache(maxsize=256)  # ranges repeat: all time, and days asked again within a minute
def _split(lo: datetime, hi: datetime) -> _Split:
    lo_h = _hour_floor(lo) if lo == _hour_floor(lo) else _hour_floor(lo) + timedelta(hours=1)
    hi_h = _hour_floor(hi)
    if lo_h >= hi_h:  # inside one or two partial hours: events only
        return _Split((), ((lo, hi),))
    edges = tuple((a, b) for a, b in ((lo, lo_h), (hi_h, hi)) if a < b)
    lo_d = lo_h.date() if lo_h == _midnight(lo_h.date()) else lo_h.date() + timedelta(days=1)
    hi_d = hi_h.date()
    if lo_d >= hi_d:  # no whole day: hours only
        return _Split(((hour_of(lo_h), hour_of(hi_h)),), edges)
    ranges = [
        (lo_d.isoformat(), hi_d.isoformat()),
        (hour_of(lo_h), hour_of(_midnight(lo_d))),
        (hour_of(_midnight(hi_d)), hour_of(hi_h)),
    ]
    return _Split(tuple((a, b) for a, b in ranges if a < b), edges)


# Rows of test-mode campaigns count only in that campaign's own numbers: the join keeps each
# campaign's rows whose test flag matches its current mode. One row per campaign, no per-currency
# grouping (a temporary B-tree): the counts, the campaign currency's conversions and revenue, and
# how many conversions are in other currencies (rare: then `_days` reads them by currency).
@lru_cache(maxsize=64)
def _totals(ids: str) -> Statement:
    own = "CASE WHEN r.currency = k.currency THEN r.{c} ELSE 0 END"
    return Statement.of(
        "analytics.stats_totals",
        f"""SELECT r.campaign_id AS cid, MIN(k.currency) AS cur, SUM(r.clicks) AS clicks,
    SUM(r.visitors) AS visitors, SUM(r.referrals) AS referrals, SUM(r.signups) AS signups,
    SUM(r.converted) AS converted, SUM({own.format(c="conversions")}) AS conversions,
    SUM({own.format(c="revenue")}) AS revenue, SUM(CASE WHEN r.currency IN ('', '{CLICKS}')
        OR r.currency = k.currency THEN 0 ELSE r.conversions END) AS elsewhere
FROM rollup_campaign_day r JOIN campaign k ON k.id = r.campaign_id AND r.test = k.test_mode
WHERE r.campaign_id IN ({ids}) AND r.day >= ? AND r.day < ?
GROUP BY r.campaign_id""",
    )


@lru_cache(maxsize=64)
def _other_currencies(ids: str) -> Statement:
    """Conversions and revenue in currencies other than the campaign's, per currency."""
    return Statement.of(
        "analytics.stats_currencies",
        f"""SELECT r.campaign_id AS cid, r.currency AS cur, 0 AS clicks, 0 AS visitors,
    0 AS referrals, 0 AS signups, 0 AS converted, SUM(r.conversions) AS conversions,
    SUM(r.revenue) AS revenue
FROM rollup_campaign_day r JOIN campaign k ON k.id = r.campaign_id AND r.test = k.test_mode
WHERE r.campaign_id IN ({ids}) AND r.day >= ? AND r.day < ?
    AND r.currency NOT IN ('', '{CLICKS}') AND r.currency <> k.currency
GROUP BY r.campaign_id, r.currency""",
    )


_EDGE_COLUMNS = ("clicks", "visitors", "referrals", "converted", "signups", "conversions")


def _edge_part(cid: str, cur: str, values: dict[str, str], source: str) -> str:
    """One event table's rows of a partial day, in the rollups' columns (absent ones are 0)."""
    cols = ", ".join(f"{values.get(c, '0')} AS {c}" for c in _EDGE_COLUMNS)
    revenue = values.get("revenue", "0")
    return f"SELECT {cid} AS cid, {cur} AS cur, {cols}, {revenue} AS revenue {source}"


@lru_cache(maxsize=64)
def _edge(ids: str, only: str | None = None) -> Statement:
    """One partial day's events, in the rollups' shape: one row per campaign and currency.
    `only` (a metric of _SERIES) reads just the event table that metric needs."""
    live = "JOIN campaign k ON k.id = x.campaign_id AND x.test = k.test_mode"
    within = f"x.campaign_id IN ({ids}) AND x.{{col}} >= ? AND x.{{col}} < ?"
    converted = (
        f"CASE WHEN EXISTS (SELECT 1 FROM conversion v WHERE v.referral_id = x.id"
        f" AND v.status IN {COUNTING}) THEN 1 ELSE 0 END"
    )
    conversions = _edge_part(
        "x.campaign_id",
        "x.currency",
        {"conversions": "1", "revenue": "x.amount - x.refunded_amount"},
        f"FROM conversion x {live} WHERE {within.format(col='occurred_at')}"
        f" AND x.status IN {COUNTING}",
    )
    parts = {
        "clicks": _edge_part(
            "x.campaign_id",
            "''",
            {"clicks": "1"},
            f"FROM click x {live} WHERE {within.format(col='occurred_at')}",
        ),
        "unique_visitors": _edge_part(
            "x.campaign_id",
            "''",
            {"visitors": "1"},
            f"FROM rollup_visitor x {live} WHERE {within.format(col='first_at')}",
        ),
        "referrals": _edge_part(
            "x.campaign_id",
            "''",
            {"referrals": "1", "converted": converted},
            f"FROM referral x {live} WHERE {within.format(col='created_at')}"
            " AND x.status <> 'rejected'",
        ),
        "signups": _edge_part(
            "x.campaign_id",
            "''",
            {"signups": "1"},
            f"FROM referral x {live} WHERE {within.format(col='signed_up_at')}",
        ),
        "conversions": conversions,
        "revenue": conversions,
    }
    chosen = [parts[only]] if only is not None else [p for m, p in parts.items() if m != "revenue"]
    sums = ", ".join(f"SUM(e.{c}) AS {c}" for c in (*_EDGE_COLUMNS, "revenue"))
    return Statement.of(
        f"analytics.{'series_edge.' + only if only else 'stats_edge'}",
        f"""SELECT e.cid, e.cur, {sums}
FROM ({" UNION ALL ".join(chosen)}) e GROUP BY e.cid, e.cur""",
    )


def _add(out: dict[int, Stats], rows: list[dict[str, Any]]) -> None:
    for r in rows:
        s = out[int(r["cid"])]
        s.clicks += int(r["clicks"] or 0)
        s.unique_visitors += int(r["visitors"] or 0)
        s.referrals += int(r["referrals"] or 0)
        s.converted_referrals += int(r["converted"] or 0)
        s.signups += int(r["signups"] or 0)
        conversions = int(r["conversions"] or 0)
        if conversions:
            s.conversions += conversions
            s.revenue[r["cur"]] = s.revenue.get(r["cur"], 0) + int(r["revenue"] or 0)


async def _edge_rows(
    ex: Executor, ids: Sequence[int], lo: datetime, hi: datetime, only: str | None = None
) -> list[dict[str, Any]]:
    params: list[Any] = []
    for _ in range(1 if only is not None else 5):
        params += [*ids, lo, hi]
    return await connections.aggregate(ex, _edge(",".join("?" * len(ids)), only), params)


async def stats(
    campaign_ids: Sequence[int], frm: datetime | None, to: datetime | None
) -> dict[int, Stats]:
    """Unique visitors are exact: visitors first seen in the range (all-time: every visitor)."""
    lo, hi = _range(frm, to)
    out = {cid: Stats() for cid in campaign_ids}
    if not campaign_ids:
        return out
    ex = await connections.reader()
    split = _split(lo, hi)
    ids = ",".join("?" * len(campaign_ids))
    for keys in split.ranges:  # one statement per index range (an OR of them scans more)
        totals = await connections.aggregate(ex, _totals(ids), [*campaign_ids, *keys])
        _add(out, totals)
        elsewhere = [int(r["cid"]) for r in totals if r["elsewhere"]]
        if elsewhere:
            others = ",".join("?" * len(elsewhere))
            stmt = _other_currencies(others)
            _add(out, await connections.aggregate(ex, stmt, [*elsewhere, *keys]))
    for edge_lo, edge_hi in split.edges:
        _add(out, await _edge_rows(ex, campaign_ids, edge_lo, edge_hi))
    return out


_SERIES = {
    "clicks": "r.clicks",
    "unique_visitors": "r.visitors",
    "referrals": "r.referrals",
    "signups": "r.signups",
    "conversions": "r.conversions",
    "revenue": "CASE WHEN r.currency = k.currency THEN r.revenue ELSE 0 END",
}
_SERIES_DAYS = {
    metric: Statement.of(
        f"analytics.series.{metric}",
        f"""SELECT r.day AS d, SUM({expr}) AS v
FROM rollup_campaign_day r JOIN campaign k ON k.id = r.campaign_id AND r.test = k.test_mode
WHERE r.campaign_id = ? AND r.day >= ? AND r.day < ? GROUP BY r.day""",
    )
    for metric, expr in _SERIES.items()
}
_CURRENCY = Statement.of("analytics.currency", "SELECT currency FROM campaign WHERE id = ?")


async def timeseries(
    campaign_id: int, metric: str, interval: Interval, frm: datetime, to: datetime
) -> list[tuple[date, int]]:
    """Per-day counters summed into buckets; empty buckets are zero so charts need no gap
    logic. Unique visitors per bucket are those first seen in it."""
    if metric not in _SERIES:
        raise InvalidInput(f"Unknown metric {metric!r}.", field="metric")
    lo, hi = _range(frm, to)
    all_buckets = rules.buckets(lo, hi, interval)
    ex = await connections.reader()
    split = _split(lo, hi)
    values: dict[date, int] = {}

    def add(day: date, value: int) -> None:
        b = rules.bucket_start(day, interval)
        values[b] = values.get(b, 0) + value

    for keys in split.ranges:
        for r in await connections.aggregate(ex, _SERIES_DAYS[metric], [campaign_id, *keys]):
            key = str(r["d"])
            day = hour_start(key).date() if key.startswith(HOUR) else date.fromisoformat(key)
            add(day, int(r["v"] or 0))
    currency = ""
    if split.edges and metric == "revenue":
        currency = str((await ex.rows(_CURRENCY, [campaign_id]))[0]["currency"])
    for edge_lo, edge_hi in split.edges:
        part = Stats()
        rows = await _edge_rows(ex, [campaign_id], edge_lo, edge_hi, metric)
        _add({campaign_id: part}, rows)
        add(edge_lo.date(), _metric(part, metric, currency))
    return [(b, values.get(b, 0)) for b in all_buckets]


def _metric(s: Stats, metric: str, currency: str) -> int:
    return {
        "clicks": s.clicks,
        "unique_visitors": s.unique_visitors,
        "referrals": s.referrals,
        "signups": s.signups,
        "conversions": s.conversions,
        "revenue": s.revenue.get(currency, 0),
    }[metric]


@dataclass(frozen=True, slots=True)
class Standing:
    advocate_id: int
    referrals: int
    revenue: int


# A successful referral has at least one order that still counts (not fully refunded); it
# counts on the day of its first such order. Orders in other currencies do not rank.
_LEADERS = Statement.of(
    "analytics.leaderboard",
    f"""SELECT a.advocate_id AS aid, SUM(a.successes) AS n, SUM(a.revenue) AS rev,
    MIN(CASE WHEN a.successes > 0 THEN a.day END) AS first_day
FROM rollup_advocate_day a
JOIN campaign k ON k.id = a.campaign_id AND a.test = k.test_mode AND a.currency = k.currency
WHERE a.campaign_id = ? AND a.day >= ? AND a.day <> '{ALL_TIME}'
GROUP BY a.advocate_id
HAVING SUM(a.successes) > 0
ORDER BY n DESC, rev DESC, first_day ASC, aid ASC
LIMIT ?""",
)


# All time: one row per advocate (rollups.ALL_TIME); the first day of a success, for ties, is the
# first of that advocate's day rows (one index seek each, in day order) that holds one.
_ALL_TIME_LEADERS = Statement.of(
    "analytics.leaderboard_all_time",
    f"""SELECT a.advocate_id AS aid, a.successes AS n, a.revenue AS rev,
    (SELECT d.day FROM rollup_advocate_day d WHERE d.campaign_id = a.campaign_id
        AND d.advocate_id = a.advocate_id AND d.test = a.test AND d.day <> '{ALL_TIME}'
        AND d.currency = a.currency AND d.successes > 0 ORDER BY d.day LIMIT 1) AS first_day
FROM rollup_advocate_day a
JOIN campaign k ON k.id = a.campaign_id AND a.test = k.test_mode AND a.currency = k.currency
WHERE a.campaign_id = ? AND a.day = '{ALL_TIME}' AND a.successes > 0
ORDER BY n DESC, rev DESC, first_day ASC, aid ASC
LIMIT ?""",
)


async def leaderboard(campaign_id: int, first: int, since: datetime | None) -> list[Standing]:
    """`since` counts whole UTC days: the day it falls in and every day after. All time (no
    `since`) reads one row per advocate, however many days they have been active."""
    ex = await connections.reader()
    if since is None:
        rows = await connections.aggregate(ex, _ALL_TIME_LEADERS, [campaign_id, first])
    else:
        day = since.astimezone(UTC).date().isoformat()
        rows = await connections.aggregate(ex, _LEADERS, [campaign_id, day, first])
    return [Standing(int(r["aid"]), int(r["n"]), int(r["rev"] or 0)) for r in rows]


StatsOf = Callable[[datetime | None, datetime | None], Awaitable[Stats]]


async def campaign_stats(
    stats_of: StatsOf,
    frm: datetime | None,
    to: datetime | None,
    *,
    metric: str | None,
    target: int | None,
    currency: str,
) -> tuple[Stats, float | None]:
    """A campaign's stats in [frm, to) and the all-time share of its objective reached (None
    without one). All-time stats already hold the objective's value; a range needs the all-time
    stats too. `stats_of` is the request's batched stats of the campaign, so an all-time `stats`
    and the objective's progress in one request share one computation."""
    s = await stats_of(frm, to)
    if metric is None or not target:
        return s, None
    whole = s if frm is None and to is None else await stats_of(None, None)
    return s, objective_value(whole, metric, currency) / target


def objective_value(s: Stats, metric: str, currency: str) -> int:
    """All-time value of a campaign's objective metric from its all-time stats."""
    return {
        "referrals": s.referrals,
        "conversions": s.conversions,
        "revenue": s.revenue.get(currency, 0),
    }[metric]
