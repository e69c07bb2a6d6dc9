"""Reward use-cases. Every transition is a compare-and-set on the reward's status inside one
transaction with its ledger entry and audit row, so it happens exactly once."""

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
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock, as_utc
from server.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from server.notifications import service as notifications
from server.referrals.models import Conversion, ConversionStatus, Referral, ReferralLink
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
from server.rewards.rules import Event, Policy, Rule, Trigger

S = RewardStatus
RULE_CHANGE_COOLDOWN = timedelta(hours=24)
REJECT_REASONS = frozenset(
    {"fraud", "self_referral", "duplicate", "not_eligible", "refunded", "other"}
)
BULK_MAX = 100


# ---- rule versions ---------------------------------------------------------------------------


async def set_rules(
    *,
    campaign_id: int,
    rules_: list[Rule],
    policy: Policy,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
) -> RewardRuleSet:
    """A new version; old versions are never edited, so past rewards stay explainable."""
    rules.validate_rules(rules_)
    rules.validate_policy(policy)
    now = clock.now()
    if not await Campaign.exists(id=campaign_id):
        raise NotFound("No such campaign.", field="campaignId")
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
    rules_, _policy = parse(rule_set)
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
    created: list[Reward] = []
    for award in rules.awards(rules_, event):
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
        created.append(reward)
    return created


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


def _stale(reward: Reward) -> Conflict:
    who = f" by {reward.decided_by}" if reward.decided_by else ""
    return Conflict(f"Already {reward.status.value.replace('_', ' ')}{who}.", field="id")


async def _load(reward_id: int, conn: BaseDBAsyncClient) -> Reward:
    reward = await Reward.select_for_update().using_db(conn).get_or_none(id=reward_id)
    if reward is None:
        raise NotFound("No such reward.", field="id")
    return reward


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
    if await _recipient_email(reward, conn) == user.email:
        raise Forbidden("Nobody approves a reward they would receive.", field="id")
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


@dataclass(frozen=True, slots=True)
class Decision:
    reward: Reward
    approvals: int
    needed: int


async def approve(*, reward_id: int, viewer: Viewer, actor: Actor, clock: Clock) -> Decision:
    user = viewer.user
    if user is None:
        raise Forbidden("Approvals are made by a person: sign in, or act through Slack.")
    now = clock.now()
    try:
        async with in_transaction() as conn:
            reward = await _load(reward_id, conn)
            if reward.status is not S.AWAITING_APPROVAL:
                raise _stale(reward)
            policy = await _policy_of(reward, conn)
            needed = rules.approvals_needed(reward.amount, policy)
            if needed > 1 and not viewer.can(Permission.REWARDS_APPROVE_HIGH):
                raise Forbidden(
                    "This reward is above the four-eyes threshold; it needs the "
                    "'rewards:approve-high' permission.",
                    field="id",
                )
            await _check_approver(reward, user, now, conn)
            await RewardApproval.create(
                reward_id=reward.id, user_id=user.id, created_at=now, using_db=conn
            )
            count = await RewardApproval.filter(reward_id=reward.id).using_db(conn).count()
            if count >= needed and not await _move(
                reward, S.APPROVED, now, conn, decided_by=user.email, decided_at=now
            ):
                raise _stale(await Reward.get(id=reward_id, using_db=conn))
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
            raise _stale(current) from None
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
    now = clock.now()
    who = viewer.user.email if viewer.user else actor.id or actor.kind
    async with in_transaction() as conn:
        reward = await _load(reward_id, conn)
        if reward.status not in (S.PENDING, S.AWAITING_APPROVAL):
            raise _stale(reward)
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
            raise _stale(await Reward.get(id=reward_id, using_db=conn))
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


async def unapprove(*, reward_id: int, viewer: Viewer, actor: Actor, clock: Clock) -> Reward:
    now = clock.now()
    async with in_transaction() as conn:
        reward = await _load(reward_id, conn)
        if reward.status is not S.APPROVED:
            raise _stale(reward)
        if not await _move(
            reward, S.AWAITING_APPROVAL, now, conn, decided_by=None, decided_at=None
        ):
            raise _stale(await Reward.get(id=reward_id, using_db=conn))
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
            raise _stale(reward)
        if not await _move(
            reward, S.FULFILLED, now, conn, external_reference=reference, paid_amount=reward.amount
        ):
            raise _stale(await Reward.get(id=reward_id, using_db=conn))
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
    for old in rows:
        if old.status not in rules.OWED:
            continue
        before = old.status.value
        if not await _move(old, S.VOIDED, now, conn):
            raise Conflict(
                "A reward of this referral changed meanwhile; retry.", field="referralId"
            )
        await _post(old, LedgerKind.VOIDED, -old.amount, now, conn)
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
            if rule is None or rule.percent_bps is None:
                continue  # fixed rewards do not depend on the order's size
            amount = rules.amount_for(rule, net)
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


async def release_holds(*, clock: Clock, actor: Actor) -> int:
    """Rewards whose hold has passed go to approval, or straight to approved under the policy."""
    now = clock.now()
    moved = 0
    due = await Reward.filter(status=S.PENDING, hold_until__lte=now).order_by("id").limit(500)
    for reward in due:
        async with in_transaction() as conn:
            target = rules.after_hold(reward.amount, reward.flagged, await _policy_of(reward, conn))
            extra: dict[str, object] = (
                {"decided_by": "auto", "decided_at": now} if target is S.APPROVED else {}
            )
            if await _move(reward, target, now, conn, **extra):
                moved += 1
                await audit.record(
                    actor=actor,
                    action="reward.hold_released",
                    target=reward,
                    now=now,
                    changes={"status": ["pending", target.value]},
                    using=conn,
                )
    return moved


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
    """Who would receive what, when and under which version — computed, never written."""
    from server.referrals.rules import normalize_email, validate_money

    if not await Campaign.exists(id=campaign_id):
        raise NotFound("No such campaign.", field="campaignId")
    advocate = normalize_email(advocate_email, "advocateEmail")
    friend = normalize_email(friend_email, "friendEmail")
    currency = validate_money(order_amount, currency)
    moment = as_utc(at, "at") if at is not None else clock.now()
    if advocate == friend:
        return Preview(rule_version=None, awards=[], refused="An advocate cannot refer themselves.")
    rule_set = await rule_set_at(campaign_id, moment)
    if rule_set is None:
        return Preview(rule_version=None, awards=[], refused="The campaign has no reward rules.")
    rules_, policy = parse(rule_set)
    event = Event(
        trigger=Trigger.FIRST_PURCHASE if first_purchase else Trigger.EVERY_PURCHASE,
        order_amount=order_amount,
        order_currency=currency,
    )
    return Preview(
        rule_version=rule_set.version,
        awards=[
            PreviewAward(
                award=a,
                hold_until=rules.hold_until(moment, a.rule),
                after_hold=rules.after_hold(a.amount, False, policy),
                approvals_needed=rules.approvals_needed(a.amount, policy),
            )
            for a in rules.awards(rules_, event)
        ],
        refused=None,
    )
