"""The notifications outbox: rows written in the same transaction as what they announce."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.outbox.lease import OutboxStatus

if TYPE_CHECKING:
    from server.campaigns.models import Campaign
    from server.milestones.models import Milestone
    from server.rewards.models import Reward


class NotificationKind(StrEnum):
    MILESTONE_REACHED = "milestone_reached"
    REWARD_AWAITING_APPROVAL = "reward_awaiting_approval"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"


# The status every outbox row goes through (server/outbox/lease.py).
NotificationStatus = OutboxStatus


class Notification(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(NotificationKind, max_length=32)
    # One row per announced fact: "milestone:<id>", "reward:<id>:<n>" (n-th time it awaits).
    dedupe_key = fields.CharField(max_length=64, unique=True)
    # Null for notices about no campaign (a disabled webhook endpoint).
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="notifications", null=True, on_delete=fields.RESTRICT
    )
    milestone: fields.ForeignKeyNullableRelation[Milestone] = fields.ForeignKeyField(
        "models.Milestone", related_name="notifications", null=True, on_delete=fields.RESTRICT
    )
    reward: fields.ForeignKeyNullableRelation[Reward] = fields.ForeignKeyField(
        "models.Reward", related_name="notifications", null=True, on_delete=fields.RESTRICT
    )
    # What a notice without a milestone or reward says (a disabled webhook endpoint).
    detail = fields.CharField(max_length=500, default="")
    test = fields.BooleanField(default=False)
    status = fields.CharEnumField(
        NotificationStatus, max_length=16, default=NotificationStatus.PENDING
    )
    # Times claimed: the compare-and-set version of the row, and its delivery attempts.
    claims = fields.IntField(default=0)
    lease_token = fields.CharField(max_length=64, null=True)
    lease_expires_at = fields.DatetimeField(null=True)
    # When a failed row may be claimed again; null after the last attempt (given up).
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    delivered_channel = fields.CharField(max_length=80, null=True)
    delivered_ts = fields.CharField(max_length=40, null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    campaign_id: int | None
    milestone_id: int | None
    reward_id: int | None

    class Meta:
        table = "notification"
        indexes = (("status", "id"),)
