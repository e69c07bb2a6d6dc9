"""Enrollment links, clicks on them, the referrals they produce and their conversions."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from server.fraud.rules import ReviewStatus

if TYPE_CHECKING:
    from server.advocates.models import Advocate
    from server.campaigns.models import Campaign


class LinkStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"


class ReferralStatus(StrEnum):
    CLICKED = "clicked"
    SIGNED_UP = "signed_up"
    CONVERTED = "converted"
    REJECTED = "rejected"


class ConversionStatus(StrEnum):
    VALID = "valid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class ReferralLink(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="links", on_delete=fields.RESTRICT
    )
    advocate: fields.ForeignKeyRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="links", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=16, unique=True)
    vanity_code = fields.CharField(max_length=32, null=True)
    # Upper-case, so a coupon typed at checkout matches whatever its case.
    coupon_code = fields.CharField(max_length=32, null=True)
    status = fields.CharEnumField(LinkStatus, max_length=16, default=LinkStatus.ACTIVE)
    # The advocate portal's bearer token, stored as its SHA-256 only.
    portal_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    # When that token stops working (a magic-link sign-in's); null: until revoked.
    portal_token_expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    campaign_id: int
    advocate_id: int

    class Meta:
        table = "referral_link"
        unique_together = (
            ("campaign", "advocate"),
            ("campaign", "vanity_code"),
            ("campaign", "coupon_code"),
        )
        # An advocate's links in every campaign (fraud: their referrals, orders, rings).
        indexes = (("advocate_id",),)


class Click(Model):
    id = fields.BigIntField(primary_key=True)
    link: fields.ForeignKeyRelation[ReferralLink] = fields.ForeignKeyField(
        "models.ReferralLink", related_name="clicks", on_delete=fields.RESTRICT
    )
    # Denormalised so campaign dashboards aggregate from one covering index.
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="clicks", on_delete=fields.RESTRICT, db_index=False
    )
    occurred_at = fields.DatetimeField()
    ip_hash = fields.CharField(max_length=32)
    ua_hash = fields.CharField(max_length=32)
    visit_token = fields.CharField(max_length=32, unique=True)
    test = fields.BooleanField(default=False)

    link_id: int
    campaign_id: int

    class Meta:
        table = "click"
        indexes = (("campaign_id", "occurred_at", "ip_hash", "ua_hash"),)


class Referral(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="referrals", on_delete=fields.RESTRICT, db_index=False
    )
    link: fields.ForeignKeyRelation[ReferralLink] = fields.ForeignKeyField(
        "models.ReferralLink", related_name="referrals", on_delete=fields.RESTRICT
    )
    click: fields.ForeignKeyNullableRelation[Click] = fields.ForeignKeyField(
        "models.Click", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    friend_email = fields.CharField(max_length=254, null=True)
    friend_external_id = fields.CharField(max_length=128, null=True)
    friend_name = fields.CharField(max_length=200, default="")
    # The friend's customer in the shop's Stripe account (their rewards are credited there).
    friend_stripe_customer_id = fields.CharField(max_length=255, null=True)
    # Set by eraseFriend: the friend's columns then hold only a pseudonym.
    friend_erased_at = fields.DatetimeField(null=True)
    status = fields.CharEnumField(ReferralStatus, max_length=16)
    attribution_method = fields.CharField(max_length=32)
    # {method, decidedBy, reason, candidates: [...]}: every touch considered and why one won.
    attribution: fields.Field[dict[str, Any] | None] = fields.JSONField(null=True)
    # Bumped by each re-attribution: the compare-and-set token, and the suffix of re-issued
    # rewards' event keys.
    attribution_generation = fields.IntField(default=0)
    test = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    # The touch that led to the referral (the click's time, or the event that carried the code
    # or coupon): the attribution window runs from here. Null on rows from before it was kept.
    touched_at = fields.DatetimeField(null=True)
    signed_up_at = fields.DatetimeField(null=True)
    converted_at = fields.DatetimeField(null=True)
    rejected_at = fields.DatetimeField(null=True)
    # Fraud controls: one key per inbox (gmail dots and +tags dropped), the friend's hashed
    # network and device (from their click or the session the shop passed), and the verdict.
    friend_key = fields.CharField(max_length=254, null=True)
    ip_hash = fields.CharField(max_length=32, null=True)
    ua_hash = fields.CharField(max_length=32, null=True)
    # More keyed hashes (server/fraud/evidence.py), never the raw values: the friend's network
    # prefix (/24, /64), device id, payment fingerprint, phone and postal address.
    net_hash = fields.CharField(max_length=32, null=True)
    device_hash = fields.CharField(max_length=32, null=True)
    payment_hash = fields.CharField(max_length=32, null=True)
    phone_hash = fields.CharField(max_length=32, null=True)
    address_hash = fields.CharField(max_length=32, null=True)
    risk_score = fields.IntField(default=0)
    risk_signals: fields.Field[list[dict[str, str]]] = fields.JSONField(default=list)
    review_status = fields.CharEnumField(ReviewStatus, max_length=16, default=ReviewStatus.NONE)
    reviewed_by = fields.CharField(max_length=64, null=True)
    reviewed_at = fields.DatetimeField(null=True)
    review_note = fields.CharField(max_length=500, default="")

    campaign_id: int
    link_id: int
    click_id: int | None

    class Meta:
        table = "referral"
        # A friend belongs to one advocate per campaign (sticky attribution).
        unique_together = (("campaign", "friend_email"), ("campaign", "friend_external_id"))
        indexes = (
            ("campaign_id", "created_at"),
            ("campaign_id", "signed_up_at"),
            ("campaign_id", "review_status"),
            ("campaign_id", "ip_hash", "created_at"),
            # An advocate's referrals by their links: fraud velocity and recent referrals.
            ("link_id", "created_at"),
            ("friend_key",),
            ("friend_external_id",),
            ("net_hash", "created_at"),
            ("device_hash",),
            ("payment_hash",),
            ("phone_hash",),
        )


class NoRewardReason(StrEnum):
    CURRENCY_MISMATCH = "currency_mismatch"


class Conversion(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="conversions", on_delete=fields.RESTRICT, db_index=False
    )
    referral: fields.ForeignKeyRelation[Referral] = fields.ForeignKeyField(
        "models.Referral", related_name="conversions", on_delete=fields.RESTRICT
    )
    external_order_id = fields.CharField(max_length=128)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    refunded_amount = fields.BigIntField(default=0)
    occurred_at = fields.DatetimeField()
    # Unique per caller (see server/referrals/idempotency.py), not globally.
    idempotency_scope = fields.CharField(max_length=80, default="")
    idempotency_key = fields.CharField(max_length=128)
    request_hash = fields.CharField(max_length=64)
    status = fields.CharEnumField(ConversionStatus, max_length=24, default=ConversionStatus.VALID)
    test = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    # Why the order earned no reward although the referral counts (e.g. another currency).
    no_reward_reason = fields.CharEnumField(NoRewardReason, max_length=32, null=True)

    campaign_id: int
    referral_id: int

    class Meta:
        table = "conversion"
        unique_together = (
            ("campaign", "external_order_id"),
            ("idempotency_scope", "idempotency_key"),
        )
        indexes = (
            ("campaign_id", "occurred_at", "currency", "amount", "refunded_amount"),
            # A referral's orders: the rollups' first-order and converted checks read them.
            ("referral_id", "status"),
        )


class Refund(Model):
    id = fields.IntField(primary_key=True)
    conversion: fields.ForeignKeyRelation[Conversion] = fields.ForeignKeyField(
        "models.Conversion", related_name="refunds", on_delete=fields.RESTRICT
    )
    amount = fields.BigIntField()
    reason = fields.CharField(max_length=500, default="")
    idempotency_scope = fields.CharField(max_length=80, default="")
    idempotency_key = fields.CharField(max_length=128)
    request_hash = fields.CharField(max_length=64)
    occurred_at = fields.DatetimeField()
    created_at = fields.DatetimeField()

    conversion_id: int

    class Meta:
        table = "refund"
        unique_together = (("idempotency_scope", "idempotency_key"),)
