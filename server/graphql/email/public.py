"""The hosted pages' public API: the join page, joining, asking for a magic sign-in link and
exchanging it for a portal token. No staff credential; rate-limited per address."""

from __future__ import annotations

import hashlib
from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.email import service, tokens
from server.email.models import CampaignEmailSettings
from server.errors import RateLimited
from server.graphql.context import Info
from server.graphql.email.types import Branding, JoinAccepted, JoinPage, PortalSession
from server.graphql.errors import UserError, attempt
from server.graphql.permissions import mutation_needs, needs
from server.identity import canonical_email

JoinPageResult = Annotated[JoinPage | UserError, strawberry.union("JoinPageResult")]
JoinResult = Annotated[JoinAccepted | UserError, strawberry.union("JoinResult")]
PortalSessionResult = Annotated[PortalSession | UserError, strawberry.union("PortalSessionResult")]

ACCEPTED = (
    "Thanks! Check your inbox: we sent you an email with your link. If nothing arrives in a few "
    "minutes, check your spam folder."
)
# Sign-in emails to one inbox, whoever asks: beyond this, the answer stays the same and no
# email goes out (so nobody can flood a stranger's inbox through the form).
INBOX_LIMIT = "3/10minutes;10/day"


@strawberry.input
class JoinCampaignInput:
    slug: str
    name: str
    email: str
    consent: bool
    form_token: str
    website: str = strawberry.field(
        default="", description="Leave empty: a field people never see (a honeypot)."
    )


@strawberry.input
class RequestPortalLinkInput:
    slug: str
    email: str
    form_token: str


async def _address_limit(info: Info, bucket: str = "join") -> None:
    ctx = info.context
    wait = await ctx.services.limiter.retry_after(ctx.settings.join_limit, bucket, ctx.ip_hash)
    if wait is not None:
        raise RateLimited(f"Too many requests; retry in {wait} s.", retry_after=wait)


async def _inbox_allows(info: Info, email: str) -> bool:
    ctx = info.context
    digest = hashlib.sha256(canonical_email(email).encode()).hexdigest()[:32]
    return await ctx.services.limiter.retry_after(INBOX_LIMIT, "join-inbox", digest) is None


@strawberry.type
class JoinQueries:
    @strawberry.field(
        extensions=needs(Permission.PUBLIC),
        description="The hosted join page of a campaign, with a fresh form token.",
    )
    async def join_page(self, info: Info, slug: str) -> JoinPageResult:
        async def run() -> JoinPage:
            ctx = info.context
            campaign = await service.campaign_by_slug(slug)
            now = ctx.clock.now()
            look = await CampaignEmailSettings.get_or_none(campaign_id=campaign.id)
            return JoinPage(
                campaign_name=campaign.name,
                pitch=campaign.description,
                terms=campaign.terms,
                open=service.is_open(campaign, now),
                branding=Branding.of(look),
                form_token=tokens.form_token(ctx.settings, campaign.slug, now),
            )

        return await attempt(run())


@strawberry.type
class JoinMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.PUBLIC),
        description="Join a campaign from its hosted page; emails a sign-in link. The same "
        "answer whether or not the address was already enrolled.",
    )
    async def join_campaign(self, info: Info, input: JoinCampaignInput) -> JoinResult:
        async def run() -> JoinAccepted:
            ctx = info.context
            await _address_limit(info)
            await service.accept_join(
                settings=ctx.settings,
                box=ctx.services.secret_box,
                slug=input.slug,
                name=input.name,
                email=input.email,
                consent=input.consent,
                form_token=input.form_token,
                honeypot=input.website,
                send=not input.website and await _inbox_allows(info, input.email),
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return JoinAccepted(message=ACCEPTED)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.PUBLIC),
        description="Email a sign-in link if the address is enrolled; the same answer if not.",
    )
    async def request_portal_link(self, info: Info, input: RequestPortalLinkInput) -> JoinResult:
        async def run() -> JoinAccepted:
            ctx = info.context
            await _address_limit(info)
            await service.accept_link_request(
                settings=ctx.settings,
                box=ctx.services.secret_box,
                slug=input.slug,
                email=input.email,
                form_token=input.form_token,
                send=await _inbox_allows(info, input.email),
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return JoinAccepted(message=ACCEPTED)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.PUBLIC),
        description="Exchange a magic sign-in link's token (once, within 30 minutes) for a "
        "portal token: INVALID_TOKEN, EXPIRED or ALREADY_USED otherwise.",
    )
    async def exchange_portal_link(self, info: Info, token: str) -> PortalSessionResult:
        async def run() -> PortalSession:
            ctx = info.context
            await _address_limit(info, "portal-exchange")
            done = await service.exchange(
                settings=ctx.settings, token=token, actor=ctx.actor, clock=ctx.clock
            )
            return PortalSession(portal_token=done.token, expires_at=done.expires_at)

        return await attempt(run())
