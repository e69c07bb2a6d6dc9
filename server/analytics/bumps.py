"""The rollup counters' upserts (server/analytics/rollups.py): one row per execution
(`executemany`), and on PostgreSQL a campaign's rows with an advocate's in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.sql import Statement

_CAMPAIGN_COLUMNS = """(campaign_id, test, day, currency, clicks, visitors, referrals, signups,
    conversions, revenue, converted)"""
_CAMPAIGN_CONFLICT = """ON CONFLICT (campaign_id, test, day, currency) DO UPDATE SET
    clicks = rollup_campaign_day.clicks + excluded.clicks,
    converted = rollup_campaign_day.converted + excluded.converted,
    visitors = rollup_campaign_day.visitors + excluded.visitors,
    referrals = rollup_campaign_day.referrals + excluded.referrals,
    signups = rollup_campaign_day.signups + excluded.signups,
    conversions = rollup_campaign_day.conversions + excluded.conversions,
    revenue = rollup_campaign_day.revenue + excluded.revenue"""
_ADVOCATE_COLUMNS = "(campaign_id, advocate_id, test, day, currency, successes, revenue)"
_ADVOCATE_CONFLICT = """ON CONFLICT (campaign_id, advocate_id, test, day, currency) DO UPDATE SET
    successes = rollup_advocate_day.successes + excluded.successes,
    revenue = rollup_advocate_day.revenue + excluded.revenue"""

CAMPAIGN = Statement.of(
    "rollups.bump_campaign",
    f"""INSERT INTO rollup_campaign_day
    {_CAMPAIGN_COLUMNS}
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
{_CAMPAIGN_CONFLICT}""",
)
ADVOCATE = Statement.of(
    "rollups.bump_advocate",
    f"""INSERT INTO rollup_advocate_day
    {_ADVOCATE_COLUMNS}
VALUES (?, ?, ?, ?, ?, ?, ?)
{_ADVOCATE_CONFLICT}""",
)

# Each column's values as one array (its type named), in the columns' order.
_CAMPAIGN_TYPES = ("int", "bool", "text", "text", *["bigint"] * 7)
_ADVOCATE_TYPES = ("int", "int", "bool", "text", "text", "bigint", "bigint")


def _unnest(types: Sequence[str]) -> str:
    return "unnest(" + ", ".join(f"?::{t}[]" for t in types) + ")"


# PostgreSQL: CAMPAIGN's rows, then ADVOCATE's, as one statement (one round trip). The
# advocate rows' one-time filter waits for the campaign rows' count, so they are written (and
# locked) first, each table in its rows' order, as the two statements did one after the other
# (each row is an upsert of a key no other row of the statement has: rows are merged per key).
BOTH = Statement.of(
    "rollups.bump_campaign_and_advocate",
    "",
    postgres=f"""WITH c AS (INSERT INTO rollup_campaign_day {_CAMPAIGN_COLUMNS}
SELECT * FROM {_unnest(_CAMPAIGN_TYPES)}
{_CAMPAIGN_CONFLICT}
RETURNING 1)
INSERT INTO rollup_advocate_day {_ADVOCATE_COLUMNS}
SELECT * FROM {_unnest(_ADVOCATE_TYPES)} WHERE (SELECT COUNT(*) FROM c) >= 0
{_ADVOCATE_CONFLICT}""",
)


def both_params(campaign: Sequence[Sequence[Any]], advocate: Sequence[Sequence[Any]]) -> list[Any]:
    """BOTH's parameters: each table's rows (in CAMPAIGN's and ADVOCATE's column orders) as
    one array per column."""
    return [
        *(list(column) for column in zip(*campaign, strict=True)),
        *(list(column) for column in zip(*advocate, strict=True)),
    ]
