"""Milestone use-cases. Detection runs inside the transaction of the event that crosses a
threshold, so a milestone exists exactly when the event that reached it committed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign, ObjectiveMetric
from server.clock import Clock
from server.errors import Conflict, InvalidState, NotFound
from server.milestones import rules, sql
from server.milestones.models import Milestone, MilestoneKind, MilestoneRule
from server.milestones.rules import RuleSpec
from server.notifications import service as notifications
from server.referrals.models import Referral, ReferralStatus
from server.sql import rows

K = MilestoneKind
CAMPAIGN_SUBJECT = "campaign"
TEST_PREFIX = "test:"


def advocate_subject(advocate_id: int) -> str:
    return f"advocate:{advocate_id}"


# ---- rules -----------------------------------------------------------------------------------


async def create_default_rules(campaign: Campaign, now: datetime, conn: BaseDBAsyncClient) -> None:
    """Every campaign starts with sensible milestones; objective ones arrive with an objective.
    Only missing keys are added, so a rule someone switched off stays off."""
    have = {
        str(key)
        for key in await MilestoneRule.filter(campaign_id=campaign.id)
        .using_db(conn)
        .values_list("key", flat=True)
    }
    specs = [
        s
        for s in rules.default_rules(has_objective=campaign.objective_metric is not None)
        if s.key not in have
    ]
    if not specs:
        return
    await MilestoneRule.bulk_create(
        [
            MilestoneRule(
                campaign_id=campaign.id,
                key=s.key,
                kind=s.kind,
                threshold=s.threshold,
                created_at=now,
                updated_at=now,
            )
            for s in specs
        ],
        using_db=conn,
    )


async def create_rule(
    *, campaign_id: int, kind: MilestoneKind, threshold: int, actor: Actor, clock: Clock
) -> MilestoneRule:
    rules.validate_threshold(kind, threshold)
    now = clock.now()
    try:
        async with in_transaction() as conn:
            # Locked: the per-campaign rule count below must not race another create.
            campaign = (
                await Campaign.select_for_update(no_key=True)
                .using_db(conn)
                .filter(id=campaign_id)
                .first()
            )
            if campaign is None:
                raise NotFound("No such campaign.", field="campaignId")
            if kind is K.OBJECTIVE_PERCENT and campaign.objective_metric is None:
                raise InvalidState(
                    "The campaign has no objective to measure progress against.", field="kind"
                )
            count = await MilestoneRule.filter(campaign_id=campaign_id).using_db(conn).count()
            if count >= rules.MAX_RULES_PER_CAMPAIGN:
                raise InvalidState(
                    f"A campaign has at most {rules.MAX_RULES_PER_CAMPAIGN} milestone rules.",
                    field="campaignId",
                )
            rule = await MilestoneRule.create(
                campaign_id=campaign_id,
                key=rules.rule_key(kind, threshold),
                kind=kind,
                threshold=threshold,
                created_at=now,
                updated_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="milestone_rule.create",
                target=rule,
                now=now,
                changes={"kind": [None, kind.value], "threshold": [None, threshold]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict("The campaign already has this milestone.", field="threshold") from None
    return rule


async def set_rule_enabled(
    *, rule_id: int, enabled: bool, actor: Actor, clock: Clock
) -> MilestoneRule:
    """Rules are switched off rather than edited: a reached milestone keeps meaning what it said."""
    now = clock.now()
    async with in_transaction() as conn:
        rule = await MilestoneRule.get_or_none(id=rule_id, using_db=conn)
        if rule is None:
            raise NotFound("No such milestone rule.", field="id")
        if rule.enabled != enabled:
            won = (
                await MilestoneRule.filter(id=rule.id, enabled=rule.enabled)
                .using_db(conn)
                .update(enabled=enabled, updated_at=now)
            )
            if not won:
                raise Conflict("The rule changed meanwhile; reload and retry.", field="id")
            await audit.record(
                actor=actor,
                action="milestone_rule.update",
                target=rule,
                now=now,
                changes={"enabled": [rule.enabled, enabled]},
                using=conn,
            )
            rule.enabled, rule.updated_at = enabled, now
    return rule


# ---- detection -------------------------------------------------------------------------------


# The kinds whose value is the campaign's orders or revenue (an objective's may be either).
_TOTALS_KINDS = frozenset({K.CONVERSIONS, K.REVENUE, K.OBJECTIVE_PERCENT})


@dataclass(slots=True)
class _Facts:
    """Read with what is reached (server/milestones/sql.py): the campaign's orders of its mode
    and their gross revenue in its currency when a rule needing them is not reached yet."""

    campaign: Campaign
    conn: BaseDBAsyncClient
    totals: tuple[int, int] | None
    _advocate_referrals: int | None

    async def conversions(self) -> int:
        assert self.totals is not None
        return self.totals[0]

    async def revenue(self) -> int:
        """Gross: a later refund does not take back a milestone already reached."""
        assert self.totals is not None
        return self.totals[1]

    async def objective(self) -> int:
        c = self.campaign
        match c.objective_metric:
            case ObjectiveMetric.CONVERSIONS:
                current = await self.conversions()
            case ObjectiveMetric.REVENUE:
                current = await self.revenue()
            case ObjectiveMetric.REFERRALS:
                current = (
                    await Referral.filter(campaign_id=c.id, test=c.test_mode)
                    .exclude(status=ReferralStatus.REJECTED)
                    .using_db(self.conn)
                    .count()
                )
            case _:
                return 0
        return rules.objective_percent(current, c.objective_target)

    def advocate_referrals(self) -> int:
        assert self._advocate_referrals is not None
        return self._advocate_referrals


async def detect(
    *,
    campaign_id: int,
    advocate_id: int | None,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    kinds: frozenset[MilestoneKind] = frozenset(K),
    enabled: Sequence[RuleSpec] | None = None,
    campaign: Campaign | None = None,
) -> list[Milestone]:
    """Called in the event's transaction. Detection is serialised per campaign by a row lock,
    so of fifty conversions committing at once exactly one sees the threshold crossed.
    `enabled`: the campaign's enabled rules when the caller has them (cached); `campaign`:
    the campaign as the caller's transaction read it, when it has."""
    if enabled is None:
        enabled = [
            RuleSpec(r.key, r.kind, int(r.threshold))
            for r in await MilestoneRule.filter(campaign_id=campaign_id, enabled=True).using_db(
                conn
            )
        ]
    specs = [s for s in enabled if s.kind in kinds]
    if not specs:
        return []
    campaign = await sql.locked_campaign(conn, campaign_id, campaign)
    if campaign is None:
        return []
    # A rehearsal's milestones have subjects of their own ("test:campaign"): reaching one in
    # test mode never stands in for the live one, under the same unique key.
    mark = TEST_PREFIX if campaign.test_mode else ""
    subjects = [mark + CAMPAIGN_SUBJECT] + (
        [mark + advocate_subject(advocate_id)] if advocate_id else []
    )
    reached: dict[str, set[str]] = {s: set() for s in subjects}
    totals_keys = [s.key for s in specs if s.kind in _TOTALS_KINDS]
    read = await sql.reached(conn, campaign, subjects, advocate_id or None, totals_keys)
    for key, subject in read.keys:
        reached[subject].add(key)
    facts = _Facts(campaign, conn, read.totals, read.advocate_referrals)
    made: list[Milestone] = []
    for kind in kinds:
        of_kind = [s for s in specs if s.kind is kind]
        if kind is K.ADVOCATE_REFERRALS:
            if advocate_id is None:
                continue
            subject = mark + advocate_subject(advocate_id)
        else:
            subject = mark + CAMPAIGN_SUBJECT
        if not [s for s in of_kind if s.key not in reached[subject]]:
            continue
        match kind:
            case K.CONVERSIONS:
                value = await facts.conversions()
            case K.REVENUE:
                value = await facts.revenue()
            case K.OBJECTIVE_PERCENT:
                value = await facts.objective()
            case K.ADVOCATE_REFERRALS:
                assert advocate_id is not None
                value = facts.advocate_referrals()
        for crossing in rules.crossed(of_kind, value, reached[subject]):
            made.append(await _reach(campaign, crossing, subject, advocate_id, now, actor, conn))
    return made


async def _reach(
    campaign: Campaign,
    crossing: rules.Crossing,
    subject: str,
    advocate_id: int | None,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> Milestone:
    milestone = Milestone(
        campaign_id=campaign.id,
        rule_key=crossing.rule.key,
        kind=crossing.rule.kind,
        subject_key=subject,
        advocate_id=advocate_id if crossing.rule.kind is K.ADVOCATE_REFERRALS else None,
        threshold=crossing.rule.threshold,
        value=crossing.value,
        test=campaign.test_mode,
        reached_at=now,
    )
    await rows.insert(conn, milestone)
    await audit.record(
        actor=actor,
        action="milestone.reach",
        target=milestone,
        now=now,
        changes={"rule": [None, crossing.rule.key], "value": [None, crossing.value]},
        using=conn,
    )
    await notifications.enqueue_milestone(milestone, now, conn)
    return milestone
