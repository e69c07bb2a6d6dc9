"""Automated fulfilment: one Stripe customer-balance credit per reward, an outbox row
(server/outbox/lease.py) so failures are retried with backoff and stay visible."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.outbox.lease import OutboxStatus

if TYPE_CHECKING:
    from server.rewards.models import Reward


class StripeCredit(Model):
    id = fields.IntField(primary_key=True)
    # One credit per reward, ever: the Stripe idempotency key is derived from it as well.
    reward: fields.OneToOneRelation[Reward] = fields.OneToOneField(
        "models.Reward", related_name="stripe_credit", on_delete=fields.RESTRICT
    )
    customer_id = fields.CharField(max_length=255)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    claims = fields.IntField(default=0)
    lease_token = fields.CharField(max_length=64, null=True)
    lease_expires_at = fields.DatetimeField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    # The CustomerBalanceTransaction ("cbtxn_...") that credited the customer.
    stripe_object_id = fields.CharField(max_length=255, null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    reward_id: int

    class Meta:
        table = "stripe_credit"
        indexes = (("status", "id"),)
