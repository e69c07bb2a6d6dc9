"""People deciding rewards: approve (four eyes), reject, unapprove, fulfill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts.models import StaffUser
from server.accounts.permissions import Permission
from server.accounts.viewer import Viewer
from server.advocates.models import Advocate
from server.audit import service as audit
from server.audit.models import AuditEvent
from server.audit.service import Actor
from server.campaigns import service as campaigns
from server.clock import Clock
from server.errors import Conflict, Forbidden, InvalidInput, InvalidState
from server.identity import same_inbox
from server.referrals.models import (
    Referral,
)
from server.rewards import rules
from server.rewards.ledger import S, load_locked, move, policy_of, post, stale
from server.rewards.models import (
    LedgerKind,
    Reward,
    RewardApproval,
    RewardRuleSet,
)

RULE_CHANGE_COOLDOWN = timedelta(hours=24)


# Why staff may reject a reward (rejectReward's `reason`), in order, with the label staff see:
# the one list the API checks reasons against and lists (`rewardRejectReasons`).
REJECT_REASONS: dict[str, str] = {
    "fraud": "Fraud",
    "self_referral": "Self-referral",
    "duplicate": "Duplicate",
    "not_eligible": "Not eligible",
    "refunded": "Refunded",
    "other": "Other",
}


BULK_MAX = 100


async def _now_of(reward: Reward, clock: Clock, conn: BaseDBAsyncClient) -> datetime:
    """Test rewards are decided on their campaign's clock, like everything else there."""
    if not reward.test:
        return clock.now()
    return await campaigns.now_for(reward.campaign_id, clock, conn)


async def _recipient_email(reward: Reward, conn: BaseDBAsyncClient) -> str | None:
    if reward.advocate_id is not None:
        advocate = await Advocate.get(id=reward.advocate_id, using_db=conn)
        return advocate.email
    referral = await Referral.get(id=reward.referral_id, using_db=conn)
    return referral.friend_email


async def _check_approver(
    reward: Reward, user: StaffUser, now: datetime, conn: BaseDBAsyncClient
) -> None:
    """The same person is the same inbox (server.identity), not the same string or account."""
    if same_inbox(await _recipient_email(reward, conn), user.email):
        raise Forbidden("Nobody approves a reward they would receive.", field="id")
    earlier = (
        await RewardApproval.filter(reward_id=reward.id)
        .exclude(user_id=user.id)
        .using_db(conn)
        .values_list("user_id", flat=True)
    )
    emails = (
        await StaffUser.filter(id__in=list(earlier)).using_db(conn).values_list("email", flat=True)
    )
    if any(same_inbox(str(email), user.email) for email in emails):
        raise Forbidden(
            "Four eyes means two people: another of your accounts already approved this.",
            field="id",
        )
    if reward.referral_id is not None and await _reattributed_by(reward.referral_id, user, conn):
        raise Forbidden(
            "You re-attributed the referral behind this reward; someone else must approve.",
            field="id",
        )
    recent = (
        await RewardRuleSet.filter(
            campaign_id=reward.campaign_id,
            created_by_user_id=user.id,
            created_at__gt=now - RULE_CHANGE_COOLDOWN,
        )
        .using_db(conn)
        .exists()
    )
    if recent:
        raise Forbidden(
            "You changed this campaign's reward rules in the last 24 hours; "
            "someone else must approve.",
            field="id",
        )


async def _reattributed_by(referral_id: int, user: StaffUser, conn: BaseDBAsyncClient) -> bool:
    """Whoever moved a referral to an advocate may not approve what it earns: the audit log,
    written in the move's transaction, is the record of who moved it."""
    return (
        await AuditEvent.filter(
            action="referral.reattribute",
            target_type="Referral",
            target_id=str(referral_id),
            actor_kind="staff",
            actor_id=str(user.id),
        )
        .using_db(conn)
        .exists()
    )


@dataclass(frozen=True, slots=True)
class Decision:
    reward: Reward
    approvals: int
    needed: int


async def approve(*, reward_id: int, viewer: Viewer, actor: Actor, clock: Clock) -> Decision:
    user = viewer.user
    if user is None:
        raise Forbidden("Approvals are made by a person: sign in, or act through Slack.")
    real_now = clock.now()
    try:
        async with in_transaction() as conn:
            reward = await load_locked(reward_id, conn)
            now = await _now_of(reward, clock, conn)
            if reward.status is not S.AWAITING_APPROVAL:
                raise await stale(reward)
            policy = await policy_of(reward, conn)
            needed = rules.approvals_needed(reward.amount, policy)
            if needed > 1 and not viewer.can(Permission.REWARDS_APPROVE_HIGH):
                raise Forbidden(
                    "This reward is above the four-eyes threshold; it needs the "
                    "'rewards:approve-high' permission.",
                    field="id",
                )
            # The cooldown runs on real time: a test clock run ahead does not shorten it.
            await _check_approver(reward, user, real_now, conn)
            await RewardApproval.create(
                reward_id=reward.id, user_id=user.id, created_at=now, using_db=conn
            )
            count = await RewardApproval.filter(reward_id=reward.id).using_db(conn).count()
            if count >= needed and not await move(
                reward, S.APPROVED, now, conn, decided_by=user.email, decided_at=now
            ):
                raise await stale(await Reward.get(id=reward_id, using_db=conn))
            await audit.record(
                actor=actor,
                action="reward.approve",
                target=reward,
                now=now,
                changes={
                    "approvals": [count - 1, count],
                    "status": ["awaiting_approval", reward.status.value],
                },
                using=conn,
            )
    except IntegrityError:
        # Same approver twice (or a concurrent twin of this very click).
        current = await Reward.get(id=reward_id)
        if current.status is not S.AWAITING_APPROVAL:
            raise await stale(current) from None
        raise Conflict(
            "You have already approved this reward; it needs a second approver.", field="id"
        ) from None
    return Decision(reward=reward, approvals=count, needed=needed)


async def reject(
    *, reward_id: int, reason: str, note: str, viewer: Viewer, actor: Actor, clock: Clock
) -> Reward:
    if reason not in REJECT_REASONS:
        raise InvalidInput("Use one of: " + ", ".join(REJECT_REASONS) + ".", field="reason")
    if len(note) > 500:
        raise InvalidInput("The note is at most 500 characters.", field="note")
    who = viewer.user.email if viewer.user else actor.id or actor.kind
    async with in_transaction() as conn:
        reward = await load_locked(reward_id, conn)
        now = await _now_of(reward, clock, conn)
        if reward.status not in (S.PENDING, S.AWAITING_APPROVAL):
            raise await stale(reward)
        before = reward.status.value
        if not await move(
            reward,
            S.REJECTED,
            now,
            conn,
            decided_by=who,
            decided_at=now,
            reject_reason=reason,
            reject_note=note,
        ):
            raise await stale(await Reward.get(id=reward_id, using_db=conn))
        await post(reward, LedgerKind.VOIDED, -reward.amount, now, conn)
        await audit.record(
            actor=actor,
            action="reward.reject",
            target=reward,
            now=now,
            changes={"status": [before, "rejected"], "reason": [None, reason]},
            using=conn,
        )
    return reward


async def unapprove(*, reward_id: int, actor: Actor, clock: Clock) -> Reward:
    async with in_transaction() as conn:
        reward = await load_locked(reward_id, conn)
        now = await _now_of(reward, clock, conn)
        if reward.status is not S.APPROVED:
            raise await stale(reward)
        if not await move(reward, S.AWAITING_APPROVAL, now, conn, decided_by=None, decided_at=None):
            raise await stale(await Reward.get(id=reward_id, using_db=conn))
        await RewardApproval.filter(reward_id=reward.id).using_db(conn).delete()
        await audit.record(
            actor=actor,
            action="reward.unapprove",
            target=reward,
            now=now,
            changes={"status": ["approved", "awaiting_approval"]},
            using=conn,
        )
    return reward


def _fulfilled_as(reward: Reward, reference: str) -> bool:
    return reward.status is S.FULFILLED and reward.external_reference == reference


async def fulfill(*, reward_id: int, external_reference: str, actor: Actor, clock: Clock) -> Reward:
    """Approved -> fulfilled with the payout's reference. Sending it again with the same
    reference (a retry after a lost answer) answers the reward as it is, writing nothing; another
    reference for a fulfilled reward is a CONFLICT."""
    reference = external_reference.strip()
    if not 1 <= len(reference) <= 200:
        raise InvalidInput(
            "Give the payout or coupon reference (1-200 characters).", field="externalReference"
        )
    now = clock.now()
    async with in_transaction() as conn:
        reward = await load_locked(reward_id, conn)
        if reward.test:
            raise InvalidState("Test-mode rewards are never fulfilled.", field="id")
        if _fulfilled_as(reward, reference):
            return reward
        if reward.status is not S.APPROVED:
            raise await stale(reward)
        if not await move(
            reward, S.FULFILLED, now, conn, external_reference=reference, paid_amount=reward.amount
        ):
            fresh = await Reward.get(id=reward_id, using_db=conn)
            if _fulfilled_as(fresh, reference):
                return fresh
            raise await stale(fresh)
        await post(reward, LedgerKind.FULFILLED, -reward.amount, now, conn)
        await audit.record(
            actor=actor,
            action="reward.fulfill",
            target=reward,
            now=now,
            changes={"status": ["approved", "fulfilled"], "external_reference": [None, reference]},
            using=conn,
        )
    return reward
