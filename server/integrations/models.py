"""Inbound provider integrations (Stripe, Shopify): their settings, every event received
(exactly once per provider event id) and what each provider customer brought with them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from server.campaigns.models import Campaign


class Provider(StrEnum):
    STRIPE = "stripe"
    SHOPIFY = "shopify"


class EventStatus(StrEnum):
    RECEIVED = "received"  # a deferred event claimed again, not finished (its handler failed)
    PROCESSED = "processed"  # had its effect (a conversion, refund or signup)
    UNMATCHED = "unmatched"  # acknowledged: it matches no referral
    IGNORED = "ignored"  # acknowledged: nothing to do (unpaid, not the conversion event, ...)
    DEFERRED = "deferred"  # waits for another event (a refund before its order)


class Integration(Model):
    id = fields.IntField(primary_key=True)
    provider = fields.CharEnumField(Provider, max_length=16, unique=True)
    enabled = fields.BooleanField(default=True)
    # Fernet-sealed signing secrets (server/secretbox.py), newest first: during a rotation the
    # old and the new one both verify. Never readable back through the API.
    secrets_sealed: fields.Field[list[str]] = fields.JSONField(default=list)
    # Events whose friend carries no touch of a campaign (only an email) count for this one.
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    # Which provider event types create a conversion (rules.CONVERSION_EVENTS).
    conversion_events: fields.Field[list[str]] = fields.JSONField(default=list)
    # Shopify: the shop (`example.myshopify.com`) whose webhooks are accepted; empty: any.
    shop_domain = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    campaign_id: int | None

    class Meta:
        table = "integration"


class IntegrationEvent(Model):
    """One row per provider event id: a replayed or concurrent duplicate delivery finds it."""

    id = fields.BigIntField(primary_key=True)
    provider = fields.CharEnumField(Provider, max_length=16)
    event_id = fields.CharField(max_length=255)
    event_type = fields.CharField(max_length=64)
    status = fields.CharEnumField(EventStatus, max_length=16, default=EventStatus.RECEIVED)
    detail = fields.CharField(max_length=500, default="")
    # A DEFERRED event waits for this key ("order:pi_123", "customer:cus_9") and is handled
    # again, from its kept payload, when an event releases it.
    waiting_for = fields.CharField(max_length=300, null=True)
    payload: fields.Field[dict[str, object] | None] = fields.JSONField(null=True)
    conversion_id = fields.IntField(null=True)
    referral_id = fields.IntField(null=True)
    received_at = fields.DatetimeField()
    processed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "integration_event"
        unique_together = (("provider", "event_id"),)
        indexes = (("provider", "waiting_for"), ("provider", "status"))


class IntegrationCustomer(Model):
    """What a provider's customer brought (visit token, code, coupon, email), so that later
    events for them (a subscription's renewals, a Shopify order after sign-up) find the friend."""

    id = fields.IntField(primary_key=True)
    provider = fields.CharEnumField(Provider, max_length=16)
    customer_id = fields.CharField(max_length=255)
    email = fields.CharField(max_length=320, null=True)
    visit_token = fields.CharField(max_length=32, null=True)
    referral_code = fields.CharField(max_length=32, null=True)
    coupon_code = fields.CharField(max_length=32, null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "integration_customer"
        unique_together = (("provider", "customer_id"),)
