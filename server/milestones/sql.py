"""Milestone detection's reads as prepared statements (`server.sql`), in the event's
transaction: the campaign locked, then what is reached and the advocate's count in one read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.campaigns.models import Campaign
from server.referrals.models import ReferralStatus
from server.referrals.sql import build, columns
from server.sql import Statement, TortoiseExecutor, dialect_of


@cache
def _locked_campaign() -> Statement:
    return Statement.of(
        "milestones.lock_campaign",
        f"SELECT {columns(Campaign, 'k')} FROM campaign k WHERE k.id = ? FOR NO KEY UPDATE",
    )


async def locked_campaign(
    conn: BaseDBAsyncClient, campaign_id: int, read: Campaign | None
) -> Campaign | None:
    """The campaign, its row locked so detection runs one event at a time per campaign. On
    SQLite write transactions already run one at a time: the campaign this transaction read
    (`read`) is current, and nothing is read again."""
    if read is not None and dialect_of(conn) == "sqlite":
        return read
    if dialect_of(conn) == "sqlite":
        found = await TortoiseExecutor(conn).rows(_campaign(), [campaign_id])
    else:
        found = await TortoiseExecutor(conn).rows(_locked_campaign(), [campaign_id])
    return build(Campaign, "k", found[0]) if found else None


@cache
def _campaign() -> Statement:
    return Statement.of(
        "milestones.campaign", f"SELECT {columns(Campaign, 'k')} FROM campaign k WHERE k.id = ?"
    )


# What is reached for the subjects; a row with NULL keys and subject 'advocate': the advocate's
# converted referrals, when an advocate is asked; one with subject 'totals': the campaign's
# orders of its mode and their revenue in its currency (gross: a later refund does not take
# back a milestone), when a rule that needs them is not reached yet.
_REACHED = """SELECT rule_key, subject_key, CAST(NULL AS BIGINT) AS n,
CAST(NULL AS BIGINT) AS total FROM milestone
WHERE campaign_id = ? AND test = ?"""
_ADVOCATE = """UNION ALL SELECT NULL, 'advocate', COUNT(*), CAST(NULL AS BIGINT) FROM referral r
JOIN referral_link l ON l.id = r.link_id
WHERE r.campaign_id = ? AND l.advocate_id = ? AND r.status = ? AND r.test = ?"""
_TOTALS = """UNION ALL SELECT NULL, 'totals', COUNT(*),
CAST(SUM(CASE WHEN currency = ? THEN amount ELSE NULL END) AS BIGINT) FROM conversion
WHERE campaign_id = ? AND test = ? AND (SELECT COUNT(*) FROM milestone
WHERE campaign_id = ? AND test = ? AND subject_key = ? AND rule_key IN ({keys})) < ?"""


@lru_cache(maxsize=256)
def _reached(advocate: bool, totals_keys: int) -> Statement:
    """For the campaign's subject or (`advocate`) both subjects; with the totals when
    `totals_keys` (the number of rules that need them) is not 0."""
    name = "milestones.reached" + ("_and_count" if advocate else "")
    text = _REACHED + (
        " AND subject_key IN (?, ?)\n" + _ADVOCATE if advocate else " AND subject_key = ?"
    )
    if totals_keys:
        name += "_and_totals"
        text += "\n" + _TOTALS.format(keys=", ".join("?" * totals_keys))
    return Statement.of(name, text)


@dataclass(frozen=True, slots=True)
class Reached:
    """(rule key, subject) of the milestones reached; the advocate's converted referrals (None
    without an advocate); the campaign's orders and revenue (None when not read)."""

    keys: list[tuple[str, str]]
    advocate_referrals: int | None
    totals: tuple[int, int] | None


async def reached(
    conn: BaseDBAsyncClient,
    campaign: Campaign,
    subjects: list[str],
    advocate_id: int | None,
    totals_keys: Sequence[str],
) -> Reached:
    """What is reached for `subjects` (the campaign's first, then the advocate's), in one read
    with the advocate's count and, unless every rule of `totals_keys` (of the campaign's
    subject) is reached, the campaign's totals (the statement counts nothing then: no scan)."""
    test = campaign.test_mode
    params: list[Any] = [campaign.id, test, *subjects]
    if advocate_id is not None:
        params += [campaign.id, advocate_id, ReferralStatus.CONVERTED.value, test]
    if totals_keys:
        params += [campaign.currency, campaign.id, test, campaign.id, test, subjects[0]]
        params += [*totals_keys, len(totals_keys)]
    stmt = _reached(advocate_id is not None, len(totals_keys))
    keys: list[tuple[str, str]] = []
    count: int | None = None
    totals: tuple[int, int] | None = None
    for row in await TortoiseExecutor(conn).rows(stmt, params):
        if row["rule_key"] is not None:
            keys.append((str(row["rule_key"]), str(row["subject_key"])))
        elif row["subject_key"] == "advocate":
            count = int(row["n"] or 0)
        else:
            totals = (int(row["n"] or 0), int(row["total"] or 0))
    done = {k for k, subject in keys if subject == subjects[0]}
    if all(k in done for k in totals_keys):
        totals = None  # every rule needing them is reached: counted nothing, used by none
    return Reached(keys, count, totals)
