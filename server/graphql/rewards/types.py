from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.graphql.analytics.types import Money
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import (
    CapPeriod,
    LedgerKind,
    RewardKind,
    RewardRecipient,
    RewardStatus,
    Trigger,
)
from server.graphql.errors import node_id
from server.graphql.node import Entity
from server.graphql.permissions import needs
from server.graphql.referrals.types import Referral, campaign_of
from server.graphql.scalars import BigInt
from server.graphql.staff_names import staff_label
from server.rewards.decide import REJECT_REASONS
from server.rewards.models import LedgerEntry as LedgerEntryModel
from server.rewards.models import Reward as RewardModel
from server.rewards.models import RewardRuleSet
from server.rewards.rules import Rule, Tier, approvals_needed
from server.rewards.service import limits_of, parse


@strawberry.type
class Reward(Entity):
    model: strawberry.Private[RewardModel]
    node_model: ClassVar[type[Model]] = RewardModel
    node_permission: ClassVar[Permission] = Permission.REWARDS_READ
    id: relay.NodeID[int]
    recipient: RewardRecipient
    kind: RewardKind
    description: str
    value: Money
    status: RewardStatus
    hold_until: datetime | None
    flagged: bool
    test: bool
    rule_version: int
    rule_key: str
    decided_by_stored: strawberry.Private[str | None]
    decided_at: datetime | None
    reject_reason: str | None
    reject_note: str
    external_reference: str | None
    tier: int | None = strawberry.field(
        description="The afterReferrals threshold of the tier that set the amount, if any."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, m: RewardModel) -> Reward:
        return cls(
            model=m,
            id=m.id,
            recipient=m.recipient,
            kind=m.kind,
            description=m.description,
            value=Money(amount=BigInt(m.amount), currency=m.currency),
            status=m.status,
            hold_until=m.hold_until,
            flagged=m.flagged,
            test=m.test,
            rule_version=m.rule_version,
            rule_key=m.rule_key,
            decided_by_stored=m.decided_by,
            decided_at=m.decided_at,
            reject_reason=m.reject_reason,
            reject_note=m.reject_note,
            external_reference=m.external_reference,
            tier=m.tier,
            created_at=m.created_at,
            updated_at=m.updated_at,
        )

    @strawberry.field(description="The reject reason's label (rewardRejectReasons), if rejected.")
    def reject_reason_label(self) -> str | None:
        reason = self.reject_reason
        return None if reason is None else REJECT_REASONS.get(reason, reason)

    @strawberry.field(
        description="Who decided: a staff member's email for callers with 'users:manage', "
        "their name for others; or auto, fraud review."
    )
    async def decided_by(self, info: Info) -> str | None:
        return await staff_label(info, self.decided_by_stored)

    @strawberry.field(description="Approvals so far (four-eyes rewards need two).")
    async def approvals(self, info: Info) -> int:
        return await info.context.loaders.approvals_of_reward.load(self.model.id)

    @strawberry.field(
        description="Distinct approvers this reward needs under its rule version's policy."
    )
    async def approvals_needed(self, info: Info) -> int:
        key = (self.model.campaign_id, self.model.rule_version)
        rule_set = await info.context.loaders.rule_set.load(key)
        assert rule_set is not None  # a reward always has its rule version
        return approvals_needed(self.model.amount, parse(rule_set)[1])

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign:
        return await campaign_of(info, self.model.campaign_id)

    @strawberry.field(
        extensions=needs(Permission.ADVOCATES_READ),
        description="Null (with a FORBIDDEN error) without advocates:read.",
    )
    async def referral(self, info: Info) -> Referral | None:
        found = await info.context.loaders.referral.load(self.model.referral_id)
        assert found is not None
        return Referral.of(found)


def _money(value: int | None) -> BigInt | None:
    return BigInt(value) if value is not None else None


@strawberry.type
class RewardTier:
    after_referrals: int
    fixed_amount: BigInt | None
    percent_bps: int | None
    max_amount: BigInt | None

    @classmethod
    def of(cls, t: Tier) -> RewardTier:
        return cls(
            after_referrals=t.after_referrals,
            fixed_amount=_money(t.fixed_amount),
            percent_bps=t.percent_bps,
            max_amount=_money(t.max_amount),
        )


@strawberry.type
class RewardRule:
    key: str
    recipient: RewardRecipient
    trigger: Trigger
    kind: RewardKind
    currency: str
    fixed_amount: BigInt | None
    percent_bps: int | None
    max_amount: BigInt | None
    min_order_amount: BigInt
    max_per_friend: int | None
    hold_days: int
    description: str
    tiers: list[RewardTier]

    @strawberry.field(description="fixedAmount as Money (null for a percentage).")
    def fixed_value(self) -> Money | None:
        return _value(self.fixed_amount, self.currency)

    @strawberry.field(description="maxAmount as Money.")
    def max_value(self) -> Money | None:
        return _value(self.max_amount, self.currency)

    @strawberry.field(description="minOrderAmount as Money: orders in another currency earn "
        "nothing from this rule, whatever their amount.")  # fmt: skip
    def min_order_value(self) -> Money:
        return Money(amount=self.min_order_amount, currency=self.currency)

    @classmethod
    def of(cls, r: Rule) -> RewardRule:
        return cls(
            key=r.key,
            recipient=r.recipient,
            trigger=r.trigger,
            kind=r.kind,
            currency=r.currency,
            fixed_amount=BigInt(r.fixed_amount) if r.fixed_amount is not None else None,
            percent_bps=r.percent_bps,
            max_amount=BigInt(r.max_amount) if r.max_amount is not None else None,
            min_order_amount=BigInt(r.min_order_amount),
            max_per_friend=r.max_per_friend,
            hold_days=r.hold_days,
            description=r.description,
            tiers=[RewardTier.of(t) for t in r.tiers],
        )


@strawberry.type(description="Advocate rewards an advocate may earn per UTC period.")
class AdvocateCap:
    period: CapPeriod
    max_count: int | None
    max_amount: BigInt | None = strawberry.field(description="In the campaign's currency.")


def _value(amount: BigInt | None, currency: str) -> Money | None:
    return Money(amount=amount, currency=currency) if amount is not None else None


@strawberry.type
class RewardRuleVersion:
    model: strawberry.Private[RewardRuleSet]
    version: int
    created_at: datetime
    created_by_user_id: strawberry.ID | None
    auto_approve_max: BigInt | None
    four_eyes_above: BigInt | None
    rules: list[RewardRule]
    advocate_cap: AdvocateCap | None
    budget: BigInt | None = strawberry.field(
        description="Total of all rewards not voided or rejected, in the campaign's currency."
    )
    pause_campaign_on_budget: bool

    async def _in_currency(self, info: Info, amount: BigInt | None) -> Money | None:
        campaign = await info.context.loaders.campaign.load(self.model.campaign_id)
        assert campaign is not None  # foreign keys guarantee it
        return _value(amount, campaign.currency)

    @strawberry.field(description="autoApproveMax as Money, in the campaign's currency.")
    async def auto_approve_max_value(self, info: Info) -> Money | None:
        return await self._in_currency(info, self.auto_approve_max)

    @strawberry.field(description="fourEyesAbove as Money, in the campaign's currency.")
    async def four_eyes_above_value(self, info: Info) -> Money | None:
        return await self._in_currency(info, self.four_eyes_above)

    @strawberry.field(description="budget as Money, in the campaign's currency.")
    async def budget_value(self, info: Info) -> Money | None:
        return await self._in_currency(info, self.budget)

    @classmethod
    def of(cls, m: RewardRuleSet) -> RewardRuleVersion:
        rules_, policy = parse(m)
        limits = limits_of(m)
        capped = limits.cap_count is not None or limits.cap_amount is not None
        return cls(
            model=m,
            version=m.version,
            created_at=m.created_at,
            created_by_user_id=node_id("StaffUser", m.created_by_user_id)
            if m.created_by_user_id
            else None,
            auto_approve_max=BigInt(policy.auto_approve_max)
            if policy.auto_approve_max is not None
            else None,
            four_eyes_above=BigInt(policy.four_eyes_above)
            if policy.four_eyes_above is not None
            else None,
            rules=[RewardRule.of(r) for r in rules_],
            advocate_cap=AdvocateCap(
                period=limits.cap_period,
                max_count=limits.cap_count,
                max_amount=_money(limits.cap_amount),
            )
            if capped
            else None,
            budget=_money(limits.budget),
            pause_campaign_on_budget=limits.pause_campaign_on_budget,
        )


@strawberry.type
class LedgerEntry(Entity):
    node_model: ClassVar[type[Model]] = LedgerEntryModel
    node_permission: ClassVar[Permission] = Permission.REWARDS_READ
    id: relay.NodeID[int]
    kind: LedgerKind
    amount: Money = strawberry.field(description="Signed: issued is positive, the rest negative.")
    reward_id: strawberry.ID | None
    test: bool
    created_at: datetime

    @classmethod
    def of(cls, m: LedgerEntryModel) -> LedgerEntry:
        return cls(
            id=m.id,
            kind=m.kind,
            amount=Money(amount=BigInt(m.amount), currency=m.currency),
            reward_id=node_id("Reward", m.reward_id) if m.reward_id else None,
            test=m.test,
            created_at=m.created_at,
        )
