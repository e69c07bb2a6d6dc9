from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.graphql.context import Info
from server.graphql.integrations.types import Integration
from server.graphql.permissions import needs
from server.integrations import config
from server.integrations.models import Integration as IntegrationModel


@strawberry.type
class IntegrationQueries:
    @strawberry.field(
        extensions=needs(Permission.INTEGRATIONS_MANAGE),
        description="The configured inbound integrations (Stripe, Shopify).",
    )
    async def integrations(self, info: Info) -> list[Integration]:
        public_url = info.context.settings.public_url
        return [
            Integration.of(m, public_url, await config.event_counts(m.provider))
            for m in await IntegrationModel.all().order_by("provider")
        ]
