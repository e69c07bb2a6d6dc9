"""What a batch of e-mails needs to be composed, read once for the batch (one statement per
table, not one per message): their campaigns, advocates, suppressions, unsubscribe links,
share links, branding, custom templates and the rewards and milestones they are about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from tortoise.exceptions import DoesNotExist

from server.advocates.models import Advocate
from server.campaigns.models import Campaign
from server.email import render, suppression
from server.email.models import (
    CampaignEmailSettings,
    EmailKind,
    EmailMessage,
    EmailTemplate,
    SuppressionReason,
    UnsubscribeLink,
)
from server.milestones.models import Milestone
from server.referrals.models import ReferralLink
from server.rewards.models import Reward

T = TypeVar("T")
Pair = tuple[int, int]  # (campaign id, advocate id)


@dataclass
class Reads:
    campaigns: dict[int, Campaign] = field(default_factory=dict)
    advocates: dict[int, Advocate] = field(default_factory=dict)
    suppressed: dict[str, SuppressionReason] = field(default_factory=dict)
    unsubscribe: dict[Pair, UnsubscribeLink] = field(default_factory=dict)
    codes: dict[Pair, str] = field(default_factory=dict)
    brands: dict[int, CampaignEmailSettings] = field(default_factory=dict)
    templates: dict[tuple[int, EmailKind], EmailTemplate] = field(default_factory=dict)
    rewards: dict[int, Reward] = field(default_factory=dict)
    milestones: dict[int, Milestone] = field(default_factory=dict)

    def campaign(self, campaign_id: int | None) -> Campaign:
        found = self.campaigns.get(campaign_id) if campaign_id is not None else None
        if found is None:
            raise DoesNotExist(Campaign)
        return found

    def reward(self, data: dict[str, object]) -> Reward | None:
        return _subject(self.rewards, render.subject_of(data, "Reward"), Reward)

    def milestone(self, data: dict[str, object]) -> Milestone | None:
        return _subject(self.milestones, render.subject_of(data, "Milestone"), Milestone)

    async def load(self, rows: Sequence[EmailMessage]) -> None:
        """Everything `rows` need (and nothing else), one statement per table."""
        fresh = await _read(rows)
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))


def _subject(found: dict[int, T], subject_id: int | None, model: type) -> T | None:
    if subject_id is None:
        return None
    if subject_id not in found:
        raise DoesNotExist(model)
    return found[subject_id]


async def _read(rows: Sequence[EmailMessage]) -> Reads:
    reads = Reads()
    campaign_ids = {r.campaign_id for r in rows if r.campaign_id is not None}
    advocate_ids = {r.advocate_id for r in rows if r.advocate_id is not None}
    keys = {r.to_key for r in rows}
    reward_ids = {i for r in rows if (i := render.subject_of(dict(r.data), "Reward")) is not None}
    milestone_ids = {
        i for r in rows if (i := render.subject_of(dict(r.data), "Milestone")) is not None
    }
    if campaign_ids:
        reads.campaigns = {c.id: c for c in await Campaign.filter(id__in=campaign_ids)}
        reads.brands = {
            b.campaign_id: b
            for b in await CampaignEmailSettings.filter(campaign_id__in=campaign_ids)
        }
        reads.templates = {
            (t.campaign_id, t.kind): t
            for t in await EmailTemplate.filter(campaign_id__in=campaign_ids)
        }
    if advocate_ids:
        reads.advocates = {a.id: a for a in await Advocate.filter(id__in=advocate_ids)}
        pairs = {(r.campaign_id, r.advocate_id) for r in rows}
        found = UnsubscribeLink.filter(advocate_id__in=advocate_ids, campaign_id__in=campaign_ids)
        reads.unsubscribe = {
            (u.campaign_id, u.advocate_id): u
            for u in await found
            if (u.campaign_id, u.advocate_id) in pairs
        }
        links = ReferralLink.filter(advocate_id__in=advocate_ids, campaign_id__in=campaign_ids)
        reads.codes = {
            (c, a): code
            for c, a, code in await links.values_list("campaign_id", "advocate_id", "code")
            if (c, a) in pairs
        }
    if keys:
        reads.suppressed = await suppression.reasons_for(keys)
    if reward_ids:
        reads.rewards = {r.id: r for r in await Reward.filter(id__in=reward_ids)}
    if milestone_ids:
        reads.milestones = {m.id: m for m in await Milestone.filter(id__in=milestone_ids)}
    return reads
