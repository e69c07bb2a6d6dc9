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
    created_at = fields.DatetimeField()

    class Meta:
        table = "advocate"
