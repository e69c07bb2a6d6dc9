from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts import sessions as accounts
from server.accounts.permissions import Permission
from server.advocates import service as advocates
from server.campaigns import rules as campaign_rules
from server.campaigns.service import now_of
from server.graphql.analytics.types import Money
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs, needs
from server.graphql.portal.types import Portal, PortalCampaign, PortalReferral, PortalReward
from server.graphql.referrals.types import Link, share_content_for, share_url_of
from server.graphql.scalars import BigInt
from server.referrals import rules
from server.referrals.models import ReferralLink


@strawberry.type
class PortalQueries:
    @strawberry.field(
        extensions=needs(Permission.PORTAL),
        description="The calling advocate's own portal (send their portal token as bearer).",
    )
    async def portal(self, info: Info) -> Portal:
        link = info.context.viewer.portal_link
        assert link is not None  # guaranteed by the PORTAL permission
        view = await advocates.portal(link)
        campaign, advocate = view.campaign, view.advocate
        now = info.context.clock.now()
        return Portal(
            link=link,
            campaign_time=now_of(campaign, info.context.clock),
            campaign_model=campaign,
            advocate_name=advocate.name,
            code=link.code,
            display_code=rules.format_code(link.code),
            share_url=share_url_of(info, link.code),
            share_content=share_content_for(info, link.code, campaign, advocate),
            campaign=PortalCampaign(
                name=campaign.name,
                description=campaign.description,
                terms=campaign.terms,
                landing_url=campaign.landing_url,
                friend_reward=campaign.friend_reward_text,
                phase=campaign_rules.phase(
                    campaign.status, campaign.starts_at, campaign.ends_at, now
                ),
            ),
            referrals=[
                PortalReferral(
                    friend=f.masked_email,
                    status=f.referral.status,
                    created_at=f.referral.created_at,
                    converted_at=f.referral.converted_at,
                )
                for f in view.friends
            ],
            rewards=[
                PortalReward(
                    value=Money(amount=BigInt(r.amount), currency=r.currency),
                    kind=r.kind,
                    description=r.description,
                    status=r.status,
                    hold_until=r.hold_until,
                    reject_reason=r.reject_reason,
                    reject_note=r.reject_note,
                    created_at=r.created_at,
                )
                for r in view.rewards
            ],
        )


@strawberry.type
class PortalToken:
    token: str = strawberry.field(
        description="Give this to the advocate's portal frontend. Shown exactly once."
    )
    link: Link


PortalTokenResult = Annotated[PortalToken | UserError, strawberry.union("PortalTokenResult")]
LinkResult = Annotated[Link | UserError, strawberry.union("LinkResult")]


@strawberry.type
class PortalMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.PORTAL_ISSUE),
        description="Issue a portal token for a link; any earlier token stops working.",
    )
    async def issue_portal_token(self, info: Info, link_id: strawberry.ID) -> PortalTokenResult:
        async def run() -> PortalToken:
            ctx = info.context
            lid = parse_id(link_id, "linkId", "Link")
            token = await accounts.issue_portal_token(link_id=lid, actor=ctx.actor, clock=ctx.clock)
            return PortalToken(token=token, link=Link.of(await ReferralLink.get(id=lid)))

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.PORTAL_ISSUE))
    async def revoke_portal_token(self, info: Info, link_id: strawberry.ID) -> LinkResult:
        async def run() -> Link:
            ctx = info.context
            lid = parse_id(link_id, "linkId", "Link")
            await accounts.revoke_portal_token(link_id=lid, actor=ctx.actor, clock=ctx.clock)
            return Link.of(await ReferralLink.get(id=lid))

        return await attempt(run())
