from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import NotificationKind, NotificationStatus
from server.graphql.milestones.types import Milestone
from server.graphql.node import Entity
from server.graphql.referrals.types import campaign_of
from server.graphql.rewards.types import Reward
from server.notifications.models import Notification as NotificationModel


@strawberry.type
class Notification(Entity):
    model: strawberry.Private[NotificationModel]
    node_model: ClassVar[type[Model]] = NotificationModel
    node_permission: ClassVar[Permission] = Permission.NOTIFICATIONS_DELIVER
    id: relay.NodeID[int]
    kind: NotificationKind
    status: NotificationStatus
    test: bool
    attempts: int = strawberry.field(
        description="Delivery attempts before the current claim: above 0, check whether an "
        "earlier attempt already posted before posting again."
    )
    delivered_channel: str | None
    delivered_ts: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: NotificationModel) -> Notification:
        return cls(
            model=m,
            id=m.id,
            kind=m.kind,
            status=m.status,
            test=m.test,
            attempts=max(m.claims - 1, 0),
            delivered_channel=m.delivered_channel,
            delivered_ts=m.delivered_ts,
            created_at=m.created_at,
        )

    @strawberry.field(description="What a notice about no milestone or reward says.")
    def detail(self) -> str:
        return self.model.detail

    @strawberry.field(description="Null for a notice about no campaign (a webhook endpoint).")
    async def campaign(self, info: Info) -> Campaign | None:
        if self.model.campaign_id is None:
            return None
        return await campaign_of(info, self.model.campaign_id)

    @strawberry.field
    async def milestone(self, info: Info) -> Milestone | None:
        if self.model.milestone_id is None:
            return None
        found = await info.context.loaders.milestone.load(self.model.milestone_id)
        return Milestone.of(found) if found is not None else None

    @strawberry.field
    async def reward(self, info: Info) -> Reward | None:
        if self.model.reward_id is None:
            return None
        found = await info.context.loaders.reward.load(self.model.reward_id)
        return Reward.of(found) if found is not None else None


@strawberry.type
class NotificationBatch:
    lease_token: str
    lease_expires_at: datetime
    notifications: list[Notification]
