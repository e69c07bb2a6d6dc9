"""`vouch rollups rebuild`: every counter of server/analytics/rollups.py recomputed from the
events, per campaign, day rows, hour rows and advocates' all-time rows alike (a test proves
rebuild == live)."""

from __future__ import annotations

from collections.abc import Callable

from tortoise.backends.base.client import BaseDBAsyncClient

from server.analytics.rollups import _FIELDS, _FORGET, ALL_TIME, CLICKS, COUNTING, HOUR
from server.sql import Dialect, Statement, TortoiseExecutor


def _day_sql(column: str, dialect: Dialect) -> str:
    if dialect == "postgres":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    return f"substr({column}, 1, 10)"


def _hour_sql(column: str, dialect: Dialect) -> str:
    """hour_of(column) in SQL."""
    if dialect == "postgres":
        hours = f"CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / 3600) AS BIGINT)"
        return f"'{HOUR}' || lpad(CAST({hours} AS TEXT), 9, '0')"
    return f"'{HOUR}' || printf('%09d', CAST(strftime('%s', {column}) AS INTEGER) / 3600)"


# The campaign counters rebuilt once per granularity (day rows, then hour rows).
_PER_BUCKET = ("clicks", "visitors", "referrals", "signups", "converted", "conversions")


def _rebuild_statements(dialect: Dialect) -> list[Statement]:
    days = _texts(lambda column: _day_sql(column, dialect))
    hours = _texts(lambda column: _hour_sql(column, dialect))
    return [Statement.of(f"rollups.rebuild.{name}", text) for name, text in days] + [
        Statement.of(f"rollups.rebuild.{name}_hours", text)
        for name, text in hours
        if name in _PER_BUCKET
    ]


def _texts(d: Callable[[str], str]) -> list[tuple[str, str]]:
    upsert = "ON CONFLICT (campaign_id, test, day, currency) DO UPDATE SET {f} = excluded.{f}"
    into = "INSERT INTO rollup_campaign_day (campaign_id, test, day, currency, {f}, {rest})"

    def rest(f: str) -> str:
        return ", ".join(x for x in _FIELDS if x != f)

    zeros = ", ".join("0" for _ in _FIELDS[1:])
    texts = [
        (
            "visitors_seen",
            """INSERT INTO rollup_visitor (campaign_id, test, visitor, first_at)
SELECT campaign_id, test, ip_hash || ua_hash, MIN(occurred_at) FROM click
WHERE campaign_id = ? GROUP BY campaign_id, test, ip_hash || ua_hash""",
        ),
        (
            "clicks",
            f"""{into.format(f="clicks", rest=rest("clicks"))}
SELECT campaign_id, test, {d("occurred_at")}, '{CLICKS}', COUNT(*), {zeros} FROM click
WHERE campaign_id = ?
GROUP BY campaign_id, test, {d("occurred_at")} {upsert.format(f="clicks")}""",
        ),
        (
            "visitors",
            f"""{into.format(f="visitors", rest=rest("visitors"))}
SELECT campaign_id, test, {d("first_at")}, '{CLICKS}', COUNT(*), {zeros} FROM rollup_visitor
WHERE campaign_id = ?
GROUP BY campaign_id, test, {d("first_at")} {upsert.format(f="visitors")}""",
        ),
        (
            "referrals",
            f"""{into.format(f="referrals", rest=rest("referrals"))}
SELECT campaign_id, test, {d("created_at")}, '', COUNT(*), {zeros} FROM referral
WHERE campaign_id = ? AND status <> 'rejected'
GROUP BY campaign_id, test, {d("created_at")} {upsert.format(f="referrals")}""",
        ),
        (
            "signups",
            f"""{into.format(f="signups", rest=rest("signups"))}
SELECT campaign_id, test, {d("signed_up_at")}, '', COUNT(*), {zeros} FROM referral
WHERE campaign_id = ? AND signed_up_at IS NOT NULL
GROUP BY campaign_id, test, {d("signed_up_at")} {upsert.format(f="signups")}""",
        ),
        (
            "converted",
            f"""{into.format(f="converted", rest=rest("converted"))}
SELECT r.campaign_id, r.test, {d("r.created_at")}, '', COUNT(*), {zeros} FROM referral r
WHERE r.campaign_id = ? AND r.status <> 'rejected' AND EXISTS (SELECT 1 FROM conversion c
    WHERE c.referral_id = r.id AND c.status IN {COUNTING})
GROUP BY r.campaign_id, r.test, {d("r.created_at")} {upsert.format(f="converted")}""",
        ),
        (
            "conversions",
            f"""INSERT INTO rollup_campaign_day
    (campaign_id, test, day, currency, conversions, revenue, clicks, visitors, referrals, signups,
    converted)
SELECT campaign_id, test, {d("occurred_at")}, currency, COUNT(*), SUM(amount - refunded_amount),
    0, 0, 0, 0, 0
FROM conversion WHERE campaign_id = ? AND status IN {COUNTING}
GROUP BY campaign_id, test, {d("occurred_at")}, currency
ON CONFLICT (campaign_id, test, day, currency) DO UPDATE SET
    conversions = excluded.conversions, revenue = excluded.revenue""",
        ),
        (
            "advocate_revenue",
            f"""INSERT INTO rollup_advocate_day
    (campaign_id, advocate_id, test, day, currency, successes, revenue)
SELECT c.campaign_id, l.advocate_id, c.test, {d("c.occurred_at")}, c.currency, 0,
    SUM(c.amount - c.refunded_amount)
FROM conversion c JOIN referral r ON r.id = c.referral_id JOIN referral_link l ON l.id = r.link_id
WHERE c.campaign_id = ? AND c.status IN {COUNTING}
GROUP BY c.campaign_id, l.advocate_id, c.test, {d("c.occurred_at")}, c.currency""",
        ),
        (
            "advocate_successes",
            f"""INSERT INTO rollup_advocate_day
    (campaign_id, advocate_id, test, day, currency, successes, revenue)
SELECT r.campaign_id, l.advocate_id, f.test, {d("f.first_at")}, f.currency, COUNT(*), 0
FROM (SELECT referral_id, test, currency, MIN(occurred_at) AS first_at FROM conversion
      WHERE campaign_id = ? AND status IN {COUNTING} GROUP BY referral_id, test, currency) f
JOIN referral r ON r.id = f.referral_id JOIN referral_link l ON l.id = r.link_id
WHERE true
GROUP BY r.campaign_id, l.advocate_id, f.test, {d("f.first_at")}, f.currency
ON CONFLICT (campaign_id, advocate_id, test, day, currency) DO UPDATE SET
    successes = excluded.successes""",
        ),
        (
            "advocate_all_time",
            f"""INSERT INTO rollup_advocate_day
    (campaign_id, advocate_id, test, day, currency, successes, revenue)
SELECT campaign_id, advocate_id, test, '{ALL_TIME}', currency, SUM(successes), SUM(revenue)
FROM rollup_advocate_day WHERE campaign_id = ? AND day <> '{ALL_TIME}'
GROUP BY campaign_id, advocate_id, test, currency""",
        ),
    ]
    return texts


_CAMPAIGNS = Statement.of("rollups.campaign_ids", "SELECT id FROM campaign ORDER BY id")
_FORGET_ALL = [
    Statement.of(s.name + "_all", s.sqlite.replace(" AND test = ?", "")) for s in _FORGET
]


async def campaign_ids(conn: BaseDBAsyncClient) -> list[int]:
    return [int(r["id"]) for r in await TortoiseExecutor(conn).rows(_CAMPAIGNS, [])]


async def rebuild_campaign(conn: BaseDBAsyncClient, campaign_id: int) -> None:
    """Recompute one campaign's rollups from its events (run it in a transaction)."""
    ex = TortoiseExecutor(conn)
    for stmt in _FORGET_ALL:
        await ex.run(stmt, [campaign_id])
    for stmt in _rebuild_statements(ex.dialect):
        await ex.run(stmt, [campaign_id])


_FORGET_ALL_TIME = Statement.of(
    "rollups.forget_all_time",
    f"DELETE FROM rollup_advocate_day WHERE campaign_id = ? AND day = '{ALL_TIME}'",
)


async def all_time_rows(conn: BaseDBAsyncClient) -> None:
    """Every advocate's all-time row recomputed from their day rows (migration 0024)."""
    ex = TortoiseExecutor(conn)
    (totals,) = [s for s in _rebuild_statements(ex.dialect) if s.name.endswith("all_time")]
    for campaign_id in await campaign_ids(conn):
        await ex.run(_FORGET_ALL_TIME, [campaign_id])
        await ex.run(totals, [campaign_id])


async def rebuild(on_campaign: Callable[[int], None] | None = None) -> int:
    """Recompute every campaign's rollups, one transaction per campaign; returns how many."""
    from tortoise.transactions import in_transaction

    from server import db

    ids = await campaign_ids(db.connection())
    for campaign_id in ids:
        async with in_transaction() as conn:
            await rebuild_campaign(conn, campaign_id)
        if on_campaign is not None:
            on_campaign(campaign_id)
    return len(ids)
