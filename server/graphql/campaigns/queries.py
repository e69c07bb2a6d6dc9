from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.campaigns import service
from server.campaigns.models import Campaign as CampaignModel
from server.errors import DomainError
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import CampaignStatus
from server.graphql.errors import parse_id
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs


@strawberry.type
class CampaignQueries:
    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ), description="Newest first.")
    async def campaigns(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        status: CampaignStatus | None = None,
    ) -> Connection[Campaign]:
        query = CampaignModel.all()
        if status is not None:
            query = query.filter(status=status)
        return await paginate(
            query, Page.of(first, after, last, before), Campaign.of, newest_first=True
        )

    @strawberry.field(
        extensions=needs(Permission.CAMPAIGNS_READ),
        description="By id or slug; null when there is none.",
    )
    async def campaign(
        self, info: Info, id: strawberry.ID | None = None, slug: str | None = None
    ) -> Campaign | None:
        try:
            found = await service.get(
                campaign_id=parse_id(id, "id", "Campaign") if id is not None else None,
                slug=slug,
                kept=info.context.services.campaigns,
            )
        except DomainError as exc:
            if exc.field in {"id", "slug"} and exc.code.value == "NOT_FOUND":
                return None
            raise
        campaign = Campaign.of(found)
        campaign.alone = True
        return campaign
