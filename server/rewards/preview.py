"""Who would receive what, computed and never written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from server.campaigns import service as campaigns
from server.campaigns.models import Campaign
from server.clock import Clock, as_utc
from server.errors import InvalidInput, NotFound
from server.fraud import scoring as fraud_scoring
from server.fraud.rules import Mode
from server.fraud.scoring import Signal
from server.referrals.models import (
    Referral,
    ReferralLink,
)
from server.rewards import rules
from server.rewards.issue import successful_referrals, usage_of
from server.rewards.models import (
    RewardStatus,
)
from server.rewards.rules import Event, Refusal, Trigger
from server.rewards.versions import limits_of, parse, rule_set_at


@dataclass(frozen=True, slots=True)
class PreviewAward:
    award: rules.Award
    hold_until: datetime
    after_hold: RewardStatus
    approvals_needed: int


@dataclass(frozen=True, slots=True)
class Preview:
    rule_version: int | None
    awards: list[PreviewAward]
    refused: str | None
    fraud_signals: list[Signal]
    withheld: list[tuple[PreviewAward, Refusal]] = field(default_factory=list)


async def preview(
    *,
    campaign_id: int,
    advocate_email: str,
    friend_email: str,
    order_amount: int,
    currency: str,
    first_purchase: bool,
    at: datetime | None,
    clock: Clock,
) -> Preview:
    """Who would receive what, when and under which version, and which fraud rules the
    friend's identity would trip — computed, never written."""
    from server.fraud import service as fraud
    from server.referrals.rules import normalize_email, validate_money

    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    advocate = normalize_email(advocate_email, "scenario.advocateEmail")
    currency = validate_money(order_amount, currency)
    moment = as_utc(at, "scenario.at") if at is not None else campaigns.now_of(campaign, clock)
    signals = await fraud.preview_signals(
        campaign_id=campaign_id, advocate_email=advocate, friend_email=friend_email
    )
    verdict = fraud_scoring.outcome(signals)
    if verdict is Mode.BLOCK:
        names = ", ".join(s.rule.value for s in signals if s.mode is Mode.BLOCK)
        return Preview(None, [], f"Fraud controls would block this referral ({names}).", signals)
    rule_set = await rule_set_at(campaign_id, moment)
    if rule_set is None:
        return Preview(None, [], "The campaign has no reward rules.", signals)
    flagged = verdict is Mode.FLAG
    rules_, policy = parse(rule_set)
    limits = limits_of(rule_set)
    # An enrolled advocate's standing sets their tier and what is left of their caps.
    link = await ReferralLink.get_or_none(campaign_id=campaign_id, advocate__email=advocate)
    successful = 0
    if link is not None and any(r.tiers for r in rules_):
        try:
            friend: str | None = normalize_email(friend_email, "scenario.friendEmail")
        except InvalidInput:
            friend = None  # the invalid_email signal above already says so
        friend_referral = (
            await Referral.get_or_none(campaign_id=campaign_id, friend_email=friend)
            if friend
            else None
        )
        successful = await successful_referrals(
            campaign_id,
            link.id,
            campaign.test_mode,
            friend_referral.id if friend_referral else 0,
            None,
        )
    event = Event(
        trigger=Trigger.FIRST_PURCHASE if first_purchase else Trigger.EVERY_PURCHASE,
        order_amount=order_amount,
        order_currency=currency,
        successful_referrals=successful,
    )
    granted = rules.awards(rules_, event)
    if not granted and rules.currency_mismatch(rules_, event):
        return Preview(
            rule_set.version,
            [],
            f"An order in {currency} earns nothing: this campaign's rewards are in "
            f"{campaign.currency} and money is never compared across currencies.",
            signals,
        )
    withheld: list[tuple[rules.Award, Refusal]] = []
    if limits.any:
        usage = await usage_of(
            campaign, link.advocate_id if link else 0, campaign.test_mode, limits, moment, None
        )
        granted, withheld = rules.within_limits(granted, limits, usage)

    def shown(a: rules.Award) -> PreviewAward:
        return PreviewAward(
            award=a,
            hold_until=rules.hold_until(moment, a.rule),
            after_hold=rules.after_hold(a.amount, flagged, policy),
            approvals_needed=rules.approvals_needed(a.amount, policy),
        )

    return Preview(
        rule_version=rule_set.version,
        awards=[shown(a) for a in granted],
        refused=None,
        fraud_signals=signals,
        withheld=[(shown(a), why) for a, why in withheld],
    )
