"""Staff API for campaign emails: branding, templates, nudge cadence, previews, suppression."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.email import staff
from server.email.models import EmailKind as EmailKindModel
from server.email.models import SuppressionReason
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.email.types import (
    EmailKind,
    EmailPreview,
    EmailSuppressed,
    EmailSwitches,
    NudgeCadence,
)
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs, needs

CampaignResult = Annotated[Campaign | UserError, strawberry.union("CampaignBrandingResult")]
PreviewResult = Annotated[EmailPreview | UserError, strawberry.union("EmailPreviewResult")]
CadenceResult = Annotated[NudgeCadence | UserError, strawberry.union("NudgeCadenceResult")]
SwitchesResult = Annotated[EmailSwitches | UserError, strawberry.union("EmailSwitchesResult")]
SuppressResult = Annotated[EmailSuppressed | UserError, strawberry.union("SuppressEmailResult")]

SuppressReason = strawberry.enum(SuppressionReason, name="EmailSuppressionReason")


@strawberry.input
class SetCampaignBrandingInput:
    campaign_id: strawberry.ID
    logo_url: str | None = None
    accent_color: str | None = None
    sender_name: str | None = None


@strawberry.input
class SetEmailTemplateInput:
    campaign_id: strawberry.ID
    kind: EmailKind  # type: ignore[valid-type]
    subject: str | None = strawberry.field(
        default=None, description="Jinja2; all three null: back to the default template."
    )
    text: str | None = None
    html: str | None = strawberry.field(default=None, description="Jinja2, autoescaped.")


@strawberry.input
class SetNudgeCadenceInput:
    campaign_id: strawberry.ID
    enabled: bool = True
    days: list[int] = strawberry.field(description="Days after joining, e.g. [3, 14].")
    repeat_days: int = strawberry.field(
        default=30, description="Then one every so many days (30 to 365); 0: never."
    )


@strawberry.input
class SetEmailKindEnabledInput:
    campaign_id: strawberry.ID
    kind: EmailKind  # type: ignore[valid-type]
    enabled: bool


@strawberry.input
class SuppressEmailInput:
    email: str
    reason: SuppressReason = SuppressionReason.COMPLAINED  # type: ignore[valid-type]


@strawberry.type
class EmailQueries:
    @strawberry.field(
        extensions=needs(Permission.CAMPAIGNS_READ),
        description="An email as it would be sent: to that advocate, else with sample data.",
    )
    async def preview_email(
        self,
        info: Info,
        campaign_id: strawberry.ID,
        kind: EmailKind,  # type: ignore[valid-type]
        advocate_id: strawberry.ID | None = None,
    ) -> EmailPreview:
        done = await staff.preview(
            settings=info.context.settings,
            campaign_id=parse_id(campaign_id, "campaignId", "Campaign"),
            kind=EmailKindModel(kind),
            advocate_id=parse_id(advocate_id, "advocateId", "Advocate")
            if advocate_id is not None
            else None,
        )
        return EmailPreview(kind=kind, subject=done.subject, text=done.text, html=done.html)

    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ))
    async def nudge_cadence(self, info: Info, campaign_id: strawberry.ID) -> NudgeCadence:
        cadence = await staff.cadence_of(parse_id(campaign_id, "campaignId", "Campaign"))
        return NudgeCadence(
            enabled=cadence.enabled, days=list(cadence.days), repeat_days=cadence.repeat_days
        )

    @strawberry.field(
        extensions=needs(Permission.CAMPAIGNS_READ),
        description="Which kinds of advocate email the campaign sends.",
    )
    async def email_switches(self, info: Info, campaign_id: strawberry.ID) -> EmailSwitches:
        from server.campaigns.models import Campaign as CampaignModel

        cid = parse_id(campaign_id, "campaignId", "Campaign")
        campaign = await CampaignModel.get_or_none(id=cid)
        return EmailSwitches.of(list(campaign.emails_off) if campaign else [])


@strawberry.type
class EmailMutations:
    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def set_campaign_branding(
        self, info: Info, input: SetCampaignBrandingInput
    ) -> CampaignResult:
        async def run() -> Campaign:
            ctx = info.context
            row = await staff.set_branding(
                campaign_id=parse_id(input.campaign_id, "campaignId", "Campaign"),
                logo_url=input.logo_url,
                accent_color=input.accent_color,
                sender_name=input.sender_name,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            from server.campaigns.models import Campaign as CampaignModel

            return Campaign.of(await CampaignModel.get(id=row.campaign_id))

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.CAMPAIGNS_WRITE),
        description="A campaign's own wording for one kind of email (checked by rendering it).",
    )
    async def set_email_template(self, info: Info, input: SetEmailTemplateInput) -> PreviewResult:
        async def run() -> EmailPreview:
            ctx = info.context
            cid = parse_id(input.campaign_id, "campaignId", "Campaign")
            kind = EmailKindModel(input.kind)
            await staff.set_template(
                settings=ctx.settings,
                campaign_id=cid,
                kind=kind,
                subject=input.subject,
                text=input.text,
                html=input.html,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            done = await staff.preview(
                settings=ctx.settings, campaign_id=cid, kind=kind, advocate_id=None
            )
            return EmailPreview(
                kind=input.kind, subject=done.subject, text=done.text, html=done.html
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def set_nudge_cadence(self, info: Info, input: SetNudgeCadenceInput) -> CadenceResult:
        async def run() -> NudgeCadence:
            ctx = info.context
            row = await staff.set_cadence(
                campaign_id=parse_id(input.campaign_id, "campaignId", "Campaign"),
                enabled=input.enabled,
                days=input.days,
                repeat_days=input.repeat_days,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return NudgeCadence(
                enabled=row.nudge_enabled,
                days=list(row.nudge_days),
                repeat_days=row.nudge_repeat_days,
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.CAMPAIGNS_WRITE),
        description="Switch one kind of advocate email on or off (not sign-in links).",
    )
    async def set_email_kind_enabled(
        self, info: Info, input: SetEmailKindEnabledInput
    ) -> SwitchesResult:
        async def run() -> EmailSwitches:
            ctx = info.context
            campaign = await staff.set_email_kind(
                campaign_id=parse_id(input.campaign_id, "campaignId", "Campaign"),
                kind=EmailKindModel(input.kind),
                enabled=input.enabled,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return EmailSwitches.of(list(campaign.emails_off))

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_WRITE),
        description="Stop emailing an address (a complaint, or a bounce reported later).",
    )
    async def suppress_email(self, info: Info, input: SuppressEmailInput) -> SuppressResult:
        async def run() -> EmailSuppressed:
            ctx = info.context
            row = await staff.suppress(
                email=input.email,
                reason=SuppressionReason(input.reason),
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return EmailSuppressed(reason=row.reason.value)

        return await attempt(run())
