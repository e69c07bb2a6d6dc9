from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.graphql.enums import RewardStatus
from server.graphql.errors import parse_id
from server.graphql.pagination import Connection, paginate
from server.graphql.permissions import needs
from server.graphql.rewards.types import Reward
from server.rewards.models import Reward as RewardModel


@strawberry.type
class RewardQueries:
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
    ) -> Connection[Reward]:
        query = RewardModel.all()
        if status is not None:
            query = query.filter(status=status)
        if campaign_id is not None:
            query = query.filter(campaign_id=parse_id(campaign_id, "campaignId"))
        return await paginate(query, first, after, Reward.of)
