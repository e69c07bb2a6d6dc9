from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.graphql.context import Info
from server.graphql.enums import MilestoneKind
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.milestones.types import MilestoneRule
from server.graphql.permissions import mutation_needs
from server.graphql.scalars import BigInt
from server.milestones import service

MilestoneRuleResult = Annotated[MilestoneRule | UserError, strawberry.union("MilestoneRuleResult")]


@strawberry.input
class CreateMilestoneRuleInput:
    campaign_id: strawberry.ID
    kind: MilestoneKind
    threshold: BigInt = strawberry.field(
        description="A count, minor units for REVENUE, or a percent for OBJECTIVE_PERCENT."
    )


@strawberry.type
class MilestoneMutations:
    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def create_milestone_rule(
        self, info: Info, input: CreateMilestoneRuleInput
    ) -> MilestoneRuleResult:
        async def run() -> MilestoneRule:
            ctx = info.context
            rule = await service.create_rule(
                campaign_id=parse_id(input.campaign_id, "campaignId", "Campaign"),
                kind=input.kind,
                threshold=int(input.threshold),
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return MilestoneRule.of(rule)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.CAMPAIGNS_WRITE),
        description="Switch a rule on or off; reached milestones stay as they are.",
    )
    async def update_milestone_rule(
        self, info: Info, id: strawberry.ID, enabled: bool
    ) -> MilestoneRuleResult:
        async def run() -> MilestoneRule:
            ctx = info.context
            rule = await service.set_rule_enabled(
                rule_id=parse_id(id, "id", "MilestoneRule"),
                enabled=enabled,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return MilestoneRule.of(rule)

        return await attempt(run())
