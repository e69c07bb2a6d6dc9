"""Links and clicks: the redirect's lookups and its durable click."""

from __future__ import annotations

from datetime import datetime

from server.campaigns.cache import CampaignCache
from server.referrals import queries, rules
from server.referrals.models import (
    ReferralLink,
)
from server.referrals.queries import RedirectLink


async def link_for_redirect(cache: CampaignCache, code: str) -> RedirectLink | None:
    """One indexed lookup; the campaign's config comes from the per-process cache."""
    normalized = rules.normalize_code(code)
    if not rules.is_wellformed_code(normalized):
        return None
    return await queries.link_by_code(cache, normalized)


async def vanity_link_for_redirect(
    cache: CampaignCache, slug: str, vanity: str
) -> RedirectLink | None:
    return await queries.link_by_vanity(cache, slug, vanity.lower())


async def record_click(
    *, link: ReferralLink | RedirectLink, ip_hash: str, ua_hash: str, now: datetime
) -> queries.NewClick:
    """Durable when it returns: the click's (group) commit has happened."""
    return await queries.insert_click(
        link_id=link.id,
        campaign_id=link.campaign_id,
        test=link.campaign.test_mode,
        ip_hash=ip_hash,
        ua_hash=ua_hash,
        now=now,
    )
