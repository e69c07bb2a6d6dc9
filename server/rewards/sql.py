"""Reward issuing's reads as prepared statements (`server.sql`), in the event's transaction."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from server.referrals.rules import base_event_key
from server.sql import Statement, TortoiseExecutor

# The referral's rewards (rule, event), and one row of NULLs when it has an order older than
# the one being rewarded.
_PRIOR = Statement.of(
    "rewards.prior",
    """SELECT rule_key, event_key FROM reward WHERE referral_id = ?
UNION ALL SELECT NULL, NULL
WHERE EXISTS (SELECT 1 FROM conversion WHERE referral_id = ? AND id < ?)""",
)


async def prior_rewards(
    conn: BaseDBAsyncClient, referral_id: int, conversion_id: int
) -> tuple[dict[str, int], bool]:
    """Events already rewarded per rule (not rows: a reward re-issued after re-attribution is
    the same event again), and whether the referral has an order before `conversion_id` (0:
    none asked)."""
    events: dict[str, set[str]] = {}
    earlier = False
    found = await TortoiseExecutor(conn).rows(_PRIOR, [referral_id, referral_id, conversion_id])
    for row in found:
        if row["rule_key"] is None:
            earlier = True
        else:
            events.setdefault(str(row["rule_key"]), set()).add(
                base_event_key(str(row["event_key"]))
            )
    return {rule_key: len(keys) for rule_key, keys in events.items()}, earlier
