"""Reward records. The rules engine that creates them arrives with the rewards issue."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from server.advocates.models import Advocate
    from server.campaigns.models import Campaign
    from server.referrals.models import Conversion, Referral


class RewardStatus(StrEnum):
    PENDING = "pending"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    FULFILLED = "fulfilled"
    REJECTED = "rejected"
    VOIDED = "voided"
    REVERSED = "reversed"


class RewardRecipient(StrEnum):
    ADVOCATE = "advocate"
    FRIEND = "friend"


class RewardKind(StrEnum):
    CASH = "cash"
    CREDIT = "credit"
    DISCOUNT = "discount"
    POINTS = "points"
    CUSTOM = "custom"


class Reward(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="rewards", on_delete=fields.RESTRICT
    )
    referral: fields.ForeignKeyRelation[Referral] = fields.ForeignKeyField(
        "models.Referral", related_name="rewards", on_delete=fields.RESTRICT
    )
    conversion: fields.ForeignKeyNullableRelation[Conversion] = fields.ForeignKeyField(
        "models.Conversion", related_name="rewards", null=True, on_delete=fields.RESTRICT
    )
    # The recipient is derived from the referral; the advocate is stored for ledger queries.
    recipient = fields.CharEnumField(RewardRecipient, max_length=16)
    advocate: fields.ForeignKeyNullableRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="rewards", null=True, on_delete=fields.RESTRICT
    )
    rule_key = fields.CharField(max_length=64)
    kind = fields.CharEnumField(RewardKind, max_length=16)
    description = fields.CharField(max_length=300, default="")
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(RewardStatus, max_length=24, default=RewardStatus.PENDING)
    hold_until = fields.DatetimeField(null=True)
    test = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    campaign_id: int
    referral_id: int
    conversion_id: int | None
    advocate_id: int | None

    class Meta:
        table = "reward"
        # One reward per rule per triggering event.
        unique_together = (("referral", "conversion", "rule_key"),)
        indexes = (("status", "id"), ("campaign_id", "status"))
