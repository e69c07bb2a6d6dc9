"""What an integration may read back about the friends and orders it reported: each reward's
id (`rewardId`), recipient (advocate or friend), status and value, and nothing about the
advocate."""

from __future__ import annotations

from datetime import datetime

import strawberry

from server.graphql.analytics.types import Money
from server.graphql.enums import RewardKind, RewardRecipient, RewardStatus
from server.graphql.errors import node_id
from server.graphql.scalars import BigInt
from server.rewards.models import Reward


@strawberry.type(
    description="A reward as the integration that reported the event sees it: no advocate "
    "identity, only who receives it (ADVOCATE or FRIEND), its status and value."
)
class ReportedReward:
    # Not `id`: Relay keys every object by its `id`, and the Reward's own type has this one.
    reward_id: strawberry.ID = strawberry.field(
        description="The reward's global id, as `Reward.id` (for staff: `reward(id:)`, "
        "`approveReward`)."
    )
    recipient: RewardRecipient
    kind: RewardKind
    status: RewardStatus
    value: Money
    hold_until: datetime | None
    decided_at: datetime | None
    test: bool

    @classmethod
    def of(cls, m: Reward) -> ReportedReward:
        return cls(
            reward_id=node_id("Reward", m.id),
            recipient=m.recipient,
            kind=m.kind,
            status=m.status,
            value=Money(amount=BigInt(m.amount), currency=m.currency),
            hold_until=m.hold_until,
            decided_at=m.decided_at,
            test=m.test,
        )


async def rewards_of(
    *, conversion_id: int | None = None, referral_id: int | None = None
) -> list[ReportedReward]:
    query = (
        Reward.filter(conversion_id=conversion_id)
        if conversion_id is not None
        else Reward.filter(referral_id=referral_id)
    )
    return [ReportedReward.of(r) for r in await query.order_by("id")]
