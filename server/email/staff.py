"""Staff use-cases for campaign emails: branding, templates, nudge cadence, previews and
suppressing an address (a complaint). Each audited."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import TemplateError
from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.email import render, rules, suppression
from server.email.models import (
    CampaignEmailSettings,
    EmailKind,
    EmailSuppression,
    EmailTemplate,
    SuppressionReason,
)
from server.errors import InvalidInput, NotFound
from server.referrals import rules as referral_rules
from server.referrals.models import ReferralLink
from server.settings import Settings

MAX_TEMPLATE_CHARS = 50_000


async def _campaign(campaign_id: int) -> Campaign:
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    return campaign


async def email_settings(campaign_id: int) -> CampaignEmailSettings | None:
    return await CampaignEmailSettings.get_or_none(campaign_id=campaign_id)


async def cadence_of(campaign_id: int) -> rules.Cadence:
    row = await email_settings(campaign_id)
    if row is None:
        return rules.Cadence()
    return rules.Cadence(
        days=tuple(row.nudge_days), repeat_days=row.nudge_repeat_days, enabled=row.nudge_enabled
    )


async def _save_settings(
    campaign: Campaign, values: dict[str, object], action: str, actor: Actor, clock: Clock
) -> CampaignEmailSettings:
    now = clock.now()
    async with in_transaction() as conn:
        row = await CampaignEmailSettings.get_or_none(campaign_id=campaign.id, using_db=conn)
        if row is None:
            row = await CampaignEmailSettings.create(
                campaign_id=campaign.id, updated_at=now, using_db=conn, **values
            )
            before: dict[str, object] = {}
        else:
            before = {k: getattr(row, k) for k in values}
            await (
                CampaignEmailSettings.filter(id=row.id)
                .using_db(conn)
                .update(updated_at=now, **values)
            )
            row = await CampaignEmailSettings.get(id=row.id, using_db=conn)
        changes = {k: [before.get(k), v] for k, v in values.items() if before.get(k) != v}
        await audit.record(
            actor=actor, action=action, target=campaign, now=now, changes=changes, using=conn
        )
    return row


async def set_branding(
    *,
    campaign_id: int,
    logo_url: str | None,
    accent_color: str | None,
    sender_name: str | None,
    actor: Actor,
    clock: Clock,
) -> CampaignEmailSettings:
    values: dict[str, object] = {
        "logo_url": rules.validate_logo_url(logo_url),
        "accent_color": rules.validate_accent(accent_color),
        "sender_name": rules.validate_sender_name(sender_name),
    }
    campaign = await _campaign(campaign_id)
    return await _save_settings(campaign, values, "campaign.branding", actor, clock)


async def set_cadence(
    *,
    campaign_id: int,
    enabled: bool,
    days: Sequence[int],
    repeat_days: int,
    actor: Actor,
    clock: Clock,
) -> CampaignEmailSettings:
    cadence = rules.validate_cadence(days, repeat_days)
    values: dict[str, object] = {
        "nudge_enabled": enabled,
        "nudge_days": list(cadence.days),
        "nudge_repeat_days": cadence.repeat_days,
    }
    campaign = await _campaign(campaign_id)
    return await _save_settings(campaign, values, "campaign.nudge_cadence", actor, clock)


async def set_email_kind(
    *, campaign_id: int, kind: EmailKind, enabled: bool, actor: Actor, clock: Clock
) -> Campaign:
    """Switch one kind of advocate email on or off for a campaign (not sign-in links); the
    outbox writer (server/email/events.py) skips kinds that are off."""
    now = clock.now()
    async with in_transaction() as conn:
        campaign = await Campaign.select_for_update().using_db(conn).get_or_none(id=campaign_id)
        if campaign is None:
            raise NotFound("No such campaign.", field="campaignId")
        before = list(campaign.emails_off)
        after = rules.emails_off(before, kind, enabled)
        if after != before:
            await Campaign.filter(id=campaign.id).using_db(conn).update(emails_off=after)
            campaign.emails_off = after
            await audit.record(
                actor=actor,
                action="campaign.email_kind",
                target=campaign,
                now=now,
                changes={"emails_off": [before, after], "kind": [None, kind.value]},
                using=conn,
            )
    return campaign


async def set_template(
    *,
    settings: Settings,
    campaign_id: int,
    kind: EmailKind,
    subject: str | None,
    text: str | None,
    html: str | None,
    actor: Actor,
    clock: Clock,
) -> EmailTemplate | None:
    """A campaign's own template for `kind`; all three parts None: back to the default."""
    campaign = await _campaign(campaign_id)
    now = clock.now()
    if subject is None and text is None and html is None:
        async with in_transaction() as conn:
            await EmailTemplate.filter(campaign_id=campaign.id, kind=kind).using_db(conn).delete()
            await audit.record(
                actor=actor,
                action="email_template.reset",
                target=campaign,
                now=now,
                changes={"kind": [kind.value, None]},
                using=conn,
            )
        return None
    if subject is None or text is None or html is None:
        raise InvalidInput("Give the subject, text and HTML together.", field="subject")
    if len(subject) > 300 or max(len(text), len(html)) > MAX_TEMPLATE_CHARS:
        raise InvalidInput(
            f"The subject is at most 300 characters, each body {MAX_TEMPLATE_CHARS}.",
            field="subject",
        )
    sample = await render.context(
        settings=settings,
        kind=kind,
        campaign=campaign,
        advocate=None,
        data={},
        unsubscribe_url=None,
    )
    await render.check_template(subject, text, html, sample)
    async with in_transaction() as conn:
        row = await EmailTemplate.get_or_none(campaign_id=campaign.id, kind=kind, using_db=conn)
        if row is None:
            row = await EmailTemplate.create(
                campaign_id=campaign.id,
                kind=kind,
                subject=subject,
                text=text,
                html=html,
                updated_at=now,
                using_db=conn,
            )
        else:
            row.subject, row.text, row.html, row.updated_at = subject, text, html, now
            await row.save(using_db=conn)
        await audit.record(
            actor=actor,
            action="email_template.set",
            target=campaign,
            now=now,
            changes={"kind": [None, kind.value]},
            using=conn,
        )
    return row


async def preview(
    *, settings: Settings, campaign_id: int, kind: EmailKind, advocate_id: int | None
) -> render.Rendered:
    """The email as it would go out: to that advocate (of this campaign), else sample data."""
    campaign = await _campaign(campaign_id)
    advocate = None
    if advocate_id is not None:
        if not await ReferralLink.exists(campaign_id=campaign.id, advocate_id=advocate_id):
            raise NotFound("No such advocate in this campaign.", field="advocateId")
        advocate = await Advocate.get(id=advocate_id)
    ctx = await render.context(
        settings=settings,
        kind=kind,
        campaign=campaign,
        advocate=advocate,
        data={},
        # A preview shows where the link goes, never a working one.
        unsubscribe_url=f"{settings.public_url}/unsubscribe/SAMPLE",
    )
    try:
        return await render.render(kind, ctx)
    except TemplateError as exc:  # with this advocate's data (the check used sample data)
        raise InvalidInput(f"The template does not render: {exc}") from None


async def suppress(
    *, email: str, reason: SuppressionReason, actor: Actor, clock: Clock
) -> EmailSuppression:
    """Record a complaint (or a bounce reported later, or an unsubscribe by other means)."""
    address = referral_rules.normalize_email(email)
    row = await suppression.suppress(address=address, reason=reason, detail="staff", clock=clock)
    async with in_transaction() as conn:
        await audit.record(
            actor=actor,
            action="email.suppress",
            target=row,
            now=clock.now(),
            changes={"reason": [None, reason.value]},
            using=conn,
        )
    return row
