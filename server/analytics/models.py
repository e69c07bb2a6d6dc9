"""Rollups: counters kept in the write transaction of the events they count, so dashboards read
a row per campaign and day instead of scanning events. `vouch rollups rebuild` recomputes them."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class CampaignDay(Model):
    """Per campaign, mode (test or live rows), UTC day and currency: clicks and first-seen
    visitors on the '*' row (their own, so a click never waits on a conversion's lock),
    referrals, converted referrals and signups on the '' row, and conversions that still count
    and their revenue net of refunds on the currency's row."""

    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.IntField()
    test = fields.BooleanField()
    day = fields.CharField(max_length=10)
    currency = fields.CharField(max_length=3, default="")
    clicks = fields.BigIntField(default=0)
    visitors = fields.BigIntField(default=0)
    referrals = fields.BigIntField(default=0)
    signups = fields.BigIntField(default=0)
    conversions = fields.BigIntField(default=0)
    revenue = fields.BigIntField(default=0)
    # Referrals created that day (not rejected) with at least one order that still counts.
    converted = fields.BigIntField(default=0)

    class Meta:
        table = "rollup_campaign_day"
        unique_together = (("campaign_id", "test", "day", "currency"),)


class Visitor(Model):
    """First sighting of a visitor (keyed hash of address and user agent) per campaign: unique
    visitors are exact, counted on the day a visitor was first seen."""

    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.IntField()
    test = fields.BooleanField()
    visitor = fields.CharField(max_length=64)
    first_at = fields.DatetimeField()

    class Meta:
        table = "rollup_visitor"
        unique_together = (("campaign_id", "test", "visitor"),)
        indexes = (("campaign_id", "test", "first_at"),)


class AdvocateDay(Model):
    """Per campaign, advocate, mode, UTC day and currency: referrals whose first counting order
    in that currency fell on the day (successes) and revenue net of refunds (leaderboard)."""

    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.IntField()
    advocate_id = fields.IntField()
    test = fields.BooleanField()
    day = fields.CharField(max_length=10)
    currency = fields.CharField(max_length=3)
    successes = fields.BigIntField(default=0)
    revenue = fields.BigIntField(default=0)

    class Meta:
        table = "rollup_advocate_day"
        unique_together = (("campaign_id", "advocate_id", "test", "day", "currency"),)
        indexes = (("campaign_id", "test", "day"),)
