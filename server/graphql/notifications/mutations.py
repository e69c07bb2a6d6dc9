from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.notifications.types import Notification, NotificationBatch
from server.graphql.permissions import mutation_needs
from server.notifications import service

ClaimNotificationsResult = Annotated[
    NotificationBatch | UserError, strawberry.union("ClaimNotificationsResult")
]
NotificationResult = Annotated[Notification | UserError, strawberry.union("NotificationResult")]


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.NOTIFICATIONS_DELIVER),
        description="Take up to `limit` deliverable notifications, oldest first, under a lease. "
        "Concurrent claimers never receive the same row.",
    )
    async def claim_notifications(
        self, info: Info, limit: int = 10, lease_seconds: int = 60
    ) -> ClaimNotificationsResult:
        async def run() -> NotificationBatch:
            batch = await service.claim(
                limit=limit, lease_seconds=lease_seconds, clock=info.context.clock
            )
            return NotificationBatch(
                lease_token=batch.lease_token,
                lease_expires_at=batch.lease_expires_at,
                notifications=[Notification.of(n) for n in batch.notifications],
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.NOTIFICATIONS_DELIVER),
        description="Only the lease holder may mark; repeating the same answer is harmless.",
    )
    async def mark_notification_delivered(
        self, info: Info, id: strawberry.ID, lease_token: str, channel: str, ts: str
    ) -> NotificationResult:
        async def run() -> Notification:
            row = await service.mark_delivered(
                notification_id=parse_id(id, "id", "Notification"),
                lease_token=lease_token,
                channel=channel,
                ts=ts,
                clock=info.context.clock,
            )
            return Notification.of(row)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.NOTIFICATIONS_DELIVER),
        description="Back to the queue after a backoff; given up after ten attempts.",
    )
    async def mark_notification_failed(
        self, info: Info, id: strawberry.ID, lease_token: str, error: str
    ) -> NotificationResult:
        async def run() -> Notification:
            row = await service.mark_failed(
                notification_id=parse_id(id, "id", "Notification"),
                lease_token=lease_token,
                error=error,
                clock=info.context.clock,
            )
            return Notification.of(row)

        return await attempt(run())
