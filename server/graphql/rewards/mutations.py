from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.errors import DomainError, InvalidInput
from server.graphql.context import Info
from server.graphql.enums import CapPeriod, RewardKind, RewardRecipient, Trigger
from server.graphql.errors import UserError, attempt, node_id, parse_id
from server.graphql.permissions import mutation_needs
from server.graphql.rewards.types import Reward, RewardRuleVersion
from server.graphql.scalars import BigInt
from server.rewards import service
from server.rewards.decide import REJECT_REASONS
from server.rewards.models import Reward as RewardModel
from server.rewards.rules import Limits, Policy, Rule, Tier

_REASONS = ", ".join(f"`{r}`" for r in REJECT_REASONS)


@strawberry.input(
    description="From the advocate's afterReferrals-th successful referral on (before the one "
    "being rewarded), this amount replaces the rule's. The highest reached tier applies."
)
class RewardTierInput:
    after_referrals: int
    fixed_amount: BigInt | None = None
    percent_bps: int | None = None
    max_amount: BigInt | None = None


@strawberry.input(
    description="Per advocate, per UTC period (weeks start on Monday): an advocate reward that "
    "would exceed a cap is not created (never shrunk); the refusal is audited."
)
class AdvocateCapInput:
    period: CapPeriod = CapPeriod.ALL_TIME
    max_count: int | None = None
    max_amount: BigInt | None = strawberry.field(
        default=None, description="In the campaign's currency."
    )


@strawberry.input
class RewardRuleInput:
    key: str
    recipient: RewardRecipient
    trigger: Trigger
    kind: RewardKind
    currency: str
    fixed_amount: BigInt | None = None
    percent_bps: int | None = strawberry.field(default=None, description="1% = 100.")
    max_amount: BigInt | None = None
    min_order_amount: BigInt = BigInt(0)
    max_per_friend: int | None = strawberry.field(
        default=None, description="EVERY_PURCHASE only: rewards per friend at most."
    )
    hold_days: int = 0
    description: str = ""
    tiers: list[RewardTierInput] = strawberry.field(
        default_factory=list, description="Advocate rules only; thresholds strictly increasing."
    )


@strawberry.input
class SetRewardRulesInput:
    campaign_id: strawberry.ID
    rules: list[RewardRuleInput]
    auto_approve_max: BigInt | None = strawberry.field(
        default=None, description="Unflagged rewards up to this amount approve themselves."
    )
    four_eyes_above: BigInt | None = strawberry.field(
        default=None, description="Rewards above this amount need two distinct approvers."
    )
    advocate_cap: AdvocateCapInput | None = None
    budget: BigInt | None = strawberry.field(
        default=None,
        description="In the campaign's currency: all rewards not voided or rejected count. "
        "A reward that would exceed it is not created; the refusal is audited "
        "(reward.budget_exhausted).",
    )
    pause_campaign_on_budget: bool = strawberry.field(
        default=False, description="Also pause an active campaign when its budget refuses a reward."
    )


@strawberry.type
class RewardDecision:
    reward: Reward
    approvals: int
    approvals_needed: int


@strawberry.type
class BulkFailure:
    # Not `id`: Relay keys every object by its `id`, and this one is the Reward's.
    reward_id: strawberry.ID = strawberry.field(description="The reward that was refused.")
    error: UserError


@strawberry.type
class BulkResult:
    succeeded: list[Reward]
    failed: list[BulkFailure]


RuleVersionResult = Annotated[RewardRuleVersion | UserError, strawberry.union("RuleVersionResult")]
DecisionResult = Annotated[RewardDecision | UserError, strawberry.union("DecisionResult")]
RewardResult = Annotated[Reward | UserError, strawberry.union("RewardResult")]
BulkOutcome = Annotated[BulkResult | UserError, strawberry.union("BulkOutcome")]


def _rule(r: RewardRuleInput) -> Rule:
    return Rule(
        key=r.key.strip(),
        recipient=r.recipient,
        trigger=r.trigger,
        kind=r.kind,
        currency=r.currency.upper(),
        fixed_amount=int(r.fixed_amount) if r.fixed_amount is not None else None,
        percent_bps=r.percent_bps,
        max_amount=int(r.max_amount) if r.max_amount is not None else None,
        min_order_amount=int(r.min_order_amount),
        max_per_friend=r.max_per_friend,
        hold_days=r.hold_days,
        description=r.description.strip(),
        tiers=tuple(
            Tier(
                after_referrals=t.after_referrals,
                fixed_amount=_int(t.fixed_amount),
                percent_bps=t.percent_bps,
                max_amount=_int(t.max_amount),
            )
            for t in r.tiers
        ),
    )


def _int(value: BigInt | None) -> int | None:
    return int(value) if value is not None else None


def _limits(data: SetRewardRulesInput) -> Limits:
    cap = data.advocate_cap
    return Limits(
        cap_period=cap.period if cap else CapPeriod.ALL_TIME,
        cap_count=cap.max_count if cap else None,
        cap_amount=_int(cap.max_amount) if cap else None,
        budget=_int(data.budget),
        pause_campaign_on_budget=data.pause_campaign_on_budget,
    )


def _ids(ids: list[strawberry.ID]) -> dict[int, str]:
    """Each reward's key and the input path of its first mention (`ids.3`)."""
    if not 1 <= len(ids) <= service.BULK_MAX:
        raise InvalidInput(f"Give 1 to {service.BULK_MAX} ids.", field="ids")
    found: dict[int, str] = {}
    for n, raw in enumerate(ids):
        found.setdefault(parse_id(raw, f"ids.{n}", "Reward"), f"ids.{n}")
    return found


async def _bulk(
    ids: list[strawberry.ID], one: Callable[[int], Awaitable[RewardModel]]
) -> BulkResult:
    """Each reward is decided on its own; one failure does not stop the rest. A failure's
    field is the reward's place in `ids` where the use-case names the reward (`id`)."""
    ok, failed = [], []
    for reward_id, path in _ids(ids).items():
        try:
            ok.append(Reward.of(await one(reward_id)))
        except DomainError as exc:
            failed.append(
                BulkFailure(
                    reward_id=node_id("Reward", reward_id), error=UserError.of(exc, {"id": path})
                )
            )
    return BulkResult(succeeded=ok, failed=failed)


@strawberry.type
class RewardMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.CAMPAIGNS_WRITE),
        description="Creates a new version; earlier versions stay as they were.",
    )
    async def set_reward_rules(self, info: Info, input: SetRewardRulesInput) -> RuleVersionResult:
        async def run() -> RewardRuleVersion:
            ctx = info.context
            made = await service.set_rules(
                campaign_id=parse_id(input.campaign_id, "campaignId", "Campaign"),
                rules_=[_rule(r) for r in input.rules],
                policy=Policy(
                    int(input.auto_approve_max) if input.auto_approve_max is not None else None,
                    int(input.four_eyes_above) if input.four_eyes_above is not None else None,
                ),
                limits=_limits(input),
                viewer=ctx.viewer,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return RewardRuleVersion.of(made)

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.REWARDS_APPROVE))
    async def approve_reward(self, info: Info, id: strawberry.ID) -> DecisionResult:
        async def run() -> RewardDecision:
            ctx = info.context
            done = await service.approve(
                reward_id=parse_id(id, "id", "Reward"),
                viewer=ctx.viewer,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return RewardDecision(
                reward=Reward.of(done.reward),
                approvals=done.approvals,
                approvals_needed=done.needed,
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description=f"reason: one of {_REASONS} (rewardRejectReasons). "
        "The advocate sees the reason in their portal.",
    )
    async def reject_reward(
        self, info: Info, id: strawberry.ID, reason: str, note: str = ""
    ) -> RewardResult:
        async def run() -> Reward:
            ctx = info.context
            return Reward.of(
                await service.reject(
                    reward_id=parse_id(id, "id", "Reward"),
                    reason=reason,
                    note=note,
                    viewer=ctx.viewer,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.REWARDS_APPROVE))
    async def unapprove_reward(self, info: Info, id: strawberry.ID) -> RewardResult:
        async def run() -> Reward:
            ctx = info.context
            return Reward.of(
                await service.unapprove(
                    reward_id=parse_id(id, "id", "Reward"), actor=ctx.actor, clock=ctx.clock
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description="Record the payout: a coupon code, payout id or similar reference. Sent "
        "again with the same reference (a retry), it answers the reward and writes nothing; "
        "another reference for a fulfilled reward is a CONFLICT.",
    )
    async def fulfill_reward(
        self, info: Info, id: strawberry.ID, external_reference: str
    ) -> RewardResult:
        async def run() -> Reward:
            ctx = info.context
            return Reward.of(
                await service.fulfill(
                    reward_id=parse_id(id, "id", "Reward"),
                    external_reference=external_reference,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description="Up to 100 rewards; each is decided on its own.",
    )
    async def approve_rewards(self, info: Info, ids: list[strawberry.ID]) -> BulkOutcome:
        ctx = info.context

        async def one(reward_id: int) -> RewardModel:
            done = await service.approve(
                reward_id=reward_id, viewer=ctx.viewer, actor=ctx.actor, clock=ctx.clock
            )
            return done.reward

        return await attempt(_bulk(ids, one))

    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description="Up to 100 rewards, all with the same reason.",
    )
    async def reject_rewards(
        self, info: Info, ids: list[strawberry.ID], reason: str, note: str = ""
    ) -> BulkOutcome:
        ctx = info.context

        async def one(reward_id: int) -> RewardModel:
            return await service.reject(
                reward_id=reward_id,
                reason=reason,
                note=note,
                viewer=ctx.viewer,
                actor=ctx.actor,
                clock=ctx.clock,
            )

        return await attempt(_bulk(ids, one))
