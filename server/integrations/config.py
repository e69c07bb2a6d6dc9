"""Connection settings for the inbound integrations: set by an admin through GraphQL, the
signing secrets sealed at rest (server/secretbox.py) and never shown again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import InvalidInput, NotFound
from server.integrations import rules
from server.integrations.models import EventStatus, Integration, IntegrationEvent, Provider
from server.secretbox import SecretBox


@dataclass(frozen=True, slots=True)
class Change:
    """What an admin sets; None leaves a setting as it is."""

    signing_secrets: Sequence[str] | None = None
    campaign_id: int | None = None
    clear_campaign: bool = False
    conversion_events: Sequence[str] | None = None
    shop_domain: str | None = None
    enabled: bool | None = None


async def configure(
    *, provider: Provider, change: Change, box: SecretBox, actor: Actor, clock: Clock
) -> Integration:
    now = clock.now()
    async with in_transaction() as conn:
        found = await Integration.select_for_update().using_db(conn).get_or_none(provider=provider)
        before = (
            audit.snapshot(found, ["enabled", "campaign_id", "conversion_events", "shop_domain"])
            if found
            else {}
        )
        if found is not None:
            before["signing_secrets"] = len(found.secrets_sealed)
        integration = found or Integration(
            provider=provider,
            conversion_events=list(rules.DEFAULT_CONVERSION_EVENTS[provider]),
            created_at=now,
        )
        if change.signing_secrets is not None:
            secrets = rules.validate_secrets(provider, change.signing_secrets)
            integration.secrets_sealed = [box.seal(s) for s in secrets]
        elif not integration.secrets_sealed:
            raise InvalidInput("Give the provider's signing secret.", field="signingSecrets")
        if change.clear_campaign:
            integration.campaign_id = None
        elif change.campaign_id is not None:
            if not await Campaign.exists(id=change.campaign_id):
                raise NotFound("No such campaign.", field="campaignId")
            integration.campaign_id = change.campaign_id
        if change.conversion_events is not None:
            integration.conversion_events = rules.validate_conversion_events(
                provider, change.conversion_events
            )
        if change.shop_domain is not None:
            if provider is not Provider.SHOPIFY:
                raise InvalidInput("Only Shopify has a shop domain.", field="shopDomain")
            integration.shop_domain = rules.validate_shop_domain(change.shop_domain)
        if change.enabled is not None:
            integration.enabled = change.enabled
        integration.updated_at = now
        await integration.save(using_db=conn)
        after = audit.snapshot(
            integration, ["enabled", "campaign_id", "conversion_events", "shop_domain"]
        )
        # Only how many secrets there are: the audit log never holds one.
        after["signing_secrets"] = len(integration.secrets_sealed)
        await audit.record(
            actor=actor,
            action="integration.configure",
            target=integration,
            now=now,
            changes=audit.diff(before, after),
            using=conn,
        )
    return integration


async def signing_secrets(integration: Integration, box: SecretBox) -> list[str]:
    """The secrets that verify deliveries, newest first; one sealed under another
    VOUCH_SECRET_KEY verifies nothing."""
    opened = []
    for sealed in integration.secrets_sealed:
        try:
            opened.append(box.open(sealed))
        except ValueError:
            continue
    return opened


async def event_counts(provider: Provider) -> dict[EventStatus, int]:
    rows = (
        await IntegrationEvent.filter(provider=provider)
        .annotate(n=Count("id"))
        .group_by("status")
        .values("status", "n")
    )
    return {EventStatus(r["status"]): int(r["n"]) for r in rows}
