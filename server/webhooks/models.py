"""Outbound webhooks: endpoints, the events written with each change, one delivery per event
and endpoint (an outbox row: server/outbox/lease.py), and a log of every attempt."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from server.outbox.lease import OutboxStatus


class WebhookEndpoint(Model):
    id = fields.IntField(primary_key=True)
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    # Event types it receives (WebhookEventType values); empty: every type.
    event_types: fields.Field[list[str]] = fields.JSONField(default=list)
    include_test = fields.BooleanField(default=False)
    enabled = fields.BooleanField(default=True)
    disabled_reason = fields.CharField(max_length=200, default="")
    # Fernet-sealed "whsec_..." secrets (server/secretbox.py): the current one, and the one it
    # replaced, still signed with until `previous_secret_expires_at` (a rotation's overlap).
    secret_sealed = fields.TextField()
    previous_secret_sealed = fields.TextField(null=True)
    previous_secret_expires_at = fields.DatetimeField(null=True)
    consecutive_failures = fields.IntField(default=0)
    failing_since = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "webhook_endpoint"


class WebhookEvent(Model):
    # Written in the transaction of the change it describes; fanned out to the endpoints
    # subscribed to its type by the delivery worker.

    id = fields.BigIntField(primary_key=True)
    # The Standard Webhooks `webhook-id`: the same for every delivery and replay of the event.
    msg_id = fields.CharField(max_length=40, unique=True)
    event_type = fields.CharField(max_length=40)
    payload: fields.Field[dict[str, object]] = fields.JSONField()
    test = fields.BooleanField(default=False)
    # Only to this endpoint (sendTestWebhook); null: every subscribed endpoint.
    endpoint_id = fields.IntField(null=True)
    fanned_out = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_event"
        indexes = (("fanned_out", "id"),)


class WebhookDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyRelation[WebhookEvent] = fields.ForeignKeyField(
        "models.WebhookEvent", related_name="deliveries", on_delete=fields.RESTRICT
    )
    # 0 for the fan-out, n for the n-th replay.
    replay = fields.IntField(default=0)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    claims = fields.IntField(default=0)
    lease_token = fields.CharField(max_length=64, null=True)
    lease_expires_at = fields.DatetimeField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    endpoint_id: int
    event_id: int

    class Meta:
        table = "webhook_delivery"
        unique_together = (("endpoint", "event", "replay"),)
        indexes = (("status", "id"),)


class WebhookAttempt(Model):
    # The delivery log: one row per HTTP attempt.

    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempts", on_delete=fields.CASCADE
    )
    status_code = fields.IntField(null=True)
    latency_ms = fields.IntField()
    response_excerpt = fields.CharField(max_length=500, default="")
    error = fields.CharField(max_length=500, default="")
    ok = fields.BooleanField()
    attempted_at = fields.DatetimeField()

    delivery_id: int

    class Meta:
        table = "webhook_attempt"
