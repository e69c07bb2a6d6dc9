"""Rewards following what happens to their referral later: re-attribution, refunds, fraud."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.errors import Conflict, InvalidState
from server.referrals.models import (
    Conversion,
    ConversionStatus,
    Referral,
)
from server.referrals.rules import generation_key
from server.rewards import rules
from server.rewards.issue import record_refused, usage_of
from server.rewards.ledger import S, move, post
from server.rewards.models import (
    LedgerKind,
    Reward,
    RewardRecipient,
    RewardRuleSet,
)
from server.rewards.versions import limits_of, parse


async def move_to_advocate(
    *,
    referral_id: int,
    advocate_id: int,
    generation: int,
    actor: Actor,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> list[Reward]:
    """Inside a re-attribution's transaction: the referral's owed advocate rewards are voided
    and issued again, same amount and hold, to the new advocate. The new recipient needs its
    own approval, so the copies start pending. Paid rewards cannot move."""
    rows = (
        await Reward.select_for_update()
        .using_db(conn)
        .filter(referral_id=referral_id, recipient=RewardRecipient.ADVOCATE)
        .order_by("id")
    )
    if any(r.status in (S.FULFILLED, S.REVERSED) for r in rows):
        raise InvalidState(
            "A reward for this referral was already paid to its advocate; it cannot move.",
            field="referralId",
        )
    issued: list[Reward] = []
    campaign: Campaign | None = None
    for old in rows:
        if old.status not in rules.OWED:
            continue
        before = old.status.value
        if not await move(old, S.VOIDED, now, conn):
            raise Conflict(
                "A reward of this referral changed meanwhile; retry.", field="referralId"
            )
        await post(old, LedgerKind.VOIDED, -old.amount, now, conn)
        rule_set = await RewardRuleSet.get(
            campaign_id=old.campaign_id, version=old.rule_version, using_db=conn
        )
        limits = limits_of(rule_set)
        if limits.any:
            # The new advocate's caps hold for moved rewards too (locked as in reward_event).
            campaign = campaign or (
                await Campaign.select_for_update(no_key=True).using_db(conn).get(id=old.campaign_id)
            )
            rule = next(r for r in parse(rule_set)[0] if r.key == old.rule_key)
            award = rules.Award(rule=rule, amount=old.amount, currency=old.currency, tier=old.tier)
            usage = await usage_of(campaign, advocate_id, old.test, limits, now, conn)
            _granted, refused = rules.within_limits([award], limits, usage)
            if refused:
                referral = await Referral.get(id=referral_id, using_db=conn)
                await record_refused(campaign, referral, refused, limits, usage, now, actor, conn)
                await audit.record(
                    actor=actor,
                    action="reward.reattribute",
                    target=old,
                    now=now,
                    changes={"status": [before, "voided"], "replaced_by": [None, None]},
                    using=conn,
                )
                continue
        new = await Reward.create(
            campaign_id=old.campaign_id,
            referral_id=old.referral_id,
            conversion_id=old.conversion_id,
            recipient=old.recipient,
            advocate_id=advocate_id,
            event_key=generation_key(old.event_key, generation),
            rule_key=old.rule_key,
            rule_version=old.rule_version,
            kind=old.kind,
            description=old.description,
            amount=old.amount,
            currency=old.currency,
            status=S.PENDING,
            hold_until=old.hold_until,
            flagged=old.flagged,
            test=old.test,
            tier=old.tier,  # a later partial refund reprices with the same tier
            created_at=now,
            updated_at=now,
            using_db=conn,
        )
        await post(new, LedgerKind.ISSUED, new.amount, now, conn)
        await audit.record(
            actor=actor,
            action="reward.reattribute",
            target=old,
            now=now,
            changes={"status": [before, "voided"], "replaced_by": [None, new.id]},
            using=conn,
        )
        await audit.record(
            actor=actor,
            action="reward.create",
            target=new,
            now=now,
            changes={
                "amount": [None, new.amount],
                "advocate_id": [old.advocate_id, advocate_id],
                "replaces": [None, old.id],
            },
            using=conn,
        )
        issued.append(new)
    return issued


async def on_refund(
    *,
    conversion: Conversion,
    refund_key: str,
    actor: Actor,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> None:
    """Inside the refund's transaction: void, shrink or claw back the order's rewards."""
    full = conversion.status is ConversionStatus.REFUNDED
    net = conversion.amount - conversion.refunded_amount
    for reward in await Reward.filter(conversion_id=conversion.id).using_db(conn):
        before = reward.status
        if full and reward.status in rules.OWED:
            if await move(reward, S.VOIDED, now, conn):
                await post(reward, LedgerKind.VOIDED, -reward.amount, now, conn)
        elif full and reward.status is S.FULFILLED:
            if await move(reward, S.REVERSED, now, conn):
                await post(reward, LedgerKind.REVERSED, -reward.amount, now, conn)
        elif not full and reward.status in (*rules.OWED, S.FULFILLED):
            rule_set = await RewardRuleSet.get(
                campaign_id=reward.campaign_id, version=reward.rule_version, using_db=conn
            )
            rule = next((r for r in parse(rule_set)[0] if r.key == reward.rule_key), None)
            # The tier that priced the reward prices it again (its threshold reaches it).
            pricing = rules.priced(rule, reward.tier or 0) if rule is not None else None
            if pricing is None or pricing.percent_bps is None:
                continue  # fixed rewards do not depend on the order's size
            amount = rules.amount_for(pricing, net)
            delta = amount - reward.amount
            if delta == 0:
                continue
            won = (
                await Reward.filter(id=reward.id, amount=reward.amount)
                .using_db(conn)
                .update(amount=amount, updated_at=now)
            )
            if not won:
                continue
            await post(reward, LedgerKind.ADJUSTMENT, delta, now, conn, event_key=refund_key)
            reward.amount = amount
        else:
            continue
        await audit.record(
            actor=actor,
            action="reward.refund",
            target=reward,
            now=now,
            changes={
                "status": [before.value, reward.status.value],
                "amount": [None, reward.amount],
            },
            using=conn,
        )


async def void_for_fraud(
    *, referral_id: int, note: str, now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> int:
    """Inside the caller's transaction: nothing more is owed for a fraudulent referral.
    Unapproved rewards are rejected (reason fraud), approved ones voided, paid ones reversed
    as a refund would, so the ledger shows the payout as owed back."""
    undone = 0
    for reward in await Reward.filter(referral_id=referral_id).using_db(conn).order_by("id"):
        before = reward.status
        extra = {"reject_reason": "fraud", "reject_note": note[:500], "decided_at": now}
        if before in (S.PENDING, S.AWAITING_APPROVAL):
            moved = await move(reward, S.REJECTED, now, conn, decided_by="fraud review", **extra)
            kind = LedgerKind.VOIDED
        elif before is S.APPROVED:
            moved = await move(reward, S.VOIDED, now, conn, **extra)
            kind = LedgerKind.VOIDED
        elif before is S.FULFILLED:
            moved = await move(reward, S.REVERSED, now, conn)
            kind = LedgerKind.REVERSED
        else:
            continue
        if not moved:
            continue
        await post(reward, kind, -reward.amount, now, conn)
        undone += 1
        await audit.record(
            actor=actor,
            action="reward.fraud",
            target=reward,
            now=now,
            changes={"status": [before.value, reward.status.value]},
            using=conn,
        )
    return undone
