"""Tell Slack (through the notifications outbox the bot delivers) that an endpoint was
disabled."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from server.notifications.models import Notification, NotificationKind
from server.webhooks.models import WebhookEndpoint


async def endpoint_disabled(
    endpoint: WebhookEndpoint, *, now: datetime, conn: BaseDBAsyncClient
) -> None:
    earlier = (
        await Notification.filter(dedupe_key__startswith=f"webhook-endpoint:{endpoint.id}:")
        .using_db(conn)
        .count()
    )
    await Notification.create(
        kind=NotificationKind.WEBHOOK_ENDPOINT_DISABLED,
        dedupe_key=f"webhook-endpoint:{endpoint.id}:{earlier + 1}",
        campaign_id=None,
        detail=(
            f"Webhook endpoint {endpoint.url[:200]} was disabled: {endpoint.disabled_reason}. "
            "Fix the receiver, then enable it again with updateWebhookEndpoint."
        ),
        created_at=now,
        updated_at=now,
        using_db=conn,
    )
