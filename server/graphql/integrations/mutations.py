from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.integrations.types import Integration
from server.graphql.permissions import mutation_needs
from server.integrations import config
from server.integrations.models import Provider
from server.integrations.rules import CONVERSION_EVENTS

IntegrationResult = Annotated[Integration | UserError, strawberry.union("IntegrationResult")]

_EVENTS = "; ".join(
    f"{p.value}: {', '.join(f'`{e}`' for e in events)}" for p, events in CONVERSION_EVENTS.items()
)


@strawberry.input
class ConfigureIntegrationInput:
    provider: Provider
    signing_secrets: list[str] | None = strawberry.field(
        default=None,
        description="Replaces the secrets, newest first (1-3): during a rotation give the new "
        "and the old one. Stripe: the endpoint's `whsec_...`; Shopify: the app's API secret "
        "(or the notification signing key). Never readable back.",
    )
    campaign_id: strawberry.ID | None = strawberry.field(
        default=None, description="Events that bring only an email count for this campaign."
    )
    clear_campaign: bool = False
    conversion_events: list[str] | None = strawberry.field(
        default=None, description=f"Which events create a conversion. {_EVENTS}."
    )
    shop_domain: str | None = strawberry.field(
        default=None, description="Shopify: only this shop's webhooks count (shop.myshopify.com)."
    )
    enabled: bool | None = None


@strawberry.type
class IntegrationMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.INTEGRATIONS_MANAGE),
        description="Connect or change an inbound integration; unset fields keep their value.",
    )
    async def configure_integration(
        self, info: Info, input: ConfigureIntegrationInput
    ) -> IntegrationResult:
        async def run() -> Integration:
            ctx = info.context
            change = config.Change(
                signing_secrets=input.signing_secrets,
                campaign_id=(
                    parse_id(input.campaign_id, "campaignId", kind="Campaign")
                    if input.campaign_id is not None
                    else None
                ),
                clear_campaign=input.clear_campaign,
                conversion_events=input.conversion_events,
                shop_domain=input.shop_domain,
                enabled=input.enabled,
            )
            saved = await config.configure(
                provider=input.provider,
                change=change,
                box=ctx.services.secret_box,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            counts = await config.event_counts(saved.provider)
            return Integration.of(saved, ctx.settings.public_url, counts)

        return await attempt(run())
