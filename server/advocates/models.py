from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Advocate(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    # server.identity.canonical_email(email): one key per inbox, for "is this the same person?"
    email_key = fields.CharField(max_length=254, null=True, db_index=True)
    name = fields.CharField(max_length=200, default="")
    external_id = fields.CharField(max_length=128, null=True, unique=True)
    # The advocate's customer in the shop's Stripe account: rewards are credited to its balance.
    stripe_customer_id = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField()
    # Set by GDPR erasure (server/advocates/erasure.py): the row then holds only a pseudonym.
    erased_at = fields.DatetimeField(null=True)

    class Meta:
        table = "advocate"
