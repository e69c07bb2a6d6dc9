"""Milestone detection's reads as prepared statements (`server.sql`), in the event's
transaction: the campaign locked, then what is reached and the advocate's count in one read."""

from __future__ import annotations

from functools import cache

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


# What is reached for the subjects, and (a row with NULL keys) the advocate's converted
# referrals when an advocate is asked.
_REACHED = (
    "SELECT rule_key, subject_key, NULL AS n FROM milestone WHERE campaign_id = ? AND test = ?"
)
_REACHED_CAMPAIGN = Statement.of("milestones.reached", f"{_REACHED} AND subject_key = ?")
_REACHED_ADVOCATE = Statement.of(
    "milestones.reached_and_count",
    f"""{_REACHED} AND subject_key IN (?, ?)
UNION ALL SELECT NULL, NULL, COUNT(*) FROM referral r JOIN referral_link l ON l.id = r.link_id
WHERE r.campaign_id = ? AND l.advocate_id = ? AND r.status = ? AND r.test = ?""",
)


async def reached(
    conn: BaseDBAsyncClient,
    campaign: Campaign,
    subjects: list[str],
    advocate_id: int | None,
) -> tuple[list[tuple[str, str]], int | None]:
    """(rule key, subject) of the milestones reached for `subjects` (the campaign's first,
    then the advocate's), and the advocate's converted referrals (None without an advocate)."""
    ex = TortoiseExecutor(conn)
    test = campaign.test_mode
    if advocate_id is None:
        rows = await ex.rows(_REACHED_CAMPAIGN, [campaign.id, test, subjects[0]])
    else:
        rows = await ex.rows(
            _REACHED_ADVOCATE,
            [
                campaign.id,
                test,
                *subjects,
                campaign.id,
                advocate_id,
                ReferralStatus.CONVERTED.value,
                test,
            ],
        )
    count = None
    keys: list[tuple[str, str]] = []
    for row in rows:
        if row["rule_key"] is None:
            count = int(row["n"] or 0)
        else:
            keys.append((str(row["rule_key"]), str(row["subject_key"])))
    return keys, count
