"""Milestone rules per campaign and the milestones they produce, each reached exactly once."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from server.advocates.models import Advocate
    from server.campaigns.models import Campaign


class MilestoneKind(StrEnum):
    CONVERSIONS = "conversions"
    REVENUE = "revenue"
    OBJECTIVE_PERCENT = "objective_percent"
    ADVOCATE_REFERRALS = "advocate_referrals"


class MilestoneRule(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="milestone_rules", on_delete=fields.RESTRICT
    )
    key = fields.CharField(max_length=64)
    kind = fields.CharEnumField(MilestoneKind, max_length=24)
    threshold = fields.BigIntField()
    enabled = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    campaign_id: int

    class Meta:
        table = "milestone_rule"
        unique_together = (("campaign", "key"), ("campaign", "kind", "threshold"))


class Milestone(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="milestones", on_delete=fields.RESTRICT
    )
    rule_key = fields.CharField(max_length=64)
    kind = fields.CharEnumField(MilestoneKind, max_length=24)
    # "campaign" for campaign totals, "advocate:<id>" for achievements.
    subject_key = fields.CharField(max_length=64)
    advocate: fields.ForeignKeyNullableRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="milestones", null=True, on_delete=fields.RESTRICT
    )
    threshold = fields.BigIntField()
    value = fields.BigIntField()
    test = fields.BooleanField(default=False)
    reached_at = fields.DatetimeField()
    announced_at = fields.DatetimeField(null=True)

    campaign_id: int
    advocate_id: int | None

    class Meta:
        table = "milestone"
        # Reached exactly once per rule and subject, whatever races or refunds follow.
        unique_together = (("campaign", "rule_key", "subject_key"),)
        indexes = (("campaign_id", "id"),)
