"""Holds and flags: rewards wait out their hold, and for a person while their referral is
flagged."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign
from server.clock import Clock
from server.notifications import service as notifications
from server.rewards import rules
from server.rewards.ledger import AUTO, S, load_locked, move, policy_of
from server.rewards.models import (
    Reward,
    RewardApproval,
)
from server.rewards.rules import Policy


async def flag_pending(
    *, referral_id: int, now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> int:
    """Inside the caller's transaction: a referral flagged after some of its rewards were
    created keeps them from being paid without a person. Those in their hold are flagged;
    those that approved themselves (not yet paid) go back to wait for a person."""
    flagged = 0
    for reward in (
        await Reward.filter(referral_id=referral_id, flagged=False)
        .using_db(conn)
        .select_for_update()
        .order_by("id")
    ):
        before = reward.status
        if before is S.PENDING:
            won = await (
                Reward.filter(id=reward.id, status=S.PENDING)
                .using_db(conn)
                .update(flagged=True, updated_at=now)
            )
        elif before is S.APPROVED and reward.decided_by == AUTO:
            won = await move(
                reward,
                S.AWAITING_APPROVAL,
                now,
                conn,
                flagged=True,
                decided_by=None,
                decided_at=None,
            )
        else:
            continue  # a person already decided, or it is settled
        if not won:
            continue
        flagged += 1
        await audit.record(
            actor=actor,
            action="reward.flag",
            target=reward,
            now=now,
            changes={"flagged": [False, True], "status": [before.value, reward.status.value]},
            using=conn,
        )
    return flagged


async def unflag(*, referral_id: int, now: datetime, actor: Actor, conn: BaseDBAsyncClient) -> int:
    """Inside the caller's transaction: a dismissed flag lets the referral's rewards proceed.
    Those already waiting for a person after their hold go where the policy sends them."""
    flagged = await Reward.filter(referral_id=referral_id, flagged=True).using_db(conn)
    for reward in flagged:
        await Reward.filter(id=reward.id).using_db(conn).update(flagged=False, updated_at=now)
        reward.flagged = False
        waiting = (
            reward.status is S.AWAITING_APPROVAL
            and not await RewardApproval.filter(reward_id=reward.id).using_db(conn).exists()
        )
        target = rules.after_hold(reward.amount, False, await policy_of(reward, conn))
        if waiting and target is S.APPROVED:
            await move(reward, S.APPROVED, now, conn, decided_by=AUTO, decided_at=now)
        await audit.record(
            actor=actor,
            action="reward.unflag",
            target=reward,
            now=now,
            changes={"flagged": [True, False], "status": [None, reward.status.value]},
            using=conn,
        )
    return len(flagged)


async def release_holds(*, clock: Clock, actor: Actor, campaign_id: int | None = None) -> int:
    """Rewards whose hold has passed go to approval, or straight to approved under the policy.
    Holds end by their campaign's clock: test campaigns whose clock runs ahead are released
    one by one with their own time."""
    # Only test rewards follow a campaign's clock: a live reward earned before the campaign
    # went into test mode keeps real time, so rehearsing cannot release real money early.
    if campaign_id is not None:
        return await _release(
            Reward.filter(campaign_id=campaign_id, test=True),
            await campaigns.now_for(campaign_id, clock),
            actor,
        )
    ahead = [
        int(row["id"])
        for row in await Campaign.filter(test_mode=True, test_clock_minutes__gt=0).values("id")
    ]
    real_time = Reward.filter(Q(test=False) | ~Q(campaign_id__in=ahead)) if ahead else Reward.all()
    moved = await _release(real_time, clock.now(), actor)
    for cid in ahead:
        moved += await _release(
            Reward.filter(campaign_id=cid, test=True), await campaigns.now_for(cid, clock), actor
        )
    return moved


async def _release(scope: QuerySet[Reward], now: datetime, actor: Actor) -> int:
    moved = 0
    due = await scope.filter(status=S.PENDING, hold_until__lte=now).order_by("id").limit(500)
    for row in due:
        async with in_transaction() as conn:
            # Re-read under lock: a flag raised since the list was read must be seen.
            reward = await load_locked(row.id, conn)
            if reward.status is not S.PENDING:
                continue
            if await end_hold(reward, await policy_of(reward, conn), now, actor, conn):
                moved += 1
    return moved


async def end_hold(
    reward: Reward, policy: Policy, now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> bool:
    """A pending reward whose hold is over goes to approval, or is approved by the policy."""
    target = rules.after_hold(reward.amount, reward.flagged, policy)
    extra: dict[str, object] = (
        {"decided_by": AUTO, "decided_at": now} if target is S.APPROVED else {}
    )
    if not await move(reward, target, now, conn, **extra):
        return False
    await _released(reward.id, vars(reward), now, actor, conn)
    return True


async def released_at_creation(
    attrs: Mapping[str, Any], now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> None:
    """A reward created with no hold left, already in its status after the hold (its values,
    `server/rewards/created.py`): the rows `end_hold` writes (its audit entry, the approval
    notification)."""
    if attrs["status"] is S.AWAITING_APPROVAL:
        await notifications.enqueue_created_awaiting(
            reward_id=attrs["id"],
            approval_waits=attrs["approval_waits"],
            campaign_id=attrs["campaign_id"],
            test=attrs["test"],
            now=now,
            conn=conn,
        )
    await _released(attrs["id"], attrs, now, actor, conn)


async def _released(
    pk: int, attrs: Mapping[str, Any], now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> None:
    await audit.record_on(
        actor=actor,
        action="reward.hold_released",
        subject="Reward",
        pk=pk,
        attrs=attrs,
        now=now,
        changes={"status": ["pending", attrs["status"].value]},
        using=conn,
    )
