from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.graphql.errors import node_id
from server.graphql.node import Entity
from server.webhooks.models import WebhookAttempt as AttemptModel
from server.webhooks.models import WebhookDelivery as DeliveryModel
from server.webhooks.models import WebhookEndpoint as EndpointModel
from server.webhooks.models import WebhookEvent as EventModel


@strawberry.type(description="An event type an endpoint may subscribe to.")
class WebhookEventTypeInfo:
    name: str = strawberry.field(
        description="As sent in `eventTypes` and in each event's `type` (e.g. `reward.approved`)."
    )
    description: str


@strawberry.type(description="A URL that receives signed events (Standard Webhooks).")
class WebhookEndpoint(Entity):
    node_model: ClassVar[type[Model]] = EndpointModel
    node_permission: ClassVar[Permission] = Permission.WEBHOOKS_MANAGE
    id: relay.NodeID[int]
    url: str
    description: str
    event_types: list[str] = strawberry.field(
        description="Event types it receives (e.g. `reward.approved`); empty: every type."
    )
    include_test: bool = strawberry.field(description="Also receives test-mode campaigns' events.")
    enabled: bool
    disabled_reason: str
    consecutive_failures: int
    secret_rotation_ends_at: datetime | None = strawberry.field(
        description="Until then requests carry a second signature made with the previous secret."
    )
    created_at: datetime

    @classmethod
    def of(cls, m: EndpointModel) -> WebhookEndpoint:
        return cls(
            id=m.id,
            url=m.url,
            description=m.description,
            event_types=list(m.event_types),
            include_test=m.include_test,
            enabled=m.enabled,
            disabled_reason=m.disabled_reason,
            consecutive_failures=m.consecutive_failures,
            secret_rotation_ends_at=m.previous_secret_expires_at,
            created_at=m.created_at,
        )


@strawberry.type(description="A new or rotated endpoint's signing secret: shown this once only.")
class WebhookEndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str


@strawberry.type(description="One HTTP attempt of a delivery.")
class WebhookAttempt:
    status_code: int | None
    latency_ms: int
    response_excerpt: str
    error: str
    ok: bool
    attempted_at: datetime

    @classmethod
    def of(cls, m: AttemptModel) -> WebhookAttempt:
        return cls(
            status_code=m.status_code,
            latency_ms=m.latency_ms,
            response_excerpt=m.response_excerpt,
            error=m.error,
            ok=m.ok,
            attempted_at=m.attempted_at,
        )


@strawberry.type(description="One event sent to one endpoint, with every attempt.")
class WebhookDelivery(Entity):
    model: strawberry.Private[DeliveryModel]
    node_model: ClassVar[type[Model]] = DeliveryModel
    node_permission: ClassVar[Permission] = Permission.WEBHOOKS_MANAGE
    id: relay.NodeID[int]
    endpoint_id: strawberry.ID
    status: str = strawberry.field(description="pending, claimed, delivered or failed.")
    replay: int = strawberry.field(description="0 for the original, n for the n-th replay.")
    next_attempt_at: datetime | None = strawberry.field(
        description="Null on a failed delivery: given up after its last attempt."
    )
    last_error: str
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, m: DeliveryModel) -> WebhookDelivery:
        return cls(
            model=m,
            id=m.id,
            endpoint_id=node_id("WebhookEndpoint", m.endpoint_id),
            status=m.status.value,
            replay=m.replay,
            next_attempt_at=m.next_attempt_at,
            last_error=m.last_error,
            delivered_at=m.delivered_at,
            created_at=m.created_at,
        )

    @strawberry.field(description="The webhook-id header: the same for every replay.")
    async def event_id(self) -> str:
        event = await EventModel.get(id=self.model.event_id)
        return event.msg_id

    @strawberry.field
    async def event_type(self) -> str:
        event = await EventModel.get(id=self.model.event_id)
        return event.event_type

    @strawberry.field(description="Oldest first.")
    async def attempts(self) -> list[WebhookAttempt]:
        rows = await AttemptModel.filter(delivery_id=self.model.id).order_by("id")
        return [WebhookAttempt.of(r) for r in rows]
