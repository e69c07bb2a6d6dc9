"""Milestone records. Detection and announcement arrive with the milestones issue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from server.campaigns.models import Campaign


class Milestone(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="milestones", on_delete=fields.RESTRICT
    )
    rule_key = fields.CharField(max_length=64)
    # "campaign" for campaign totals, "advocate:<id>" for achievements.
    subject_key = fields.CharField(max_length=64)
    threshold = fields.BigIntField()
    value = fields.BigIntField()
    test = fields.BooleanField(default=False)
    reached_at = fields.DatetimeField()
    announced_at = fields.DatetimeField(null=True)

    campaign_id: int

    class Meta:
        table = "milestone"
        unique_together = (("campaign", "rule_key", "subject_key"),)
