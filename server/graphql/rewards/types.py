from __future__ import annotations

from datetime import datetime

import strawberry

from server.accounts.permissions import Permission
from server.graphql.analytics.types import Money
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import RewardKind, RewardRecipient, RewardStatus
from server.graphql.permissions import needs
from server.graphql.referrals.types import Referral
from server.graphql.scalars import BigInt
from server.rewards.models import Reward as RewardModel


@strawberry.type
class Reward:
    model: strawberry.Private[RewardModel]
    id: strawberry.ID
    recipient: RewardRecipient
    kind: RewardKind
    description: str
    value: Money
    status: RewardStatus
    hold_until: datetime | None
    test: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, m: RewardModel) -> Reward:
        return cls(
            model=m,
            id=strawberry.ID(str(m.id)),
            recipient=m.recipient,
            kind=m.kind,
            description=m.description,
            value=Money(amount=BigInt(m.amount), currency=m.currency),
            status=m.status,
            hold_until=m.hold_until,
            test=m.test,
            created_at=m.created_at,
            updated_at=m.updated_at,
        )

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign:
        found = await info.context.loaders.campaign.load(self.model.campaign_id)
        assert found is not None
        return Campaign.of(found)

    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def referral(self, info: Info) -> Referral:
        found = await info.context.loaders.referral.load(self.model.referral_id)
        assert found is not None
        return Referral.of(found)
