from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.graphql.errors import parse_id
from server.graphql.milestones.types import Milestone, MilestoneRule
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs
from server.milestones.models import Milestone as MilestoneModel
from server.milestones.models import MilestoneRule as MilestoneRuleModel


@strawberry.type
class MilestoneQueries:
    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ), description="Newest first.")
    async def milestones(
        self,
        campaign_id: strawberry.ID | None = None,
        announced: bool | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Milestone]:
        query = MilestoneModel.all()
        if campaign_id is not None:
            query = query.filter(campaign_id=parse_id(campaign_id, "campaignId", "Campaign"))
        if announced is not None:
            query = query.filter(announced_at__isnull=not announced)
        return await paginate(
            query, Page.of(first, after, last, before), Milestone.of, newest_first=True
        )

    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ))
    async def milestone_rules(self, campaign_id: strawberry.ID) -> list[MilestoneRule]:
        rows = await MilestoneRuleModel.filter(
            campaign_id=parse_id(campaign_id, "campaignId", "Campaign")
        ).order_by("kind", "threshold")
        return [MilestoneRule.of(r) for r in rows]
