"""The runner lease: which process runs the periodic jobs (SQLite; PostgreSQL uses an
advisory lock)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class RunnerLease(Model):
    name = fields.CharField(max_length=64, primary_key=True)
    holder = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "runner_lease"
