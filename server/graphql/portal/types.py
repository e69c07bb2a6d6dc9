"""What an advocate sees through their portal token: their own link and results, no more.
Separate types on purpose: nothing here leads to another advocate or to staff data."""

from __future__ import annotations

from datetime import datetime

import strawberry

from server.advocates import portal as portal_reads
from server.advocates.progress import NextMilestone, NextTier
from server.campaigns.models import Campaign as CampaignModel
from server.email.models import CampaignEmailSettings
from server.graphql.analytics.types import Earnings, Money
from server.graphql.email.types import Branding
from server.graphql.enums import Phase, ReferralStatus, RewardKind, RewardStatus
from server.graphql.referrals.types import ShareContent
from server.graphql.scalars import BigInt
from server.referrals import sharing
from server.referrals.models import ReferralLink
from server.referrals.sharing import ShareChannel

strawberry.enum(ShareChannel)


@strawberry.type
class PortalCampaign:
    name: str
    description: str
    terms: str
    landing_url: str
    friend_reward: str
    phase: Phase


@strawberry.type
class PortalReferral:
    friend: str = strawberry.field(description="The friend's email, masked: j***@example.com.")
    status: ReferralStatus
    created_at: datetime
    converted_at: datetime | None


@strawberry.type
class PortalReward:
    value: Money
    kind: RewardKind
    description: str
    status: RewardStatus
    hold_until: datetime | None
    reject_reason: str | None = strawberry.field(description="Why it was rejected, if it was.")
    reject_note: str
    created_at: datetime


@strawberry.type(description="A ready-to-open share action: mailto:, sms: or a site's intent URL.")
class ShareIntent:
    channel: ShareChannel
    label: str
    url: str


@strawberry.type(description="The nearest reward tier the advocate has not reached yet.")
class PortalTier:
    after_referrals: int = strawberry.field(
        description="From this many converted referrals on, advocate rewards pay this tier."
    )
    remaining: int
    fixed_amount: Money | None
    percent_bps: int | None = strawberry.field(description="Basis points of the order amount.")
    max_amount: Money | None
    description: str

    @classmethod
    def of(cls, t: NextTier) -> PortalTier:
        def money(amount: int | None) -> Money | None:
            return None if amount is None else Money(amount=BigInt(amount), currency=t.currency)

        return cls(
            after_referrals=t.after_referrals,
            remaining=t.remaining,
            fixed_amount=money(t.fixed_amount),
            percent_bps=t.percent_bps,
            max_amount=money(t.max_amount),
            description=t.description,
        )


@strawberry.type(description="The advocate's next referral milestone.")
class PortalMilestone:
    threshold: int
    remaining: int

    @classmethod
    def of(cls, m: NextMilestone) -> PortalMilestone:
        return cls(threshold=m.threshold, remaining=m.remaining)


@strawberry.type
class PortalProgress:
    converted_referrals: int = strawberry.field(description="Friends who have bought so far.")
    next_tier: PortalTier | None
    next_milestone: PortalMilestone | None


@strawberry.type
class Portal:
    link: strawberry.Private[ReferralLink]
    campaign_time: strawberry.Private[datetime]
    campaign_model: strawberry.Private[CampaignModel]
    advocate_name: str
    code: str
    display_code: str
    share_url: str
    share_content: ShareContent
    campaign: PortalCampaign
    referrals: list[PortalReferral] = strawberry.field(
        description="The advocate's newest friends, at most 100 (a bounded list)."
    )
    rewards: list[PortalReward] = strawberry.field(
        description="The advocate's newest rewards, at most 100 (a bounded list)."
    )

    @strawberry.field(description="The campaign's look: logo, accent colour, sender name.")
    async def branding(self) -> Branding:
        return Branding.of(
            await CampaignEmailSettings.get_or_none(campaign_id=self.link.campaign_id)
        )

    @strawberry.field(description="One share action per channel, with the message and link.")
    def share_intents(self) -> list[ShareIntent]:
        return [
            ShareIntent(channel=i.channel, label=i.label, url=i.url)
            for i in sharing.share_intents(
                share_url=self.share_url,
                email_subject=self.share_content.email_subject,
                email_body=self.share_content.email_body,
                social_message=self.share_content.social_message,
            )
        ]

    @strawberry.field(description="The share link as an SVG QR code (markup, dark on white).")
    def qr_svg(self) -> str:
        return sharing.qr_svg(self.share_url)

    @strawberry.field(
        description="Earned through this link and not paid out yet, per currency: rewards "
        "still on hold included (`earnings` splits it)."
    )
    async def balance(self) -> list[Money]:
        return Money.each(await portal_reads.balance(self.link))

    @strawberry.field(description="The balance split into pending and approved, and payouts.")
    async def earnings(self) -> Earnings:
        return Earnings.of(await portal_reads.earnings(self.link.advocate_id, link_id=self.link.id))

    @strawberry.field(description="Converted referrals, the next reward tier and milestone.")
    async def progress(self) -> PortalProgress:
        p = await portal_reads.progress_of(self.link, self.campaign_model, self.campaign_time)
        return PortalProgress(
            converted_referrals=p.successful_referrals,
            next_tier=PortalTier.of(p.next_tier) if p.next_tier else None,
            next_milestone=PortalMilestone.of(p.next_milestone) if p.next_milestone else None,
        )
