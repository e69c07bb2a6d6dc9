"""Reward use-cases. Every transition is a compare-and-set on the reward's status inside one
transaction with its ledger entry and audit row, so it happens exactly once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.accounts.models import StaffUser
from server.accounts.permissions import Permission
from server.accounts.viewer import Viewer
from server.advocates.models import Advocate
from server.audit import service as audit
from server.audit.models import AuditEvent
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock, as_utc
from server.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from server.fraud import scoring as fraud_scoring
from server.fraud.rules import Mode, ReviewStatus
from server.fraud.scoring import Signal
from server.identity import same_inbox
from server.notifications import service as notifications
from server.referrals.models import (
    Conversion,
    ConversionStatus,
    NoRewardReason,
    Referral,
    ReferralLink,
    ReferralStatus,
)
from server.referrals.rules import base_event_key, generation_key
from server.rewards import rules
from server.rewards.models import (
    LedgerEntry,
    LedgerKind,
    Reward,
    RewardApproval,
    RewardRecipient,
    RewardRuleSet,
    RewardStatus,
)
from server.rewards.rules import Event, Limits, Policy, Refusal, Rule, Trigger, Usage

S = RewardStatus
RULE_CHANGE_COOLDOWN = timedelta(hours=24)
REJECT_REASONS = frozenset(
    {"fraud", "self_referral", "duplicate", "not_eligible", "refunded", "other"}
)
BULK_MAX = 100
AUTO = "auto"  # decided_by of a reward the policy approved by itself
# What counts against caps and the budget: every reward not voided or rejected.
COUNTED = [s for s in RewardStatus if s not in (S.VOIDED, S.REJECTED)]


# ---- rule versions ---------------------------------------------------------------------------


async def set_rules(
    *,
    campaign_id: int,
    rules_: list[Rule],
    policy: Policy,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
    limits: Limits | None = None,
) -> RewardRuleSet:
    """A new version; old versions are never edited, so past rewards stay explainable."""
    limits = limits or Limits()
    rules.validate_rules(rules_)
    rules.validate_policy(policy)
    now = clock.now()
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    campaign_rules.check_config_write(campaign_test=campaign.test_mode, key_test=actor.key_test)
    rules.validate_rule_currency(rules_, campaign.currency)
    rules.validate_limits(limits, rules_, campaign.currency)
    try:
        async with in_transaction() as conn:
            latest = (
                await RewardRuleSet.filter(campaign_id=campaign_id)
                .using_db(conn)
                .order_by("-version")
                .first()
            )
            version = (latest.version if latest else 0) + 1
            rule_set = await RewardRuleSet.create(
                campaign_id=campaign_id,
                version=version,
                rules=[r.to_json() for r in rules_],
                auto_approve_max=policy.auto_approve_max,
                four_eyes_above=policy.four_eyes_above,
                cap_period=limits.cap_period,
                cap_count=limits.cap_count,
                cap_amount=limits.cap_amount,
                budget=limits.budget,
                pause_campaign_on_budget=limits.pause_campaign_on_budget,
                created_by_user_id=viewer.user.id if viewer.user else None,
                created_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="reward_rules.set",
                target=rule_set,
                now=now,
                changes={"version": [version - 1 or None, version]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict(
            "Another rules change landed at the same time; retry.", field="campaignId"
        ) from None
    return rule_set


def parse(rule_set: RewardRuleSet) -> tuple[list[Rule], Policy]:
    return (
        [Rule.from_json(r) for r in rule_set.rules],
        Policy(rule_set.auto_approve_max, rule_set.four_eyes_above),
    )


def limits_of(rule_set: RewardRuleSet) -> Limits:
    return Limits(
        cap_period=rule_set.cap_period,
        cap_count=rule_set.cap_count,
        cap_amount=rule_set.cap_amount,
        budget=rule_set.budget,
        pause_campaign_on_budget=rule_set.pause_campaign_on_budget,
    )


async def rule_set_at(
    campaign_id: int, moment: datetime, conn: BaseDBAsyncClient | None = None
) -> RewardRuleSet | None:
    """The version in force at `moment`: the newest one created at or before it."""
    return (
        await RewardRuleSet.filter(campaign_id=campaign_id, created_at__lte=moment)
        .using_db(conn)
        .order_by("-version")
        .first()
    )


# ---- creating rewards (called inside the event's own transaction) ------------------------------


async def reward_event(
    *,
    referral: Referral,
    conversion: Conversion | None,
    occurred_at: datetime,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> list[Reward]:
    rule_set = await rule_set_at(referral.campaign_id, occurred_at, conn)
    if rule_set is None:
        return []
    rules_, policy = parse(rule_set)
    limits = limits_of(rule_set)
    # Per-friend limits count earlier rewards: lock the referral so two of the friend's orders
    # recorded at once are counted one after the other (SQLite serialises writers anyway).
    # NO KEY: our own conversion row already holds a key-share lock on the referral.
    locked = (
        await Referral.select_for_update(no_key=True).using_db(conn).filter(id=referral.id).get()
    )
    # Events, not rows: a reward re-issued after re-attribution is the same event again.
    events: dict[str, set[str]] = {}
    for rule_key, key in (
        await Reward.filter(referral_id=referral.id)
        .using_db(conn)
        .values_list("rule_key", "event_key")
    ):
        events.setdefault(str(rule_key), set()).add(base_event_key(str(key)))
    prior = {rule_key: len(keys) for rule_key, keys in events.items()}
    if conversion is None:
        event = Event(trigger=Trigger.SIGNUP, prior_rewards=prior)
        event_key = "signup"
    else:
        earlier = (
            await Conversion.filter(referral_id=referral.id, id__lt=conversion.id)
            .using_db(conn)
            .exists()
        )
        event = Event(
            trigger=Trigger.EVERY_PURCHASE if earlier else Trigger.FIRST_PURCHASE,
            order_amount=conversion.amount,
            order_currency=conversion.currency,
            prior_rewards=prior,
        )
        event_key = f"conversion:{conversion.id}"
    # The locked row's link: a re-attribution that committed while we waited has moved it.
    link = await ReferralLink.get(id=locked.link_id, using_db=conn)
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
            successful_referrals=await _successful_referrals(
                link.campaign_id, link.id, referral.test, referral.id, conn
            ),
        )
    candidates = rules.awards(rules_, event)
    if conversion is not None and rules.currency_mismatch(rules_, event):
        await _not_rewarded(conversion, rules_, now, actor, conn)
    granted, refused = candidates, list[tuple[rules.Award, Refusal]]()
    if campaign is not None and limits.any and candidates:
        usage = await _usage(campaign, link.advocate_id, referral.test, limits, now, conn)
        granted, refused = rules.within_limits(candidates, limits, usage)
        await _refused(campaign, referral, refused, limits, usage, now, actor, conn)
    created: list[Reward] = []
    for award in granted:
        recipient = award.rule.recipient
        reward = await Reward.create(
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
            status=S.PENDING,
            hold_until=rules.hold_until(occurred_at, award.rule),
            tier=award.tier,
            # A flagged referral's rewards wait for a person, whatever their amount.
            flagged=referral.review_status is ReviewStatus.FLAGGED,
            test=referral.test,
            created_at=now,
            updated_at=now,
            using_db=conn,
        )
        await _post(reward, LedgerKind.ISSUED, award.amount, now, conn)
        await audit.record(
            actor=actor,
            action="reward.create",
            target=reward,
            now=now,
            changes={
                "amount": [None, award.amount],
                "rule": [None, f"v{rule_set.version}:{award.rule.key}"],
            },
            using=conn,
        )
        if reward.hold_until is not None and reward.hold_until <= now:
            # No hold left (holdDays 0, or a late-reported order): on at once, in this
            # transaction, not at the periodic job's next run.
            await _end_hold(reward, policy, now, actor, conn)
        created.append(reward)
    return created


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


async def _successful_referrals(
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


async def _usage(
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


async def _refused(
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
    usage = await _usage(
        campaign, 0, campaign.test_mode, Limits(budget=rule_set.budget), clock.now(), None
    )
    return Budget(budget=rule_set.budget, spent=usage.spent, currency=campaign.currency)


async def _post(
    reward: Reward,
    kind: LedgerKind,
    amount: int,
    now: datetime,
    conn: BaseDBAsyncClient,
    event_key: str = "",
) -> None:
    await LedgerEntry.create(
        reward_id=reward.id,
        advocate_id=reward.advocate_id,
        referral_id=reward.referral_id if reward.advocate_id is None else None,
        kind=kind,
        event_key=event_key,
        amount=amount,
        currency=reward.currency,
        test=reward.test,
        created_at=now,
        using_db=conn,
    )


# ---- transitions -----------------------------------------------------------------------------


async def _move(
    reward: Reward,
    target: RewardStatus,
    now: datetime,
    conn: BaseDBAsyncClient,
    **fields: object,
) -> bool:
    """Compare-and-set: only the caller that still sees the old status wins."""
    rules.check_transition(reward.status, target)
    won = (
        await Reward.filter(id=reward.id, status=reward.status)
        .using_db(conn)
        .update(status=target, updated_at=now, **fields)
    )
    if won:
        reward.status = target
        reward.update_from_dict(fields)
        if target is S.AWAITING_APPROVAL:
            await notifications.enqueue_reward_awaiting(reward, now, conn)
    return bool(won)


async def _stale(reward: Reward) -> Conflict:
    """Who decided is named, but not by email: the message reaches every approver, the bot
    (and so Slack) included, and staff emails are shown only to `users:manage`."""
    who = reward.decided_by
    if who and "@" in who:
        names = await StaffUser.filter(email=who).values_list("name", flat=True)
        who = str(names[0]) if names else "a staff member"
    by = f" by {who}" if who else ""
    return Conflict(f"Already {reward.status.value.replace('_', ' ')}{by}.", field="id")


async def _load(reward_id: int, conn: BaseDBAsyncClient) -> Reward:
    reward = await Reward.select_for_update().using_db(conn).get_or_none(id=reward_id)
    if reward is None:
        raise NotFound("No such reward.", field="id")
    return reward


async def _now_of(reward: Reward, clock: Clock, conn: BaseDBAsyncClient) -> datetime:
    """Test rewards are decided on their campaign's clock, like everything else there."""
    if not reward.test:
        return clock.now()
    return await campaigns.now_for(reward.campaign_id, clock, conn)


async def _policy_of(reward: Reward, conn: BaseDBAsyncClient) -> Policy:
    rule_set = await RewardRuleSet.get(
        campaign_id=reward.campaign_id, version=reward.rule_version, using_db=conn
    )
    return parse(rule_set)[1]


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
            reward = await _load(reward_id, conn)
            now = await _now_of(reward, clock, conn)
            if reward.status is not S.AWAITING_APPROVAL:
                raise await _stale(reward)
            policy = await _policy_of(reward, conn)
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
            if count >= needed and not await _move(
                reward, S.APPROVED, now, conn, decided_by=user.email, decided_at=now
            ):
                raise await _stale(await Reward.get(id=reward_id, using_db=conn))
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
            raise await _stale(current) from None
        raise Conflict(
            "You have already approved this reward; it needs a second approver.", field="id"
        ) from None
    return Decision(reward=reward, approvals=count, needed=needed)


async def reject(
    *, reward_id: int, reason: str, note: str, viewer: Viewer, actor: Actor, clock: Clock
) -> Reward:
    if reason not in REJECT_REASONS:
        raise InvalidInput("Use one of: " + ", ".join(sorted(REJECT_REASONS)) + ".", field="reason")
    if len(note) > 500:
        raise InvalidInput("The note is at most 500 characters.", field="note")
    who = viewer.user.email if viewer.user else actor.id or actor.kind
    async with in_transaction() as conn:
        reward = await _load(reward_id, conn)
        now = await _now_of(reward, clock, conn)
        if reward.status not in (S.PENDING, S.AWAITING_APPROVAL):
            raise await _stale(reward)
        before = reward.status.value
        if not await _move(
            reward,
            S.REJECTED,
            now,
            conn,
            decided_by=who,
            decided_at=now,
            reject_reason=reason,
            reject_note=note,
        ):
            raise await _stale(await Reward.get(id=reward_id, using_db=conn))
        await _post(reward, LedgerKind.VOIDED, -reward.amount, now, conn)
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
        reward = await _load(reward_id, conn)
        now = await _now_of(reward, clock, conn)
        if reward.status is not S.APPROVED:
            raise await _stale(reward)
        if not await _move(
            reward, S.AWAITING_APPROVAL, now, conn, decided_by=None, decided_at=None
        ):
            raise await _stale(await Reward.get(id=reward_id, using_db=conn))
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


async def fulfill(*, reward_id: int, external_reference: str, actor: Actor, clock: Clock) -> Reward:
    reference = external_reference.strip()
    if not 1 <= len(reference) <= 200:
        raise InvalidInput(
            "Give the payout or coupon reference (1-200 characters).", field="externalReference"
        )
    now = clock.now()
    async with in_transaction() as conn:
        reward = await _load(reward_id, conn)
        if reward.test:
            raise InvalidState("Test-mode rewards are never fulfilled.", field="id")
        if reward.status is not S.APPROVED:
            raise await _stale(reward)
        if not await _move(
            reward, S.FULFILLED, now, conn, external_reference=reference, paid_amount=reward.amount
        ):
            raise await _stale(await Reward.get(id=reward_id, using_db=conn))
        await _post(reward, LedgerKind.FULFILLED, -reward.amount, now, conn)
        await audit.record(
            actor=actor,
            action="reward.fulfill",
            target=reward,
            now=now,
            changes={"status": ["approved", "fulfilled"], "external_reference": [None, reference]},
            using=conn,
        )
    return reward


# ---- re-attribution --------------------------------------------------------------------------


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
        if not await _move(old, S.VOIDED, now, conn):
            raise Conflict(
                "A reward of this referral changed meanwhile; retry.", field="referralId"
            )
        await _post(old, LedgerKind.VOIDED, -old.amount, now, conn)
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
            usage = await _usage(campaign, advocate_id, old.test, limits, now, conn)
            _granted, refused = rules.within_limits([award], limits, usage)
            if refused:
                referral = await Referral.get(id=referral_id, using_db=conn)
                await _refused(campaign, referral, refused, limits, usage, now, actor, conn)
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
        await _post(new, LedgerKind.ISSUED, new.amount, now, conn)
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


# ---- refunds and holds -----------------------------------------------------------------------


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
            if await _move(reward, S.VOIDED, now, conn):
                await _post(reward, LedgerKind.VOIDED, -reward.amount, now, conn)
        elif full and reward.status is S.FULFILLED:
            if await _move(reward, S.REVERSED, now, conn):
                await _post(reward, LedgerKind.REVERSED, -reward.amount, now, conn)
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
            await _post(reward, LedgerKind.ADJUSTMENT, delta, now, conn, event_key=refund_key)
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
            moved = await _move(reward, S.REJECTED, now, conn, decided_by="fraud review", **extra)
            kind = LedgerKind.VOIDED
        elif before is S.APPROVED:
            moved = await _move(reward, S.VOIDED, now, conn, **extra)
            kind = LedgerKind.VOIDED
        elif before is S.FULFILLED:
            moved = await _move(reward, S.REVERSED, now, conn)
            kind = LedgerKind.REVERSED
        else:
            continue
        if not moved:
            continue
        await _post(reward, kind, -reward.amount, now, conn)
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
            won = await _move(
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
        target = rules.after_hold(reward.amount, False, await _policy_of(reward, conn))
        if waiting and target is S.APPROVED:
            await _move(reward, S.APPROVED, now, conn, decided_by=AUTO, decided_at=now)
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
            reward = await _load(row.id, conn)
            if reward.status is not S.PENDING:
                continue
            if await _end_hold(reward, await _policy_of(reward, conn), now, actor, conn):
                moved += 1
    return moved


async def _end_hold(
    reward: Reward, policy: Policy, now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> bool:
    """A pending reward whose hold is over goes to approval, or is approved by the policy."""
    target = rules.after_hold(reward.amount, reward.flagged, policy)
    extra: dict[str, object] = (
        {"decided_by": AUTO, "decided_at": now} if target is S.APPROVED else {}
    )
    if not await _move(reward, target, now, conn, **extra):
        return False
    await audit.record(
        actor=actor,
        action="reward.hold_released",
        target=reward,
        now=now,
        changes={"status": ["pending", target.value]},
        using=conn,
    )
    return True


# ---- ledger ----------------------------------------------------------------------------------


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


# ---- preview ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreviewAward:
    award: rules.Award
    hold_until: datetime
    after_hold: RewardStatus
    approvals_needed: int


@dataclass(frozen=True, slots=True)
class Preview:
    rule_version: int | None
    awards: list[PreviewAward]
    refused: str | None
    fraud_signals: list[Signal]
    withheld: list[tuple[PreviewAward, Refusal]] = field(default_factory=list)


async def preview(
    *,
    campaign_id: int,
    advocate_email: str,
    friend_email: str,
    order_amount: int,
    currency: str,
    first_purchase: bool,
    at: datetime | None,
    clock: Clock,
) -> Preview:
    """Who would receive what, when and under which version, and which fraud rules the
    friend's identity would trip — computed, never written."""
    from server.fraud import service as fraud
    from server.referrals.rules import normalize_email, validate_money

    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    advocate = normalize_email(advocate_email, "advocateEmail")
    currency = validate_money(order_amount, currency)
    moment = as_utc(at, "at") if at is not None else campaigns.now_of(campaign, clock)
    signals = await fraud.preview_signals(
        campaign_id=campaign_id, advocate_email=advocate, friend_email=friend_email
    )
    verdict = fraud_scoring.outcome(signals)
    if verdict is Mode.BLOCK:
        names = ", ".join(s.rule.value for s in signals if s.mode is Mode.BLOCK)
        return Preview(None, [], f"Fraud controls would block this referral ({names}).", signals)
    rule_set = await rule_set_at(campaign_id, moment)
    if rule_set is None:
        return Preview(None, [], "The campaign has no reward rules.", signals)
    flagged = verdict is Mode.FLAG
    rules_, policy = parse(rule_set)
    limits = limits_of(rule_set)
    # An enrolled advocate's standing sets their tier and what is left of their caps.
    link = await ReferralLink.get_or_none(campaign_id=campaign_id, advocate__email=advocate)
    successful = 0
    if link is not None and any(r.tiers for r in rules_):
        try:
            friend: str | None = normalize_email(friend_email, "friendEmail")
        except InvalidInput:
            friend = None  # the invalid_email signal above already says so
        friend_referral = (
            await Referral.get_or_none(campaign_id=campaign_id, friend_email=friend)
            if friend
            else None
        )
        successful = await _successful_referrals(
            campaign_id,
            link.id,
            campaign.test_mode,
            friend_referral.id if friend_referral else 0,
            None,
        )
    event = Event(
        trigger=Trigger.FIRST_PURCHASE if first_purchase else Trigger.EVERY_PURCHASE,
        order_amount=order_amount,
        order_currency=currency,
        successful_referrals=successful,
    )
    granted = rules.awards(rules_, event)
    if not granted and rules.currency_mismatch(rules_, event):
        return Preview(
            rule_set.version,
            [],
            f"An order in {currency} earns nothing: this campaign's rewards are in "
            f"{campaign.currency} and money is never compared across currencies.",
            signals,
        )
    withheld: list[tuple[rules.Award, Refusal]] = []
    if limits.any:
        usage = await _usage(
            campaign, link.advocate_id if link else 0, campaign.test_mode, limits, moment, None
        )
        granted, withheld = rules.within_limits(granted, limits, usage)

    def shown(a: rules.Award) -> PreviewAward:
        return PreviewAward(
            award=a,
            hold_until=rules.hold_until(moment, a.rule),
            after_hold=rules.after_hold(a.amount, flagged, policy),
            approvals_needed=rules.approvals_needed(a.amount, policy),
        )

    return Preview(
        rule_version=rule_set.version,
        awards=[shown(a) for a in granted],
        refused=None,
        fraud_signals=signals,
        withheld=[(shown(a), why) for a, why in withheld],
    )
