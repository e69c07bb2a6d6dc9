from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError

from server.accounts.permissions import Permission
from server.errors import Forbidden
from server.graphql.context import Info
from server.graphql.enums import NotificationStatus
from server.graphql.errors import parse_id
from server.graphql.live import CredentialWatch
from server.graphql.loaders import Loaders
from server.graphql.notifications.types import Notification
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs
from server.notifications import service, wakeup
from server.notifications.models import Notification as NotificationModel


@strawberry.type
class NotificationQueries:
    @strawberry.field(
        extensions=needs(Permission.NOTIFICATIONS_DELIVER), description="Oldest first."
    )
    async def notifications(
        self,
        status: NotificationStatus | None = None,
        reward_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Notification]:
        query = NotificationModel.all()
        if status is not None:
            query = query.filter(status=status)
        if reward_id is not None:
            # Where a reward's approval request was posted, so a decision taken elsewhere
            # can update that message too.
            query = query.filter(reward_id=parse_id(reward_id, "rewardId", "Reward"))
        return await paginate(query, Page.of(first, after, last, before), Notification.of)


@strawberry.type
class NotificationSubscriptions:
    @strawberry.subscription(
        description="Each notification as it is committed: a signal to claim. Claiming stays the "
        "only way to take one on, and the way to catch up after a disconnect."
    )
    async def notification_created(self, info: Info) -> AsyncGenerator[Notification, None]:
        ctx = info.context
        if not ctx.viewer.can(Permission.NOTIFICATIONS_DELIVER):
            # Raised as a GraphQLError with its code: streamed results get no codes added.
            denied = Forbidden(f"Needs the '{Permission.NOTIFICATIONS_DELIVER.value}' permission.")
            raise GraphQLError(denied.message, extensions={"code": denied.code.value})
        watch = CredentialWatch(ctx, Permission.NOTIFICATIONS_DELIVER)
        # Rows are read back from the database, so notifications written by any worker arrive.
        new_rows = wakeup.Waiter()  # before the first read: nothing committed after is missed
        last = await service.latest_id()
        while True:
            # Woken by new rows, and at least as often as the credential must be re-checked.
            await new_rows.wait(
                ctx.settings.subscription_poll_seconds,
                at_most=ctx.settings.subscription_recheck_seconds,
            )
            if not await watch.still_allowed():
                await watch.close()
            for row in await service.newer_than(last):
                if not await watch.still_allowed():  # cached: cheap for a burst of rows
                    await watch.close()
                last = row.id
                ctx.loaders = Loaders.create()  # a long-lived socket must not cache forever
                yield Notification.of(row)
