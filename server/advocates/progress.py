"""Pure progress rules for an advocate's portal: the next reward tier and the next milestone."""

from __future__ import annotations

from dataclasses import dataclass

from server.rewards.models import RewardRecipient
from server.rewards.rules import Rule


@dataclass(frozen=True, slots=True)
class NextTier:
    """From the `after_referrals`-th successful referral on, `rule` pays this tier's amount."""

    after_referrals: int
    remaining: int
    currency: str
    fixed_amount: int | None
    percent_bps: int | None
    max_amount: int | None
    description: str


@dataclass(frozen=True, slots=True)
class NextMilestone:
    threshold: int
    remaining: int


def next_tier(rules: list[Rule], successful: int) -> NextTier | None:
    """The nearest tier not reached yet, over every advocate rule with tiers."""
    upcoming = [
        (t, r)
        for r in rules
        if r.recipient is RewardRecipient.ADVOCATE
        for t in r.tiers
        if t.after_referrals > successful
    ]
    if not upcoming:
        return None
    tier, rule = min(upcoming, key=lambda pair: pair[0].after_referrals)
    return NextTier(
        after_referrals=tier.after_referrals,
        remaining=tier.after_referrals - successful,
        currency=rule.currency,
        fixed_amount=tier.fixed_amount,
        percent_bps=tier.percent_bps,
        max_amount=tier.max_amount,
        description=rule.description,
    )


def next_milestone(thresholds: list[int], successful: int) -> NextMilestone | None:
    """The smallest advocate-referral milestone above what the advocate has."""
    ahead = sorted(t for t in thresholds if t > successful)
    return NextMilestone(ahead[0], ahead[0] - successful) if ahead else None
