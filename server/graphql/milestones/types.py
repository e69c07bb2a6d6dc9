from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.advocates.rules import first_name
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import MilestoneKind
from server.graphql.errors import node_id
from server.graphql.node import Entity
from server.graphql.referrals.types import campaign_of
from server.graphql.scalars import BigInt
from server.milestones import rules
from server.milestones.models import Milestone as MilestoneModel
from server.milestones.models import MilestoneRule as MilestoneRuleModel


@strawberry.type
class Milestone(Entity):
    model: strawberry.Private[MilestoneModel]
    node_model: ClassVar[type[Model]] = MilestoneModel
    node_permission: ClassVar[Permission] = Permission.CAMPAIGNS_READ
    id: relay.NodeID[int]
    rule_key: str
    kind: MilestoneKind
    threshold: BigInt
    value: BigInt
    test: bool
    reached_at: datetime
    announced_at: datetime | None

    @classmethod
    def of(cls, m: MilestoneModel) -> Milestone:
        return cls(
            model=m,
            id=m.id,
            rule_key=m.rule_key,
            kind=m.kind,
            threshold=BigInt(m.threshold),
            value=BigInt(m.value),
            test=m.test,
            reached_at=m.reached_at,
            announced_at=m.announced_at,
        )

    @strawberry.field(description='What was reached, e.g. "100 conversions".')
    async def title(self, info: Info) -> str:
        campaign = await info.context.loaders.campaign.load(self.model.campaign_id)
        assert campaign is not None
        return rules.title(self.model.kind, self.model.threshold, campaign.currency)

    @strawberry.field(description="Advocate achievements only: the first name, nothing more.")
    async def advocate_first_name(self, info: Info) -> str | None:
        if self.model.advocate_id is None:
            return None
        found = await info.context.loaders.advocate.load(self.model.advocate_id)
        return first_name(found.name) if found is not None else None

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign:
        return await campaign_of(info, self.model.campaign_id)


@strawberry.type
class MilestoneRule(Entity):
    node_model: ClassVar[type[Model]] = MilestoneRuleModel
    node_permission: ClassVar[Permission] = Permission.CAMPAIGNS_READ
    id: relay.NodeID[int]
    key: str
    kind: MilestoneKind
    threshold: BigInt
    enabled: bool
    campaign_id: strawberry.ID

    @classmethod
    def of(cls, m: MilestoneRuleModel) -> MilestoneRule:
        return cls(
            id=m.id,
            key=m.key,
            kind=m.kind,
            threshold=BigInt(m.threshold),
            enabled=m.enabled,
            campaign_id=node_id("Campaign", m.campaign_id),
        )
