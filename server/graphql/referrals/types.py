from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.advocates.models import Advocate as AdvocateModel
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign as CampaignModel
from server.graphql.analytics.types import Money
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import ConversionStatus, LinkStatus, NoRewardReason, ReferralStatus
from server.graphql.fraud.types import ReferralRisk
from server.graphql.node import Entity
from server.graphql.pagination import Connection, Page, build
from server.graphql.permissions import needs
from server.graphql.referrals.reported import ReportedReward, rewards_of
from server.graphql.scalars import BigInt
from server.graphql.staff_names import decider_label
from server.referrals import rules
from server.referrals.models import Conversion as ConversionModel
from server.referrals.models import Referral as ReferralModel
from server.referrals.models import ReferralLink

if TYPE_CHECKING:
    from server.graphql.advocates.types import Advocate

AdvocateT = Annotated["Advocate", strawberry.lazy("server.graphql.advocates.types")]


async def campaign_of(info: Info, campaign_id: int) -> Campaign:
    found = await info.context.loaders.campaign.load(campaign_id)
    assert found is not None  # foreign keys guarantee it
    return Campaign.of(found)


def share_url_of(info: Info, code: str) -> str:
    return campaign_rules.share_url(info.context.settings.public_url, code)


@strawberry.type(description="Share content rendered for one advocate.")
class ShareContent:
    email_subject: str
    email_body: str
    social_message: str


@strawberry.type(description="An advocate's enrolment in a campaign: their code and share link.")
class Link(Entity):
    model: strawberry.Private[ReferralLink]
    node_model: ClassVar[type[Model]] = ReferralLink
    node_permission: ClassVar[Permission] = Permission.ADVOCATES_READ
    id: relay.NodeID[int]
    code: str
    vanity_code: str | None
    coupon_code: str | None = strawberry.field(
        description="Typed at checkout, it attributes the friend to this link (any case)."
    )
    status: LinkStatus
    created_at: datetime

    @classmethod
    def of(cls, m: ReferralLink) -> Link:
        return cls(
            model=m,
            id=m.id,
            code=m.code,
            vanity_code=m.vanity_code,
            coupon_code=m.coupon_code,
            status=m.status,
            created_at=m.created_at,
        )

    @strawberry.field(description="The code grouped for reading aloud, e.g. 7KQ4M-XW9TB.")
    def display_code(self) -> str:
        return rules.format_code(self.code)

    @strawberry.field
    def share_url(self, info: Info) -> str:
        return share_url_of(info, self.code)

    @strawberry.field
    async def vanity_url(self, info: Info) -> str | None:
        if self.vanity_code is None:
            return None
        campaign = await campaign_of(info, self.model.campaign_id)
        return f"{info.context.settings.public_url}/r/{campaign.slug}/{self.vanity_code}"

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign:
        return await campaign_of(info, self.model.campaign_id)

    @strawberry.field(
        extensions=needs(Permission.ADVOCATES_READ),
        description="Null (with a FORBIDDEN error) without advocates:read: the link and the "
        "rest of a mutation's answer stay readable.",
    )
    async def advocate(self, info: Info) -> AdvocateT | None:
        from server.graphql.advocates.types import Advocate

        found = await info.context.loaders.advocate.load(self.model.advocate_id)
        assert found is not None
        return Advocate.of(found)

    @strawberry.field
    async def share_content(self, info: Info) -> ShareContent:
        campaign = (await campaign_of(info, self.model.campaign_id)).model
        advocate = await info.context.loaders.advocate.load(self.model.advocate_id)
        assert advocate is not None
        return share_content_for(info, self.code, campaign, advocate)


def share_content_for(
    info: Info, code: str, campaign: CampaignModel, advocate: AdvocateModel
) -> ShareContent:
    share = campaign_rules.render_share(
        subject=campaign.share_email_subject,
        body=campaign.share_email_body,
        social=campaign.share_social_message,
        friend_reward=campaign.friend_reward_text,
        public_url=info.context.settings.public_url,
        code=code,
        advocate_name=advocate.name,
        advocate_email=advocate.email,
    )
    return ShareContent(
        email_subject=share.email_subject,
        email_body=share.email_body,
        social_message=share.social_message,
    )


@strawberry.type
class Conversion(Entity):
    model: strawberry.Private[ConversionModel]
    node_model: ClassVar[type[Model]] = ConversionModel
    node_permission: ClassVar[Permission] = Permission.ADVOCATES_READ
    id: relay.NodeID[int]
    external_order_id: str
    amount: Money
    refunded: Money
    status: ConversionStatus
    occurred_at: datetime
    test: bool

    @classmethod
    def of(cls, m: ConversionModel) -> Conversion:
        return cls(
            model=m,
            id=m.id,
            external_order_id=m.external_order_id,
            amount=Money(amount=BigInt(m.amount), currency=m.currency),
            refunded=Money(amount=BigInt(m.refunded_amount), currency=m.currency),
            status=m.status,
            occurred_at=m.occurred_at,
            test=m.test,
        )

    @strawberry.field(
        extensions=needs(Permission.ADVOCATES_READ, Permission.EVENTS_RECORD),
        description="Also readable by integrations that record events: the caller of "
        "recordConversion always reads the referral's id and status.",
    )
    async def referral(self, info: Info) -> Referral:
        found = await info.context.loaders.referral.load(self.model.referral_id)
        assert found is not None
        return Referral.of(found)

    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ, Permission.EVENTS_RECORD),
        description="Rewards this order earned and where they stand (no advocate identity): "
        "an integration reads whether its friend's reward was approved.",
    )
    async def rewards(self) -> list[ReportedReward]:
        return await rewards_of(conversion_id=self.model.id)

    @strawberry.field(
        description="Why this order earned no reward although it counts as a conversion: "
        "CURRENCY_MISMATCH when it is in another currency than the campaign's reward rules "
        "(money is never compared or converted across currencies). Null otherwise."
    )
    def no_reward_reason(self) -> NoRewardReason | None:
        return self.model.no_reward_reason


@strawberry.type(description="One touch a request carried, and what became of it.")
class AttributionCandidate:
    link_id: strawberry.Private[int | None]
    method: str = strawberry.field(description="visit_token, referral_code, coupon or staff.")
    touched_at: datetime | None = strawberry.field(
        description="The click's time; a code or coupon counts as touched at the event."
    )
    excluded: bool
    reason: str | None = strawberry.field(
        description="Why it was excluded: unknown, other_campaign, link_blocked, after_event "
        "or outside_window."
    )
    won: bool

    @strawberry.field(description="Null when the touch matched no link.")
    async def link(self, info: Info) -> Link | None:
        if self.link_id is None:
            return None
        found = await info.context.loaders.link.load(self.link_id)
        return Link.of(found) if found else None


@strawberry.type(description="How a referral was attributed: every touch and the rule that won.")
class Attribution:
    method: str
    decided_by: str = strawberry.field(
        description="only_candidate, first_touch, last_touch or staff:<who> (an email for "
        "callers with 'users:manage', the staff member's name for others)."
    )
    reason: str | None
    candidates: list[AttributionCandidate]

    @classmethod
    def of(cls, record: dict[str, Any], decided_by: str) -> Attribution:
        """`decided_by` is the record's decider as this caller may see it (decider_label)."""
        return cls(
            method=str(record["method"]),
            decided_by=decided_by,
            reason=record.get("reason"),
            candidates=[
                AttributionCandidate(
                    link_id=c.get("linkId"),
                    method=str(c["method"]),
                    touched_at=datetime.fromisoformat(c["touchedAt"])
                    if c.get("touchedAt")
                    else None,
                    excluded=c.get("excludedReason") is not None,
                    reason=c.get("excludedReason"),
                    won=bool(c.get("won")),
                )
                for c in record.get("candidates", [])
            ],
        )


@strawberry.type
class Referral(Entity):
    model: strawberry.Private[ReferralModel]
    node_model: ClassVar[type[Model]] = ReferralModel
    node_permission: ClassVar[Permission] = Permission.ADVOCATES_READ
    id: relay.NodeID[int]
    friend_email: str | None
    friend_external_id: str | None
    friend_name: str
    status: ReferralStatus
    attribution_method: str
    test: bool
    created_at: datetime
    signed_up_at: datetime | None
    converted_at: datetime | None
    rejected_at: datetime | None
    friend_stripe_customer_id: str | None = strawberry.field(
        description="The friend's rewards are credited to this Stripe customer when set."
    )
    friend_erased_at: datetime | None = strawberry.field(
        description="When the friend's personal data was erased (eraseFriend)."
    )

    @classmethod
    def of(cls, m: ReferralModel) -> Referral:
        return cls(
            model=m,
            id=m.id,
            friend_email=m.friend_email,
            friend_external_id=m.friend_external_id,
            friend_name=m.friend_name,
            status=m.status,
            attribution_method=m.attribution_method,
            test=m.test,
            created_at=m.created_at,
            signed_up_at=m.signed_up_at,
            converted_at=m.converted_at,
            rejected_at=m.rejected_at,
            friend_stripe_customer_id=m.friend_stripe_customer_id,
            friend_erased_at=m.friend_erased_at,
        )

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign:
        return await campaign_of(info, self.model.campaign_id)

    @strawberry.field
    async def link(self, info: Info) -> Link:
        found = await info.context.loaders.link.load(self.model.link_id)
        assert found is not None
        return Link.of(found)

    @strawberry.field(description="Null for referrals recorded before attribution was kept.")
    async def attribution(self, info: Info) -> Attribution | None:
        record = self.model.attribution
        if not record:
            return None
        return Attribution.of(record, await decider_label(info, str(record["decidedBy"])))

    @strawberry.field(description="The friend's orders, oldest first.")
    async def conversions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Conversion]:
        page = Page.of(first, after, last, before)
        rows = await info.context.loaders.referral_conversions_page.load((self.model.id, page))
        return build(rows, page, lambda r: r.id, Conversion.of)

    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ, Permission.EVENTS_RECORD),
        description="Every reward of this referral (signup and orders), without advocate identity.",
    )
    async def rewards(self) -> list[ReportedReward]:
        return await rewards_of(referral_id=self.model.id)

    @strawberry.field(description="Fraud rules that fired for this friend and the review.")
    def risk(self, info: Info) -> ReferralRisk:
        visible = info.context.viewer.can(Permission.FRAUD_REVIEW)
        return ReferralRisk.of(self.model, blocklist_visible=visible)
