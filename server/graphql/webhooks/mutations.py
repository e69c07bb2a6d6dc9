from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs
from server.graphql.webhooks.types import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
)
from server.webhooks import service
from server.webhooks.rules import WebhookEventType

WebhookEndpointSecretResult = Annotated[
    WebhookEndpointWithSecret | UserError, strawberry.union("WebhookEndpointSecretResult")
]
WebhookEndpointResult = Annotated[
    WebhookEndpoint | UserError, strawberry.union("WebhookEndpointResult")
]
WebhookDeliveryResult = Annotated[
    WebhookDelivery | UserError, strawberry.union("WebhookDeliveryResult")
]

_TYPES = ", ".join(f"`{e.value}`" for e in WebhookEventType)


@strawberry.type
class WebhookEndpointDeleted:
    # Not `id`: Relay keys every object by its `id`, and this one is the endpoint's (Relay's
    # @deleteRecord takes this field to drop the endpoint from its store).
    deleted_id: strawberry.ID = strawberry.field(description="The endpoint that was deleted.")


@strawberry.type(description="The test event was queued; its delivery shows in the log.")
class WebhookTestSent:
    event_id: str


WebhookDeleteResult = Annotated[
    WebhookEndpointDeleted | UserError, strawberry.union("WebhookDeleteResult")
]
WebhookTestResult = Annotated[WebhookTestSent | UserError, strawberry.union("WebhookTestResult")]


@strawberry.input
class CreateWebhookEndpointInput:
    url: str
    event_types: list[str] = strawberry.field(
        default_factory=list, description=f"Any of {_TYPES}; empty: every type."
    )
    description: str = ""
    include_test: bool = False


@strawberry.input
class UpdateWebhookEndpointInput:
    id: strawberry.ID
    url: str | None = None
    event_types: list[str] | None = None
    description: str | None = None
    include_test: bool | None = None
    enabled: bool | None = strawberry.field(
        default=None, description="true re-enables an endpoint disabled after failures."
    )


def _endpoint_id(value: strawberry.ID, field: str = "id") -> int:
    return parse_id(value, field, kind="WebhookEndpoint")


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.WEBHOOKS_MANAGE),
        description="The signing secret is in this answer only; it cannot be read back.",
    )
    async def create_webhook_endpoint(
        self, info: Info, input: CreateWebhookEndpointInput
    ) -> WebhookEndpointSecretResult:
        async def run() -> WebhookEndpointWithSecret:
            ctx = info.context
            made = await service.create_endpoint(
                url=input.url,
                event_types=input.event_types,
                description=input.description,
                include_test=input.include_test,
                production=ctx.settings.is_production,
                box=ctx.services.secret_box,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return WebhookEndpointWithSecret(
                endpoint=WebhookEndpoint.of(made.endpoint), secret=made.secret
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.WEBHOOKS_MANAGE))
    async def update_webhook_endpoint(
        self, info: Info, input: UpdateWebhookEndpointInput
    ) -> WebhookEndpointResult:
        async def run() -> WebhookEndpoint:
            ctx = info.context
            return WebhookEndpoint.of(
                await service.update_endpoint(
                    endpoint_id=_endpoint_id(input.id),
                    url=input.url,
                    event_types=input.event_types,
                    description=input.description,
                    include_test=input.include_test,
                    enabled=input.enabled,
                    production=ctx.settings.is_production,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.WEBHOOKS_MANAGE))
    async def delete_webhook_endpoint(self, info: Info, id: strawberry.ID) -> WebhookDeleteResult:
        async def run() -> WebhookEndpointDeleted:
            ctx = info.context
            await service.delete_endpoint(
                endpoint_id=_endpoint_id(id), actor=ctx.actor, clock=ctx.clock
            )
            return WebhookEndpointDeleted(deleted_id=id)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.WEBHOOKS_MANAGE),
        description="A new secret, shown once; the previous one also signs for 24 hours.",
    )
    async def rotate_webhook_secret(
        self, info: Info, id: strawberry.ID
    ) -> WebhookEndpointSecretResult:
        async def run() -> WebhookEndpointWithSecret:
            ctx = info.context
            made = await service.rotate_secret(
                endpoint_id=_endpoint_id(id),
                box=ctx.services.secret_box,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return WebhookEndpointWithSecret(
                endpoint=WebhookEndpoint.of(made.endpoint), secret=made.secret
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.WEBHOOKS_MANAGE),
        description="Send the delivery's event again (same webhook-id) as a new delivery.",
    )
    async def replay_webhook_delivery(self, info: Info, id: strawberry.ID) -> WebhookDeliveryResult:
        async def run() -> WebhookDelivery:
            ctx = info.context
            return WebhookDelivery.of(
                await service.replay(
                    delivery_id=parse_id(id, "id", kind="WebhookDelivery"),
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.WEBHOOKS_MANAGE),
        description="Queue a `webhook.test` event for this endpoint alone.",
    )
    async def send_test_webhook(self, info: Info, id: strawberry.ID) -> WebhookTestResult:
        async def run() -> WebhookTestSent:
            ctx = info.context
            event = await service.send_test(
                endpoint_id=_endpoint_id(id), actor=ctx.actor, clock=ctx.clock
            )
            return WebhookTestSent(event_id=event.msg_id)

        return await attempt(run())
