"""Reads behind the advocate portal's summary (balance, earnings, progress: scoped to one link,
so nothing here reaches another advocate's data) and the staff's view of an advocate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Sum

from server.advocates import progress
from server.campaigns.models import Campaign
from server.milestones.models import MilestoneKind, MilestoneRule
from server.referrals.models import Referral, ReferralLink, ReferralStatus
from server.rewards import service as rewards
from server.rewards.models import LedgerEntry, LedgerKind, RewardStatus


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


@dataclass(frozen=True, slots=True)
class Earnings:
    """The balance split by what the advocate may count on, per currency, (amount, currency)
    sorted: `pending` + `approved` is the balance."""

    pending: list[tuple[int, str]]  # on hold or being checked: may still be refused
    approved: list[tuple[int, str]]  # to be paid (negative: a paid reward clawed back)
    paid: list[tuple[int, str]]  # paid out so far


# Rewards whose money the advocate may not count on yet.
_UNDECIDED = frozenset({RewardStatus.PENDING.value, RewardStatus.AWAITING_APPROVAL.value})


async def earnings(
    advocate_id: int, *, link_id: int | None = None, live_only: bool = False
) -> Earnings:
    """The advocate's ledger (through one link, or live entries only), each reward's entries in
    the bucket of its status; payouts apart."""
    query = LedgerEntry.filter(advocate_id=advocate_id)
    if link_id is not None:
        query = query.filter(reward__referral__link_id=link_id)
    if live_only:
        query = query.filter(test=False)
    rows = (
        await query.group_by("currency", "reward__status", "kind")
        .annotate(total=Sum("amount"))
        .values("currency", "reward__status", "kind", "total")
    )
    buckets: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
    pending, approved, paid = buckets
    for row in rows:
        currency, total = str(row["currency"]), int(row["total"] or 0)
        if row["kind"] == LedgerKind.FULFILLED.value:
            paid[currency] = paid.get(currency, 0) - total
        into = pending if str(row["reward__status"]) in _UNDECIDED else approved
        into[currency] = into.get(currency, 0) + total
    listed = [sorted((amount, c) for c, amount in b.items() if amount) for b in buckets]
    return Earnings(pending=listed[0], approved=listed[1], paid=listed[2])


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
