"""What a worker last knew of live links, so a friend still reaches the shop while the
database cannot be read. Only used when the lookup fails; bounded; per process."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from server.referrals.queries import RedirectLink
from server.referrals.rules import normalize_code

MAX_LINKS = 10_000


@dataclass(frozen=True, slots=True)
class KnownLink:
    code: str
    landing_url: str
    window_days: int


_known: OrderedDict[str, KnownLink] = OrderedDict()


def code_key(code: str) -> str:
    return "c:" + normalize_code(code)


def vanity_key(slug: str, vanity: str) -> str:
    return f"v:{slug}/{vanity.lower()}"


def remember(link: RedirectLink) -> None:
    """Called for a live link on each recorded visit."""
    campaign = link.campaign
    keys = [code_key(link.code)]
    known = _known.get(keys[0])
    if (
        known is None
        or known.code != link.code
        or known.landing_url != campaign.landing_url
        or known.window_days != campaign.attribution_window_days
    ):  # what it knew is still right on almost every visit: kept, not built again
        known = KnownLink(link.code, campaign.landing_url, campaign.attribution_window_days)
    if link.vanity_code:
        keys.append(vanity_key(campaign.slug, link.vanity_code))
    for key in keys:
        _known[key] = known
        _known.move_to_end(key)
    while len(_known) > MAX_LINKS:
        _known.popitem(last=False)


def recall(key: str) -> KnownLink | None:
    return _known.get(key)
