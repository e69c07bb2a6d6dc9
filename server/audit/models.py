from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditEvent(Model):
    """Append-only record of a state change, written in the transaction that made it."""

    id = fields.BigIntField(primary_key=True)
    actor_kind = fields.CharField(max_length=16)
    actor_id = fields.CharField(max_length=64, null=True)
    channel = fields.CharField(max_length=16)
    # The chain behind the actor: {"api_key": public id of the key that called, "slack_user":
    # the Slack user it acted for}; actor_kind/actor_id name whose permissions applied.
    actor_extra: fields.Field[dict[str, str]] = fields.JSONField(default=dict)
    action = fields.CharField(max_length=64)
    target_type = fields.CharField(max_length=32)
    target_id = fields.CharField(max_length=64)
    diff: fields.Field[dict[str, list[object]]] = fields.JSONField(default=dict)
    request_id = fields.CharField(max_length=64, null=True)
    ip_hash = fields.CharField(max_length=32, null=True)
    created_at = fields.DatetimeField()  # real time, never a campaign's test clock
    # When the change took effect in the campaign (a test clock run ahead, a late-reported
    # event's own time), kept only when it differs from created_at by an hour or more.
    effective_at = fields.DatetimeField(null=True)

    class Meta:
        table = "audit_event"
        indexes = (("target_type", "target_id"), ("created_at",))


class AuditErasure(Model):
    """Audited erasures: the one exception to the append-only audit log.

    While a row here is open (its transaction has not finished it), the database lets that
    transaction pseudonymise the personal columns of audit events (`actor_id`, `ip_hash`,
    `diff`) and nothing else. The row stays as the record of the erasure; see
    server/audit/erasure.py."""

    id = fields.IntField(primary_key=True)
    reason = fields.CharField(max_length=500)
    requested_by = fields.CharField(max_length=64, null=True)
    events = fields.IntField(default=0)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "audit_erasure"
