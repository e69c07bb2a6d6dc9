from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.graphql.analytics.types import Money
from server.graphql.context import Info
from server.graphql.enums import Refusal, RewardKind, RewardRecipient, RewardStatus
from server.graphql.errors import inputs_named, parse_id
from server.graphql.fraud.types import FraudSignal
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs
from server.graphql.rewards.types import Reward
from server.graphql.scalars import BigInt
from server.rewards import service
from server.rewards.decide import REJECT_REASONS
from server.rewards.models import Reward as RewardModel


@strawberry.type(description="A reason staff may give rejectReward, with its label.")
class RewardRejectReason:
    name: str = strawberry.field(description="As sent in rejectReward's `reason`.")
    label: str


# Money checks shared with events name `amount` and `currency`: here they are the scenario's.
SCENARIO_FIELDS = {"amount": "scenario.orderAmount", "currency": "scenario.currency"}


@strawberry.type
class RewardQueries:
    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="Every reason rejectReward / rejectRewards take, in order.",
    )
    def reward_reject_reasons(self) -> list[RewardRejectReason]:
        return [RewardRejectReason(name=k, label=v) for k, v in REJECT_REASONS.items()]

    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="Oldest first, so a review queue is worked in order.",
    )
    async def rewards(
        self,
        status: RewardStatus | None = None,
        campaign_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        advocate_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the rewards this advocate receives."),
        ] = None,
    ) -> Connection[Reward]:
        query = RewardModel.all()
        if status is not None:
            query = query.filter(status=status)
        if campaign_id is not None:
            query = query.filter(campaign_id=parse_id(campaign_id, "campaignId", "Campaign"))
        if advocate_id is not None:
            query = query.filter(advocate_id=parse_id(advocate_id, "advocateId", "Advocate"))
        return await paginate(query, Page.of(first, after, last, before), Reward.of)

    @strawberry.field(extensions=needs(Permission.REWARDS_READ), description="Null if unknown.")
    async def reward(self, id: strawberry.ID) -> Reward | None:
        found = await RewardModel.get_or_none(id=parse_id(id, "id", "Reward"))
        return Reward.of(found) if found is not None else None


@strawberry.input
class RewardScenario:
    advocate_email: str
    friend_email: str
    order_amount: BigInt = strawberry.field(description="Order total in minor units.")
    currency: str
    first_purchase: bool = True
    at: datetime | None = strawberry.field(
        default=None, description="When the order happens; now if omitted."
    )


@strawberry.type
class PreviewedReward:
    recipient: RewardRecipient
    rule_key: str
    kind: RewardKind
    description: str
    value: Money
    hold_until: datetime
    status_after_hold: RewardStatus = strawberry.field(
        description="APPROVED when the policy approves it by itself, else AWAITING_APPROVAL."
    )
    approvals_needed: int
    tier: int | None = strawberry.field(
        description="The tier reached with the advocate's current successful referrals."
    )

    @classmethod
    def of(cls, p: service.PreviewAward) -> PreviewedReward:
        return cls(
            recipient=p.award.rule.recipient,
            rule_key=p.award.rule.key,
            kind=p.award.rule.kind,
            description=p.award.rule.description,
            value=Money(amount=BigInt(p.award.amount), currency=p.award.currency),
            hold_until=p.hold_until,
            status_after_hold=p.after_hold,
            approvals_needed=p.approvals_needed,
            tier=p.award.tier,
        )


@strawberry.type
class WithheldReward:
    reward: PreviewedReward
    reason: Refusal


@strawberry.type
class RewardPreview:
    rule_version: int | None
    rewards: list[PreviewedReward]
    refused: str | None = strawberry.field(description="Why nobody would be rewarded, if so.")
    withheld: list[WithheldReward] = strawberry.field(
        description="Rewards the rules give but the advocate's caps or the budget would stop, "
        "given what counts against them now."
    )
    fraud_signals: list[FraudSignal] = strawberry.field(
        description="Fraud rules the friend's identity would trip with this advocate (self-"
        "referral, invalid or disposable email, blocklists); a FLAG sends every reward to a "
        "person, a BLOCK refuses them all."
    )


@strawberry.type
class RewardPreviewQueries:
    @strawberry.field(
        extensions=needs(Permission.CAMPAIGNS_READ),
        description="Who would receive what, when, under which rule version: writes nothing.",
    )
    async def preview_reward(
        self, info: Info, campaign_id: strawberry.ID, scenario: RewardScenario
    ) -> RewardPreview:
        with inputs_named(SCENARIO_FIELDS):
            done = await service.preview(
                campaign_id=parse_id(campaign_id, "campaignId", "Campaign"),
                advocate_email=scenario.advocate_email,
                friend_email=scenario.friend_email,
                order_amount=int(scenario.order_amount),
                currency=scenario.currency,
                first_purchase=scenario.first_purchase,
                at=scenario.at,
                clock=info.context.clock,
            )
        return RewardPreview(
            rule_version=done.rule_version,
            rewards=[PreviewedReward.of(p) for p in done.awards],
            refused=done.refused,
            withheld=[
                WithheldReward(reward=PreviewedReward.of(p), reason=why) for p, why in done.withheld
            ],
            fraud_signals=[
                FraudSignal.of(
                    s, blocklist_visible=info.context.viewer.can(Permission.FRAUD_REVIEW)
                )
                for s in done.fraud_signals
            ],
        )
