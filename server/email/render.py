"""Rendering: Jinja2 templates (text + HTML, sandboxed, HTML autoescaped), the defaults in
templates/ or a campaign's own (EmailTemplate), filled from what the message is about."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from server.advocates.models import Advocate
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign
from server.email import isolated, sandbox, tokens
from server.email.models import CampaignEmailSettings, EmailKind, EmailTemplate
from server.errors import InvalidInput
from server.milestones.models import Milestone
from server.money import format_money
from server.referrals.models import ReferralLink
from server.rewards.models import Reward
from server.settings import Settings

MAX_RENDERED = sandbox.MAX_RENDERED
DEFAULT_ACCENT = "#4338ca"
SUBJECTS: dict[EmailKind, str] = {
    EmailKind.WELCOME: "Welcome to {{ campaign.name }}: your share link",
    EmailKind.SIGN_IN: "Your sign-in link for {{ campaign.name }}",
    EmailKind.FRIEND_SIGNED_UP: "A friend signed up with your link",
    EmailKind.REWARD_EARNED: "You earned {{ reward.amount }}",
    EmailKind.REWARD_APPROVED: "Your reward of {{ reward.amount }} is approved",
    EmailKind.REWARD_PAID: "Your reward of {{ reward.amount }} is paid",
    EmailKind.REWARD_REJECTED: "About your reward of {{ reward.amount }}",
    EmailKind.MILESTONE: (
        "You reached {{ milestone.threshold }} referral{{ 's' if milestone.threshold != 1 }}"
    ),
    EmailKind.NUDGE: "Share {{ campaign.name }} with a friend",
}
REJECT_REASONS = {
    "fraud": "the referral did not pass our checks",
    "self_referral": "it looked like a referral of yourself",
    "duplicate": "this order was already rewarded",
    "not_eligible": "the order is not eligible for this program",
    "refunded": "the order was refunded",
    "other": "it did not meet the program's terms",
}


# Amounts repeat from message to message; formatting one (babel) costs about as much as
# rendering a template.
_money = lru_cache(maxsize=1024)(format_money)


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


async def check_template(subject: str, text: str, html: str, sample: dict[str, Any]) -> Rendered:
    """A campaign's template must compile and render against sample data in the render
    process (server/email/isolated.py), within its memory, time and size limits. A part that
    fails is named as the field (`subject`, `text` or `html`); running out of memory or time
    is the template's as a whole (no field)."""
    try:
        return Rendered(*await isolated.render(subject, text, html, sample))
    except isolated.Exceeded as exc:
        raise InvalidInput(f"The template does not render: {exc}", field=exc.part) from None


async def rendered(kind: EmailKind, ctx: dict[str, Any], custom: EmailTemplate | None) -> Rendered:
    """The message from its context, in the campaign's own template for its kind if any: the
    defaults (ours) here, a campaign's own only in the render process (server/email/isolated.py);
    one failing there is a template error (`isolated.Exceeded`)."""
    if custom is None:
        return Rendered(*sandbox.render_parts(SUBJECTS[kind], None, None, ctx))
    return Rendered(*await isolated.render(custom.subject, custom.text, custom.html, ctx))


async def render(kind: EmailKind, ctx: dict[str, Any]) -> Rendered:
    campaign_id = ctx["campaign"]["id"]
    custom = await EmailTemplate.get_or_none(campaign_id=campaign_id, kind=kind)
    return await rendered(kind, ctx, custom)


def brand(row: CampaignEmailSettings | None) -> dict[str, str | None]:
    return {
        "logo_url": row.logo_url if row else None,
        "accent_color": (row.accent_color if row else None) or DEFAULT_ACCENT,
        "sender_name": row.sender_name if row else None,
    }


async def branding(campaign_id: int) -> dict[str, str | None]:
    return brand(await CampaignEmailSettings.get_or_none(campaign_id=campaign_id))


def sample_reward() -> dict[str, Any]:
    return {
        "amount": _money(1000, "USD"),
        "description": "Thank-you credit",
        "hold_until": None,
        "reason": REJECT_REASONS["not_eligible"],
        "note": "",
        "reference": "PAY-123",
    }


def subject_of(data: dict[str, Any], name: str) -> int | None:
    """The id of the Reward or Milestone a message's data is about, if it is about one."""
    subject_id = data.get("id")
    return int(str(subject_id)) if data.get("subject") == name and subject_id is not None else None


async def context(
    *,
    settings: Settings,
    kind: EmailKind,
    campaign: Campaign,
    advocate: Advocate | None,
    data: dict[str, Any],
    unsubscribe_url: str | None,
) -> dict[str, Any]:
    """Everything a template may use. Without an advocate (a preview): sample values."""
    link = (
        await ReferralLink.get_or_none(campaign_id=campaign.id, advocate_id=advocate.id)
        if advocate
        else None
    )
    reward_id, milestone_id = subject_of(data, "Reward"), subject_of(data, "Milestone")
    return fill(
        settings=settings,
        kind=kind,
        campaign=campaign,
        advocate=advocate,
        data=data,
        unsubscribe_url=unsubscribe_url,
        link_code=link.code if link else None,
        brand_values=await branding(campaign.id),
        reward=await Reward.get(id=reward_id) if reward_id is not None else None,
        milestone=await Milestone.get(id=milestone_id) if milestone_id is not None else None,
    )


def fill(
    *,
    settings: Settings,
    kind: EmailKind,
    campaign: Campaign,
    advocate: Advocate | None,
    data: dict[str, Any],
    unsubscribe_url: str | None,
    link_code: str | None,
    brand_values: dict[str, str | None],
    reward: Reward | None,
    milestone: Milestone | None,
) -> dict[str, Any]:
    """`context` from what it read (the email worker reads it for a whole batch at once)."""
    public = settings.public_url
    name = (advocate.name if advocate else "") or "there"
    ctx: dict[str, Any] = {
        "kind": kind.value,
        "campaign": {
            "id": campaign.id,
            "name": campaign.name,
            "description": campaign.description,
            "terms": campaign.terms,
            "landing_url": campaign.landing_url,
            "friend_reward": campaign.friend_reward_text,
        },
        "advocate": {"name": name, "first_name": name.split()[0] if name.split() else name},
        "brand": brand_values,
        "share_url": campaign_rules.share_url(public, link_code or "SAMPLE"),
        "portal_url": f"{public}/portal",
        "sign_in_url": f"{public}/portal/sign-in#token=SAMPLE",
        "unsubscribe_url": None,
        "reward": sample_reward(),
        "milestone": {"threshold": 3, "value": 3},
    }
    if "sign_in_id" in data:
        token = tokens.sign_in_token(settings, int(str(data["sign_in_id"])))
        ctx["sign_in_url"] = f"{public}/portal/sign-in#token={token}"
    if kind is not EmailKind.SIGN_IN:
        ctx["unsubscribe_url"] = unsubscribe_url
    if reward is not None:
        ctx["reward"] = {
            "amount": _money(reward.amount, reward.currency),
            "description": reward.description,
            "hold_until": reward.hold_until.date().isoformat() if reward.hold_until else None,
            "reason": REJECT_REASONS.get(reward.reject_reason or "", REJECT_REASONS["other"]),
            "note": reward.reject_note,
            "reference": reward.external_reference or "",
        }
    elif milestone is not None:
        ctx["milestone"] = {"threshold": milestone.threshold, "value": milestone.value}
    return ctx
