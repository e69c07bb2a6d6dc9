"""Automated fulfilment, visible: each Stripe customer-balance credit, its status and error."""

from __future__ import annotations

from datetime import datetime

import strawberry

from server.accounts.permissions import Permission
from server.graphql.enums import NotificationStatus as OutboxStatus
from server.graphql.errors import node_id
from server.graphql.permissions import needs
from server.payouts.models import StripeCredit as StripeCreditModel

MAX_ROWS = 100


@strawberry.type
class StripeCredit:
    reward_id: strawberry.ID
    customer_id: str
    amount: int
    currency: str
    status: OutboxStatus
    attempts: int
    last_error: str
    next_attempt_at: datetime | None = strawberry.field(
        description="When a failed credit is tried again; null once given up or delivered."
    )
    stripe_object_id: str | None = strawberry.field(
        description="The customer balance transaction that credited the reward."
    )
    delivered_at: datetime | None

    @classmethod
    def of(cls, m: StripeCreditModel) -> StripeCredit:
        return cls(
            reward_id=node_id("Reward", m.reward_id),
            customer_id=m.customer_id,
            amount=m.amount,
            currency=m.currency,
            status=m.status,
            attempts=m.claims,
            last_error=m.last_error,
            next_attempt_at=m.next_attempt_at,
            stripe_object_id=m.stripe_object_id,
            delivered_at=m.delivered_at,
        )


@strawberry.type
class PayoutQueries:
    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="Stripe balance credits, newest first (at most 100), optionally by status.",
    )
    async def stripe_credits(
        self,
        status: OutboxStatus | None = None,
        first: int = 50,
    ) -> list[StripeCredit]:
        query = StripeCreditModel.all()
        if status is not None:
            query = query.filter(status=status)
        rows = await query.order_by("-id").limit(max(1, min(first, MAX_ROWS)))
        return [StripeCredit.of(r) for r in rows]
