"""Campaign aggregates, computed in SQL and batched by campaign for DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from server import db
from server.analytics import rules
from server.analytics.rules import Interval
from server.analytics.sql import fetch, placeholders
from server.clock import as_utc
from server.errors import InvalidInput

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


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


# Fully refunded orders are not conversions. Rows of test-mode campaigns count only in that
# campaign's own numbers: the join keeps each campaign's rows whose test flag matches its mode.
_CLICKS = """
SELECT x.campaign_id AS cid, COUNT(*) AS n, COUNT(DISTINCT x.ip_hash || x.ua_hash) AS u
FROM click x JOIN campaign k ON k.id = x.campaign_id AND x.test = k.test_mode
WHERE x.campaign_id IN ({ids}) AND x.occurred_at >= ? AND x.occurred_at < ?
GROUP BY x.campaign_id"""
_REFERRALS = """
SELECT x.campaign_id AS cid, COUNT(*) AS n,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM conversion v WHERE v.referral_id = x.id
           AND v.status IN ('valid', 'partially_refunded')) THEN 1 ELSE 0 END) AS c
FROM referral x JOIN campaign k ON k.id = x.campaign_id AND x.test = k.test_mode
WHERE x.campaign_id IN ({ids}) AND x.status <> 'rejected'
  AND x.created_at >= ? AND x.created_at < ?
GROUP BY x.campaign_id"""
_SIGNUPS = """
SELECT x.campaign_id AS cid, COUNT(*) AS n
FROM referral x JOIN campaign k ON k.id = x.campaign_id AND x.test = k.test_mode
WHERE x.campaign_id IN ({ids}) AND x.signed_up_at >= ? AND x.signed_up_at < ?
GROUP BY x.campaign_id"""
_CONVERSIONS = """
SELECT x.campaign_id AS cid, x.currency AS cur, COUNT(*) AS n,
       SUM(x.amount - x.refunded_amount) AS rev
FROM conversion x JOIN campaign k ON k.id = x.campaign_id AND x.test = k.test_mode
WHERE x.campaign_id IN ({ids}) AND x.status IN ('valid', 'partially_refunded')
  AND x.occurred_at >= ? AND x.occurred_at < ?
GROUP BY x.campaign_id, x.currency"""


async def stats(
    campaign_ids: Sequence[int], frm: datetime | None, to: datetime | None
) -> dict[int, Stats]:
    """Four aggregate queries for any number of campaigns."""
    lo, hi = _range(frm, to)
    out = {cid: Stats() for cid in campaign_ids}
    if not campaign_ids:
        return out
    ids = placeholders(len(campaign_ids))
    params = [*campaign_ids, lo, hi]
    for row in await fetch(_CLICKS.format(ids=ids), params):
        out[row["cid"]].clicks, out[row["cid"]].unique_visitors = int(row["n"]), int(row["u"])
    for row in await fetch(_REFERRALS.format(ids=ids), params):
        out[row["cid"]].referrals = int(row["n"])
        out[row["cid"]].converted_referrals = int(row["c"] or 0)
    for row in await fetch(_SIGNUPS.format(ids=ids), params):
        out[row["cid"]].signups = int(row["n"])
    for row in await fetch(_CONVERSIONS.format(ids=ids), params):
        s = out[row["cid"]]
        s.conversions += int(row["n"])
        s.revenue[row["cur"]] = int(row["rev"] or 0)
    return out


_SERIES = {
    "clicks": ("click", "occurred_at", "COUNT(*)", ""),
    "unique_visitors": ("click", "occurred_at", "COUNT(DISTINCT x.ip_hash || x.ua_hash)", ""),
    "referrals": ("referral", "created_at", "COUNT(*)", "AND x.status <> 'rejected'"),
    "signups": ("referral", "signed_up_at", "COUNT(*)", ""),
    "conversions": (
        "conversion",
        "occurred_at",
        "COUNT(*)",
        "AND x.status IN ('valid', 'partially_refunded')",
    ),
    "revenue": (
        "conversion",
        "occurred_at",
        "SUM(x.amount - x.refunded_amount)",
        "AND x.status IN ('valid', 'partially_refunded') AND x.currency = k.currency",
    ),
}


def _bucket_sql(column: str, interval: Interval) -> str:
    if db.dialect() == "postgres":
        return f"to_char(date_trunc('{interval.value}', {column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"
    day = f"substr({column}, 1, 10)"
    if interval is Interval.DAY:
        return day
    if interval is Interval.WEEK:
        return f"date({day}, 'weekday 0', '-6 days')"
    return f"substr({column}, 1, 7) || '-01'"


async def timeseries(
    campaign_id: int, metric: str, interval: Interval, frm: datetime, to: datetime
) -> list[tuple[date, int]]:
    """One grouped query; empty buckets are filled with zero so charts need no gap logic."""
    if metric not in _SERIES:
        raise InvalidInput(f"Unknown metric {metric!r}.", field="metric")
    table, column, agg, extra = _SERIES[metric]
    lo, hi = _range(frm, to)
    all_buckets = rules.buckets(lo, hi, interval)
    bucket = _bucket_sql(f"x.{column}", interval)
    query = f"""
SELECT {bucket} AS b, {agg} AS v
FROM {table} x JOIN campaign k ON k.id = x.campaign_id AND x.test = k.test_mode
WHERE x.campaign_id = ? AND x.{column} >= ? AND x.{column} < ? {extra}
GROUP BY {bucket}"""  # noqa: S608 - identifiers come from the fixed table above
    values = {str(r["b"]): int(r["v"] or 0) for r in await fetch(query, [campaign_id, lo, hi])}
    return [(b, values.get(b.isoformat(), 0)) for b in all_buckets]


@dataclass(frozen=True, slots=True)
class Standing:
    advocate_id: int
    referrals: int
    revenue: int


# A successful referral has at least one order that still counts (not fully refunded).
_LEADERS = """
SELECT l.advocate_id AS aid, COUNT(DISTINCT c.referral_id) AS n,
       SUM(c.amount - c.refunded_amount) AS rev, MIN(c.occurred_at) AS first_at
FROM conversion c JOIN referral r ON r.id = c.referral_id
JOIN referral_link l ON l.id = r.link_id
JOIN campaign k ON k.id = c.campaign_id AND c.test = k.test_mode AND c.currency = k.currency
WHERE c.campaign_id = ? AND c.status IN ('valid', 'partially_refunded') AND c.occurred_at >= ?
GROUP BY l.advocate_id
ORDER BY n DESC, rev DESC, first_at ASC, l.advocate_id ASC
LIMIT ?"""


async def leaderboard(campaign_id: int, first: int, since: datetime | None) -> list[Standing]:
    """Orders in other currencies than the campaign's do not rank."""
    lo = (since or EPOCH).astimezone(UTC)
    rows = await fetch(_LEADERS, [campaign_id, lo, first])
    return [Standing(int(r["aid"]), int(r["n"]), int(r["rev"] or 0)) for r in rows]


async def objective_current(
    campaigns: Sequence[tuple[int, str, str]],
) -> dict[int, int]:
    """All-time value of each campaign's objective metric: (id, metric, currency) in."""
    totals = await stats([cid for cid, _, _ in campaigns], None, None)
    out: dict[int, int] = {}
    for cid, metric, currency in campaigns:
        s = totals[cid]
        out[cid] = {
            "referrals": s.referrals,
            "conversions": s.conversions,
            "revenue": s.revenue.get(currency, 0),
        }[metric]
    return out
