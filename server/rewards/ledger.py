"""Reward primitives every use-case shares: the status compare-and-set, ledger postings, the
locked read, and the ledger check. Every transition is a compare-and-set on the reward's status
inside one transaction with its ledger entry and audit row, so it happens exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from server.accounts.models import StaffUser
from server.audit import appends
from server.errors import Conflict, NotFound
from server.notifications import service as notifications
from server.rewards import rules
from server.rewards.models import (
    LedgerEntry,
    LedgerKind,
    Reward,
    RewardRuleSet,
    RewardStatus,
)
from server.rewards.rules import Policy
from server.rewards.versions import parse
from server.sql import rows

S = RewardStatus


AUTO = "auto"  # decided_by of a reward the policy approved by itself


# In a use-case that collects its appends (server/audit/appends.py) the entry is written with
# them at its end, in the same transaction; nothing on such a path reads the ledger before.
_COLUMNS = rows.columns_of(
    LedgerEntry,
    (
        "reward_id",
        "advocate_id",
        "referral_id",
        "kind",
        "event_key",
        "amount",
        "currency",
        "test",
        "created_at",
    ),
)


async def post(
    reward: Reward,
    kind: LedgerKind,
    amount: int,
    now: datetime,
    conn: BaseDBAsyncClient,
    event_key: str = "",
) -> None:
    await post_values(
        reward_id=reward.id,
        advocate_id=reward.advocate_id,
        referral_id=reward.referral_id,
        currency=reward.currency,
        test=reward.test,
        kind=kind,
        amount=amount,
        now=now,
        conn=conn,
        event_key=event_key,
    )


async def post_values(
    *,
    reward_id: int,
    advocate_id: int | None,
    referral_id: int,
    currency: str,
    test: bool,
    kind: LedgerKind,
    amount: int,
    now: datetime,
    conn: BaseDBAsyncClient,
    event_key: str = "",
) -> None:
    """`post` for a reward given by its values (one this use-case created as a plain row)."""
    row = (
        reward_id,
        advocate_id,
        referral_id if advocate_id is None else None,
        kind.value,
        event_key,
        amount,
        currency,
        test,
        now,
    )
    await appends.add_row(LedgerEntry, _COLUMNS, row, conn)


async def move(
    reward: Reward,
    target: RewardStatus,
    now: datetime,
    conn: BaseDBAsyncClient,
    **fields: object,
) -> bool:
    """Compare-and-set: only the caller that still sees the old status wins."""
    rules.check_transition(reward.status, target)
    # A new wait numbers its notification (server/notifications/service.py).
    waits = {"approval_waits": F("approval_waits") + 1} if target is S.AWAITING_APPROVAL else {}
    won = (
        await Reward.filter(id=reward.id, status=reward.status)
        .using_db(conn)
        .update(status=target, updated_at=now, **fields, **waits)
    )
    if won:
        reward.status = target
        reward.update_from_dict(fields)
        if target is S.AWAITING_APPROVAL:
            await notifications.enqueue_reward_awaiting(reward, now, conn)
    return bool(won)


async def stale(reward: Reward) -> Conflict:
    """Who decided is named, but not by email: the message reaches every approver, the bot
    (and so Slack) included, and staff emails are shown only to `users:manage`."""
    who = reward.decided_by
    if who and "@" in who:
        names = await StaffUser.filter(email=who).values_list("name", flat=True)
        who = str(names[0]) if names else "a staff member"
    status = reward.status
    label = status.value.replace("_", " ")
    if status is S.PENDING:
        return Conflict("It is still in its hold (pending).", field="id")
    if status is S.AWAITING_APPROVAL:
        return Conflict("It is awaiting approval.", field="id")
    if status in (S.APPROVED, S.REJECTED):
        return Conflict(f"Already {label}{f' by {who}' if who else ''}.", field="id")
    # Fulfilled, voided or reversed: `decided_by` is who approved it, not who did this.
    return Conflict(f"Already {label}{f' (approved by {who})' if who else ''}.", field="id")


async def load_locked(reward_id: int, conn: BaseDBAsyncClient) -> Reward:
    reward = await Reward.select_for_update().using_db(conn).get_or_none(id=reward_id)
    if reward is None:
        raise NotFound("No such reward.", field="id")
    return reward


async def policy_of(reward: Reward, conn: BaseDBAsyncClient) -> Policy:
    rule_set = await RewardRuleSet.get(
        campaign_id=reward.campaign_id, version=reward.rule_version, using_db=conn
    )
    return parse(rule_set)[1]


@dataclass(frozen=True, slots=True)
class Mismatch:
    recipient: str
    currency: str
    ledger: int
    expected: int


async def verify_ledger() -> list[Mismatch]:
    """Recompute every balance from entries and from rewards; they must agree."""
    from collections import defaultdict

    from_entries: dict[tuple[str, str], int] = defaultdict(int)
    for e in await LedgerEntry.all().values("advocate_id", "referral_id", "currency", "amount"):
        who = f"advocate:{e['advocate_id']}" if e["advocate_id"] else f"friend:{e['referral_id']}"
        from_entries[(who, e["currency"])] += int(e["amount"])
    from_rewards: dict[tuple[str, str], int] = defaultdict(int)
    for r in await Reward.all().values(
        "advocate_id", "referral_id", "currency", "amount", "status", "paid_amount"
    ):
        who = f"advocate:{r['advocate_id']}" if r["advocate_id"] else f"friend:{r['referral_id']}"
        from_rewards[(who, r["currency"])] += rules.expected_balance(
            RewardStatus(r["status"]), int(r["amount"]), r["paid_amount"]
        )
    return [
        Mismatch(who, cur, from_entries.get((who, cur), 0), from_rewards.get((who, cur), 0))
        for who, cur in sorted(set(from_entries) | set(from_rewards))
        if from_entries.get((who, cur), 0) != from_rewards.get((who, cur), 0)
    ]
