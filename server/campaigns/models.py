from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"
    ARCHIVED = "archived"


class ObjectiveMetric(StrEnum):
    REFERRALS = "referrals"
    CONVERSIONS = "conversions"
    REVENUE = "revenue"


class AttributionModel(StrEnum):
    """Which touch wins when a friend arrives through several."""

    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"


class Campaign(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=64, unique=True)
    description = fields.TextField(default="")
    status = fields.CharEnumField(CampaignStatus, max_length=16, default=CampaignStatus.DRAFT)
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    objective_metric = fields.CharEnumField(ObjectiveMetric, max_length=16, null=True)
    objective_target = fields.BigIntField(null=True)
    objective_deadline = fields.DatetimeField(null=True)
    currency = fields.CharField(max_length=3)
    landing_url = fields.CharField(max_length=2000)
    share_email_subject = fields.CharField(max_length=300, default="")
    share_email_body = fields.TextField(default="")
    share_social_message = fields.CharField(max_length=1000, default="")
    friend_reward_text = fields.CharField(max_length=200, default="")
    terms = fields.TextField(default="")
    test_mode = fields.BooleanField(default=False)
    # Test mode only: how many minutes this campaign's own clock runs ahead of the real one.
    test_clock_minutes = fields.IntField(default=0)
    attribution_window_days = fields.IntField(default=30)
    # After the end, orders of friends referred before it still count for this many days.
    order_grace_days = fields.IntField(default=30)
    # Last touch by default: the most recent recommendation is what moved the friend, and a
    # coupon typed at checkout then beats an old click, as friends and advocates expect.
    attribution_model = fields.CharEnumField(
        AttributionModel, max_length=16, default=AttributionModel.LAST_TOUCH
    )
    slack_channel = fields.CharField(max_length=80, null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    # Bumped by a database trigger on every update (migration 0011): per-process caches of the
    # campaign's config compare it in the same query that needs the config.
    config_version = fields.IntField(default=0)
    launched_at = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)
    # Kinds of advocate email (server.email.models.EmailKind values) this campaign does not
    # send; sign-in links cannot be switched off (server/email/rules.py SWITCHABLE).
    emails_off: fields.Field[list[str]] = fields.JSONField(default=list, db_default=[])

    class Meta:
        table = "campaign"
        indexes = (("status", "id"),)
