from __future__ import annotations

from datetime import datetime

import strawberry

from server.graphql.errors import node_id
from server.integrations.models import EventStatus, Provider
from server.integrations.models import Integration as IntegrationModel
from server.integrations.rules import ENDPOINT_PATHS

strawberry.enum(Provider, name="IntegrationProvider")


@strawberry.type(description="How many of the provider's events ended each way.")
class IntegrationEventCounts:
    processed: int
    unmatched: int = strawberry.field(description="Acknowledged; they match no referral.")
    ignored: int
    deferred: int = strawberry.field(description="Waiting for another event (a refund's order).")
    unfinished: int = strawberry.field(description="Received; the provider will deliver again.")


@strawberry.type(
    description="An inbound connection (Stripe or Shopify webhooks). Its signing secrets are "
    "write-only: only how many are set shows."
)
class Integration:
    provider: Provider
    enabled: bool
    webhook_url: str = strawberry.field(description="Paste this into the provider's settings.")
    signing_secrets_set: int
    campaign_id: strawberry.ID | None = strawberry.field(
        description="Events that bring only an email count for this campaign."
    )
    conversion_events: list[str]
    shop_domain: str
    events: IntegrationEventCounts
    updated_at: datetime

    @classmethod
    def of(
        cls, m: IntegrationModel, public_url: str, counts: dict[EventStatus, int]
    ) -> Integration:
        return cls(
            provider=m.provider,
            enabled=m.enabled,
            webhook_url=public_url.rstrip("/") + ENDPOINT_PATHS[m.provider],
            signing_secrets_set=len(m.secrets_sealed),
            campaign_id=node_id("Campaign", m.campaign_id) if m.campaign_id else None,
            conversion_events=list(m.conversion_events),
            shop_domain=m.shop_domain,
            events=IntegrationEventCounts(
                processed=counts.get(EventStatus.PROCESSED, 0),
                unmatched=counts.get(EventStatus.UNMATCHED, 0),
                ignored=counts.get(EventStatus.IGNORED, 0),
                deferred=counts.get(EventStatus.DEFERRED, 0),
                unfinished=counts.get(EventStatus.RECEIVED, 0),
            ),
            updated_at=m.updated_at,
        )
