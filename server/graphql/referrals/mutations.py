from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.advocates import service as advocates
from server.fraud.evidence import Evidence, RawEvidence, hash_evidence
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs
from server.graphql.referrals.direct_input import built_directly
from server.graphql.referrals.types import Conversion, Link, Referral
from server.graphql.scalars import BigInt
from server.referrals import service
from server.referrals.service import FriendRef, Order


@strawberry.type
class Enrollment:
    link: Link
    created: bool = strawberry.field(description="False when the advocate was already enrolled.")


@strawberry.type
class ConversionRecorded:
    conversion: Conversion
    replayed: bool = strawberry.field(
        description="True when this idempotency key was seen before and nothing new was written."
    )


EnrollmentResult = Annotated[Enrollment | UserError, strawberry.union("EnrollmentResult")]
LinkResult = Annotated[Link | UserError, strawberry.union("LinkResult")]
ReferralResult = Annotated[Referral | UserError, strawberry.union("ReferralResult")]
ConversionResult = Annotated[ConversionRecorded | UserError, strawberry.union("ConversionResult")]


DEVICE_HELP = (
    "A first-party device or cookie id (e.g. minted by vouch.js), for fraud checks; "
    "hashed with a keyed hash on receipt, never stored."
)
PAYMENT_HELP = (
    "The payment method's fingerprint (e.g. Stripe's card fingerprint), for fraud checks; "
    "hashed with a keyed hash on receipt, never stored."
)
EVIDENCE_HELP = "For fraud checks; normalised and hashed with a keyed hash, never stored."


@strawberry.input
class EnrollAdvocateInput:
    campaign_id: strawberry.ID
    email: str
    name: str | None = None
    external_id: str | None = None
    vanity_code: str | None = None
    coupon_code: str | None = strawberry.field(
        default=None,
        description="Checkout coupon for a new enrolment (unique per campaign, any case); "
        "setLinkCoupon changes it later.",
    )
    ip_address: str | None = strawberry.field(
        default=None, description="The advocate's own session; hashed, never stored."
    )
    user_agent: str | None = None
    device_id: str | None = strawberry.field(default=None, description=DEVICE_HELP)
    payment_fingerprint: str | None = strawberry.field(default=None, description=PAYMENT_HELP)
    phone: str | None = strawberry.field(default=None, description=EVIDENCE_HELP)
    address: str | None = strawberry.field(default=None, description=EVIDENCE_HELP)
    test_data: bool = strawberry.field(
        default=False,
        description="Write test data: needed when a live API key (vch_live_) writes to a "
        "test-mode campaign; refused for a live campaign. A test key writes test data only.",
    )


@built_directly
@strawberry.input(
    description="Identify the friend: touches (referral code, coupon, visit tokens) for a new "
    "friend, or an email / external id already referred in the campaign. Every touch is "
    "considered; the campaign's attribution model picks the winner."
)
class FriendInput:
    campaign_id: strawberry.ID | None = None
    referral_code: str | None = None
    visit_token: str | None = None
    visit_tokens: list[str] | None = strawberry.field(
        default=None, description="Visit tokens from the shop's cookie history (at most 10)."
    )
    coupon_code: str | None = strawberry.field(
        default=None, description="A referral coupon typed at checkout."
    )
    email: str | None = None
    external_id: str | None = None
    test_data: bool = strawberry.field(
        default=False,
        description="Write test data: needed when a live API key (vch_live_) writes to a "
        "test-mode campaign; refused for a live campaign. A test key writes test data only.",
    )


SESSION_HELP = "The friend's session as the shop saw it (fraud checks); hashed, never stored."


@strawberry.input
class ReattributeReferralInput:
    referral_id: strawberry.ID
    link_id: strawberry.ID | None = strawberry.field(
        default=None, description="The new link; or give its code."
    )
    code: str | None = None
    reason: str


@built_directly
@strawberry.input
class RecordSignupInput:
    friend: FriendInput
    name: str | None = None
    occurred_at: datetime | None = None
    ip_address: str | None = strawberry.field(default=None, description=SESSION_HELP)
    user_agent: str | None = None
    device_id: str | None = strawberry.field(default=None, description=DEVICE_HELP)
    payment_fingerprint: str | None = strawberry.field(default=None, description=PAYMENT_HELP)
    phone: str | None = strawberry.field(default=None, description=EVIDENCE_HELP)
    address: str | None = strawberry.field(default=None, description=EVIDENCE_HELP)


@built_directly
@strawberry.input
class RecordConversionInput:
    friend: FriendInput
    external_order_id: str
    amount: BigInt = strawberry.field(description="Order total in minor units.")
    currency: str
    idempotency_key: str
    occurred_at: datetime | None = None
    ip_address: str | None = strawberry.field(default=None, description=SESSION_HELP)
    user_agent: str | None = None
    device_id: str | None = strawberry.field(default=None, description=DEVICE_HELP)
    payment_fingerprint: str | None = strawberry.field(default=None, description=PAYMENT_HELP)
    phone: str | None = strawberry.field(default=None, description=EVIDENCE_HELP)
    address: str | None = strawberry.field(default=None, description=EVIDENCE_HELP)


@strawberry.input
class RecordRefundInput:
    conversion_id: strawberry.ID
    amount: BigInt
    idempotency_key: str
    reason: str = ""
    test_data: bool = strawberry.field(
        default=False,
        description="Write test data: needed when a live API key (vch_live_) writes to a "
        "test-mode campaign; refused for a live campaign. A test key writes test data only.",
    )


def _evidence(
    info: Info, input: RecordSignupInput | RecordConversionInput | EnrollAdvocateInput
) -> Evidence:
    return hash_evidence(
        info.context.settings,
        RawEvidence(
            ip_address=input.ip_address,
            user_agent=input.user_agent,
            device_id=input.device_id,
            payment_fingerprint=input.payment_fingerprint,
            phone=input.phone,
            address=input.address,
        ),
    )


def _friend(info: Info, input: RecordSignupInput | RecordConversionInput) -> FriendRef:
    data = input.friend
    evidence = _evidence(info, input)
    return FriendRef(
        campaign_id=parse_id(data.campaign_id, "friend.campaignId", "Campaign")
        if data.campaign_id
        else None,
        referral_code=data.referral_code,
        visit_token=data.visit_token,
        visit_tokens=tuple(data.visit_tokens or ()),
        coupon_code=data.coupon_code,
        email=data.email,
        external_id=data.external_id,
        ip_hash=evidence.ip_hash,
        ua_hash=evidence.ua_hash,
        evidence=evidence,
        test_data=data.test_data,
    )


# The write-mode checks every event shares name the campaign and testData: a signup's and an
# order's are the friend's (`friend.testData`); a refund's campaign is its conversion's.
FRIEND_FIELDS = {"campaignId": "friend.campaignId", "testData": "friend.testData"}
REFUND_FIELDS = {"campaignId": "conversionId"}


@strawberry.type
class ReferralMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_WRITE),
        description="Creates the advocate if new; enrolling twice returns the same link.",
    )
    async def enroll_advocate(self, info: Info, input: EnrollAdvocateInput) -> EnrollmentResult:
        async def run() -> Enrollment:
            ctx = info.context
            evidence = _evidence(info, input)
            done = await advocates.enroll(
                campaign_id=parse_id(input.campaign_id, "campaignId", "Campaign"),
                email=input.email,
                name=input.name,
                external_id=input.external_id,
                vanity_code=input.vanity_code,
                coupon_code=input.coupon_code,
                actor=ctx.actor,
                clock=ctx.clock,
                ip_hash=evidence.ip_hash,
                ua_hash=evidence.ua_hash,
                evidence=evidence,
                test_data=input.test_data,
            )
            return Enrollment(link=Link.of(done.link), created=done.created)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_WRITE),
        description="Set the link's checkout coupon (unique per campaign, any case), or clear "
        "it with null.",
    )
    async def set_link_coupon(
        self, info: Info, link_id: strawberry.ID, coupon_code: str | None
    ) -> LinkResult:
        async def run() -> Link:
            ctx = info.context
            return Link.of(
                await advocates.set_coupon(
                    link_id=parse_id(link_id, "linkId", "Link"),
                    coupon_code=coupon_code,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description="Move a referral to another advocate's link, with a reason (audited). "
        "Owed advocate rewards are voided and issued again, pending, to the new advocate; "
        "refused once one was paid.",
    )
    async def reattribute_referral(
        self, info: Info, input: ReattributeReferralInput
    ) -> ReferralResult:
        async def run() -> Referral:
            ctx = info.context
            return Referral.of(
                await service.reattribute(
                    referral_id=parse_id(input.referral_id, "referralId", "Referral"),
                    link_id=parse_id(input.link_id, "linkId", "Link")
                    if input.link_id is not None
                    else None,
                    code=input.code,
                    reason=input.reason,
                    viewer=ctx.viewer,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.EVENTS_RECORD))
    async def record_signup(self, info: Info, input: RecordSignupInput) -> ReferralResult:
        async def run() -> Referral:
            ctx = info.context
            return Referral.of(
                await service.record_signup(
                    ref=_friend(info, input),
                    name=input.name,
                    occurred_at=input.occurred_at,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run(), FRIEND_FIELDS)

    @strawberry.mutation(
        extensions=mutation_needs(Permission.EVENTS_RECORD),
        description="Exactly once per idempotency key: a retry with the same "
        "input returns the original; different input is a CONFLICT.",
    )
    async def record_conversion(self, info: Info, input: RecordConversionInput) -> ConversionResult:
        async def run() -> ConversionRecorded:
            ctx = info.context
            done = await service.record_conversion_queued(
                ref=_friend(info, input),
                order=Order(
                    input.external_order_id, int(input.amount), input.currency, input.occurred_at
                ),
                idempotency_key=input.idempotency_key,
                actor=ctx.actor,
                clock=ctx.clock,
                cache=ctx.services.rules,
            )
            if done.referral is not None:  # as written: the payload reads nothing after commit
                ctx.loaders.referral.prime(done.referral.id, done.referral)
            return ConversionRecorded(
                conversion=Conversion.of(done.conversion), replayed=done.replayed
            )

        return await attempt(run(), FRIEND_FIELDS)

    @strawberry.mutation(
        extensions=mutation_needs(Permission.EVENTS_RECORD),
        description="Refund part or all of a conversion, once per key.",
    )
    async def record_refund(self, info: Info, input: RecordRefundInput) -> ConversionResult:
        async def run() -> ConversionRecorded:
            ctx = info.context
            done = await service.record_refund(
                conversion_id=parse_id(input.conversion_id, "conversionId", "Conversion"),
                amount=int(input.amount),
                reason=input.reason,
                idempotency_key=input.idempotency_key,
                actor=ctx.actor,
                clock=ctx.clock,
                test_data=input.test_data,
            )
            return ConversionRecorded(
                conversion=Conversion.of(done.conversion), replayed=done.replayed
            )

        return await attempt(run(), REFUND_FIELDS)
