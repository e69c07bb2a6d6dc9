"""Reward rule versions, rewards, their approvals and the ledger."""

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
    # "signup" or "conversion:<id>": with the rule key, one reward per rule per event.
    event_key = fields.CharField(max_length=40)
    rule_key = fields.CharField(max_length=64)
    rule_version = fields.IntField()
    kind = fields.CharEnumField(RewardKind, max_length=16)
    description = fields.CharField(max_length=300, default="")
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(RewardStatus, max_length=24, default=RewardStatus.PENDING)
    hold_until = fields.DatetimeField(null=True)
    flagged = fields.BooleanField(default=False)
    test = fields.BooleanField(default=False)
    decided_by = fields.CharField(max_length=64, null=True)
    decided_at = fields.DatetimeField(null=True)
    reject_reason = fields.CharField(max_length=32, null=True)
    reject_note = fields.CharField(max_length=500, default="")
    external_reference = fields.CharField(max_length=200, null=True)
    paid_amount = fields.BigIntField(null=True)
    # The threshold of the rule's tier that set the amount (refunds recompute with it).
    tier = fields.IntField(null=True)
    # How many times it has started waiting for a person: numbers its approval notifications
    # (bumped with the status change, under the row's lock, so never twice the same number).
    approval_waits = fields.IntField(default=0, db_default=0)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    campaign_id: int
    referral_id: int
    conversion_id: int | None
    advocate_id: int | None

    class Meta:
        table = "reward"
        # One reward per rule per triggering event.
        unique_together = (("referral", "event_key", "rule_key"),)
        indexes = (("status", "id"), ("campaign_id", "status"), ("advocate_id", "created_at"))


class CapPeriod(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    ALL_TIME = "all_time"


class RewardRuleSet(Model):
    """One immutable version of a campaign's reward rules, approval policy, caps and budget."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="rule_sets", on_delete=fields.RESTRICT
    )
    version = fields.IntField()
    rules: fields.Field[list[dict[str, object]]] = fields.JSONField()
    auto_approve_max = fields.BigIntField(null=True)
    four_eyes_above = fields.BigIntField(null=True)
    # Per-advocate caps on advocate rewards per UTC period, and the campaign's total budget,
    # both in the campaign's currency.
    cap_period = fields.CharEnumField(CapPeriod, max_length=16, default=CapPeriod.ALL_TIME)
    cap_count = fields.IntField(null=True)
    cap_amount = fields.BigIntField(null=True)
    budget = fields.BigIntField(null=True)
    pause_campaign_on_budget = fields.BooleanField(default=False)
    created_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()

    campaign_id: int

    class Meta:
        table = "reward_rule_set"
        unique_together = (("campaign", "version"),)


class RewardApproval(Model):
    """One approver's yes. Four-eyes rewards need two distinct ones."""

    id = fields.IntField(primary_key=True)
    reward: fields.ForeignKeyRelation[Reward] = fields.ForeignKeyField(
        "models.Reward", related_name="approvals", on_delete=fields.CASCADE
    )
    user_id = fields.IntField()
    created_at = fields.DatetimeField()

    reward_id: int

    class Meta:
        table = "reward_approval"
        unique_together = (("reward", "user_id"),)


class LedgerKind(StrEnum):
    ISSUED = "issued"
    VOIDED = "voided"
    REVERSED = "reversed"
    FULFILLED = "fulfilled"
    ADJUSTMENT = "adjustment"


class LedgerEntry(Model):
    """Append-only. Balance = what is owed and unpaid: issued +, fulfilled/voided/reversed -."""

    id = fields.BigIntField(primary_key=True)
    reward: fields.ForeignKeyNullableRelation[Reward] = fields.ForeignKeyField(
        "models.Reward", related_name="ledger", null=True, on_delete=fields.RESTRICT
    )
    # The recipient: an advocate, or (double-sided programs) the referred friend.
    advocate: fields.ForeignKeyNullableRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="ledger", null=True, on_delete=fields.RESTRICT
    )
    referral: fields.ForeignKeyNullableRelation[Referral] = fields.ForeignKeyField(
        "models.Referral", related_name="ledger", null=True, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(LedgerKind, max_length=16)
    # "" for one-time kinds; the refund id for adjustments, so a retry cannot post twice.
    event_key = fields.CharField(max_length=40, default="")
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    test = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    reward_id: int | None
    advocate_id: int | None
    referral_id: int | None

    class Meta:
        table = "ledger_entry"
        # Each reward is issued, fulfilled, voided or reversed at most once.
        unique_together = (("reward", "kind", "event_key"),)
        indexes = (("advocate_id", "currency"),)
