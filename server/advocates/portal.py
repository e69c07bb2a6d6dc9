"""Reads behind the advocate portal's summary: balance and progress. Scoped to one link, so
nothing here reaches another advocate's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Sum

from server.advocates import progress
from server.campaigns.models import Campaign
from server.milestones.models import MilestoneKind, MilestoneRule
from server.referrals.models import Referral, ReferralLink, ReferralStatus
from server.rewards import service as rewards
from server.rewards.models import LedgerEntry


@dataclass(frozen=True, slots=True)
class Progress:
    successful_referrals: int
    next_tier: progress.NextTier | None
    next_milestone: progress.NextMilestone | None


async def balance(link: ReferralLink) -> list[tuple[int, str]]:
    """Earned through this link and not paid out yet, per currency: (amount, currency)."""
    rows = (
        await LedgerEntry.filter(advocate_id=link.advocate_id, reward__referral__link_id=link.id)
        .group_by("currency")
        .annotate(total=Sum("amount"))
        .values("currency", "total")
    )
    return sorted((int(r["total"] or 0), str(r["currency"])) for r in rows)


async def progress_of(link: ReferralLink, campaign: Campaign, now: datetime) -> Progress:
    """Converted referrals so far, and what the rules in force at `now` promise next."""
    successful = await Referral.filter(link_id=link.id, status=ReferralStatus.CONVERTED).count()
    rule_set = await rewards.rule_set_at(campaign.id, now)
    rules = rewards.parse(rule_set)[0] if rule_set else []
    thresholds = await MilestoneRule.filter(
        campaign_id=campaign.id, kind=MilestoneKind.ADVOCATE_REFERRALS, enabled=True
    ).values("threshold")
    return Progress(
        successful_referrals=successful,
        next_tier=progress.next_tier(rules, successful),
        next_milestone=progress.next_milestone(
            [int(r["threshold"]) for r in thresholds], successful
        ),
    )
