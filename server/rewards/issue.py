"""Creating rewards inside the event's own transaction, with caps and the budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.fraud.rules import ReviewStatus
from server.referrals.models import (
    Conversion,
    NoRewardReason,
    Referral,
    ReferralLink,
    ReferralStatus,
)
from server.rewards import created as created_rows
from server.rewards import rules, sql
from server.rewards.ledger import AUTO, S
from server.rewards.models import (
    Reward,
    RewardRecipient,
    RewardStatus,
)
from server.rewards.rules import Event, Limits, Refusal, Rule, Trigger, Usage
from server.rewards.versions import RuleVersion, rule_set_at

# What counts against caps and the budget: every reward not voided or rejected.
COUNTED = [s for s in RewardStatus if s not in (S.VOIDED, S.REJECTED)]


async def reward_event(
    *,
    referral: Referral,
    conversion: Conversion | None,
    occurred_at: datetime,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    link: ReferralLink | None = None,
    versions: Sequence[RuleVersion] | None = None,
    new_referral: bool = False,
) -> None:
    """`link`: the referral's link, given by a caller that read the referral locked at the start
    of its transaction (or created it there), so nothing can have moved it since. `versions`:
    the campaign's rule versions, newest first, when the caller has them (cached).
    `new_referral`: the referral was created in the caller's transaction (with `conversion`, its
    only order), so it has no rewards and no earlier order to read."""
    if versions is not None:
        rule_set = next((v for v in versions if v.created_at <= occurred_at), None)
    else:
        found = await rule_set_at(referral.campaign_id, occurred_at, conn)
        rule_set = RuleVersion.of(found) if found else None
    if rule_set is None:
        return
    rules_, policy, limits = list(rule_set.rules), rule_set.policy, rule_set.limits
    if link is None:
        # Per-friend limits count earlier rewards: lock the referral so two of the friend's
        # orders recorded at once are counted one after the other (SQLite serialises writers
        # anyway). NO KEY: our own conversion row already holds a key-share lock on it.
        locked = (
            await Referral.select_for_update(no_key=True)
            .using_db(conn)
            .filter(id=referral.id)
            .get()
        )
        # The locked row's link: a re-attribution that committed while we waited moved it.
        link = await ReferralLink.get(id=locked.link_id, using_db=conn)
    # Events, not rows: a reward re-issued after re-attribution is the same event again.
    prior, earlier = (
        ({}, False)
        if new_referral
        else await sql.prior_rewards(conn, referral.id, conversion.id if conversion else 0)
    )
    if conversion is None:
        event = Event(trigger=Trigger.SIGNUP, prior_rewards=prior)
        event_key = "signup"
    else:
        event = Event(
            trigger=Trigger.EVERY_PURCHASE if earlier else Trigger.FIRST_PURCHASE,
            order_amount=conversion.amount,
            order_currency=conversion.currency,
            prior_rewards=prior,
        )
        event_key = f"conversion:{conversion.id}"
    tiered = any(r.tiers for r in rules_)
    campaign: Campaign | None = None
    if tiered or limits.any:
        # Tiers, caps and the budget read other referrals and their rewards: lock the campaign
        # so concurrent events are counted one after the other. NO KEY: inserts referencing
        # the campaign (key-share locks) still proceed.
        campaign = (
            await Campaign.select_for_update(no_key=True)
            .using_db(conn)
            .get(id=referral.campaign_id)
        )
    if tiered:
        event = replace(
            event,
            successful_referrals=await successful_referrals(
                link.campaign_id, link.id, referral.test, referral.id, conn
            ),
        )
    candidates = rules.awards(rules_, event)
    if conversion is not None and rules.currency_mismatch(rules_, event):
        await _not_rewarded(conversion, rules_, now, actor, conn)
    granted, refused = candidates, list[tuple[rules.Award, Refusal]]()
    if campaign is not None and limits.any and candidates:
        usage = await usage_of(campaign, link.advocate_id, referral.test, limits, now, conn)
        granted, refused = rules.within_limits(candidates, limits, usage)
        await record_refused(campaign, referral, refused, limits, usage, now, actor, conn)
    # Every reward of the event in one insert, then what each one writes beside it.
    created: list[tuple[created_rows.Attrs, bool]] = []
    # A flagged referral's rewards wait for a person, whatever their amount.
    flagged = referral.review_status is ReviewStatus.FLAGGED
    for award in granted:
        recipient = award.rule.recipient
        hold_until = rules.hold_until(occurred_at, award.rule)
        # No hold left (holdDays 0, or a late-reported order): created where the hold's end
        # takes it, with the rows the release writes, not at the periodic job's next run.
        released = hold_until is not None and hold_until <= now
        status = rules.after_hold(award.amount, flagged, policy) if released else S.PENDING
        approved = status is S.APPROVED
        attrs = created_rows.values(
            campaign_id=referral.campaign_id,
            referral_id=referral.id,
            conversion_id=conversion.id if conversion else None,
            recipient=recipient,
            # The recipient comes from the referral itself, never from input.
            advocate_id=link.advocate_id if recipient is RewardRecipient.ADVOCATE else None,
            event_key=event_key,
            rule_key=award.rule.key,
            rule_version=rule_set.version,
            kind=award.rule.kind,
            description=award.rule.description,
            amount=award.amount,
            currency=award.currency,
            status=status,
            approval_waits=1 if status is S.AWAITING_APPROVAL else 0,
            hold_until=hold_until,
            tier=award.tier,
            flagged=flagged,
            test=referral.test,
            created_at=now,
            updated_at=now,
            decided_by=AUTO if approved else None,
            decided_at=now if approved else None,
        )
        created.append((attrs, released))
    await created_rows.insert(conn, [attrs for attrs, _ in created])
    for attrs, released in created:
        changes = {
            "amount": [None, attrs["amount"]],
            "rule": [None, f"v{rule_set.version}:{attrs['rule_key']}"],
        }
        await created_rows.tell(
            attrs, changes=changes, released=released, now=now, actor=actor, conn=conn
        )


async def _not_rewarded(
    conversion: Conversion, rules_: list[Rule], now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> None:
    """An order in another currency than the rules' earns nothing from them; the conversion
    says so (noRewardReason) and the audit log names the rules."""
    conversion.no_reward_reason = NoRewardReason.CURRENCY_MISMATCH
    await (
        Conversion.filter(id=conversion.id)
        .using_db(conn)
        .update(no_reward_reason=NoRewardReason.CURRENCY_MISMATCH)
    )
    await audit.record(
        actor=actor,
        action="conversion.not_rewarded",
        target=conversion,
        now=now,
        changes={
            "reason": [None, NoRewardReason.CURRENCY_MISMATCH.value],
            "order_currency": [None, conversion.currency],
            "rule_currencies": [None, sorted({r.currency for r in rules_})],
        },
        using=conn,
    )


async def successful_referrals(
    campaign_id: int, link_id: int, test: bool, exclude_id: int, conn: BaseDBAsyncClient | None
) -> int:
    """The advocate's converted, non-rejected referrals in the campaign, other than this one."""
    return (
        await Referral.filter(
            campaign_id=campaign_id, link_id=link_id, status=ReferralStatus.CONVERTED, test=test
        )
        .exclude(id=exclude_id)
        .using_db(conn)
        .count()
    )


async def _totals(query: QuerySet[Reward]) -> tuple[int, int]:
    row = await query.annotate(n=Count("id"), total=Sum("amount")).first().values("n", "total")
    return (int(row["n"] or 0), int(row["total"] or 0)) if row else (0, 0)


async def usage_of(
    campaign: Campaign,
    advocate_id: int,
    test: bool,
    limits: Limits,
    now: datetime,
    conn: BaseDBAsyncClient | None,
) -> Usage:
    """Counted rewards of the event's kind (test or live): the advocate's in the cap period,
    and the campaign's spend in its currency."""
    counted = Reward.filter(campaign_id=campaign.id, test=test, status__in=COUNTED).using_db(conn)
    count = amount = spent = 0
    if limits.cap_count is not None or limits.cap_amount is not None:
        mine = counted.filter(advocate_id=advocate_id, recipient=RewardRecipient.ADVOCATE)
        start = rules.period_start(limits.cap_period, now)
        if start is not None:
            mine = mine.filter(created_at__gte=start)
        count, _ = await _totals(mine)
        _, amount = await _totals(mine.filter(currency=campaign.currency))
    if limits.budget is not None:
        _, spent = await _totals(counted.filter(currency=campaign.currency))
    return Usage(advocate_count=count, advocate_amount=amount, spent=spent)


async def record_refused(
    campaign: Campaign,
    referral: Referral,
    refused: list[tuple[rules.Award, Refusal]],
    limits: Limits,
    usage: Usage,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> None:
    """Say why an award was not made, and pause the campaign if its budget ran out."""
    for award, why in refused:
        budget = why is Refusal.BUDGET
        await audit.record(
            actor=actor,
            action="reward.budget_exhausted" if budget else "reward.capped",
            target=campaign if budget else referral,
            now=now,
            changes={
                "rule": [None, award.rule.key],
                "amount": [None, award.amount],
                "reason": [None, why.value],
                "referral_id": [None, referral.id],
            }
            | ({"spent": [None, usage.spent], "budget": [None, limits.budget]} if budget else {}),
            using=conn,
        )
    if (
        limits.pause_campaign_on_budget
        and campaign.status is CampaignStatus.ACTIVE
        and any(why is Refusal.BUDGET for _, why in refused)
    ):
        await campaigns.transition_in(
            campaign_id=campaign.id,
            target=CampaignStatus.PAUSED,
            actor=actor,
            now=now,
            conn=conn,
            reason="budget_exhausted",
        )
        campaign.status = CampaignStatus.PAUSED


@dataclass(frozen=True, slots=True)
class Budget:
    budget: int
    spent: int
    currency: str


async def budget_of(campaign: Campaign, clock: Clock) -> Budget | None:
    """The budget of the version in force now and what counts against it (the campaign's
    own kind of rows: test rows for a test-mode campaign)."""
    rule_set = await rule_set_at(campaign.id, campaigns.now_of(campaign, clock))
    if rule_set is None or rule_set.budget is None:
        return None
    usage = await usage_of(
        campaign, 0, campaign.test_mode, Limits(budget=rule_set.budget), clock.now(), None
    )
    return Budget(budget=rule_set.budget, spent=usage.spent, currency=campaign.currency)
