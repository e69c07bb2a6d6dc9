from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.graphql.errors import parse_id
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs
from server.graphql.webhooks.types import WebhookDelivery, WebhookEndpoint, WebhookEventTypeInfo
from server.webhooks.models import WebhookDelivery as DeliveryModel
from server.webhooks.models import WebhookEndpoint as EndpointModel
from server.webhooks.rules import DESCRIPTIONS, WebhookEventType


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        extensions=needs(Permission.WEBHOOKS_MANAGE),
        description="Every event type an endpoint may subscribe to (`eventTypes`), in order.",
    )
    def webhook_event_types(self) -> list[WebhookEventTypeInfo]:
        return [WebhookEventTypeInfo(name=e.value, description=DESCRIPTIONS[e])
                for e in WebhookEventType]  # fmt: skip

    @strawberry.field(extensions=needs(Permission.WEBHOOKS_MANAGE), description="Oldest first.")
    async def webhook_endpoints(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookEndpoint]:
        page = Page.of(first, after, last, before)
        return await paginate(EndpointModel.all(), page, WebhookEndpoint.of)

    @strawberry.field(
        extensions=needs(Permission.WEBHOOKS_MANAGE),
        description="The delivery log, newest first.",
    )
    async def webhook_deliveries(
        self,
        endpoint_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookDelivery]:
        query = DeliveryModel.all()
        if endpoint_id is not None:
            query = query.filter(
                endpoint_id=parse_id(endpoint_id, "endpointId", kind="WebhookEndpoint")
            )
        page = Page.of(first, after, last, before)
        return await paginate(query, page, WebhookDelivery.of, newest_first=True)
