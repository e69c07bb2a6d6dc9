"""Advocate use-cases: enrolment in a campaign creates the advocate and their link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.errors import Conflict, InvalidInput, InvalidState, NotFound, Transient
from server.fraud import service as fraud
from server.fraud.evidence import Evidence
from server.identity import canonical_email
from server.referrals import rules
from server.referrals.models import Referral, ReferralLink
from server.rewards.models import Reward

ENROLLABLE = frozenset({CampaignStatus.DRAFT, CampaignStatus.ACTIVE, CampaignStatus.PAUSED})
CODE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Enrollment:
    link: ReferralLink
    created: bool


async def enroll(
    *,
    campaign_id: int,
    email: str,
    name: str | None,
    external_id: str | None,
    vanity_code: str | None,
    actor: Actor,
    clock: Clock,
    coupon_code: str | None = None,
    ip_hash: str | None = None,
    ua_hash: str | None = None,
    test_data: bool = False,
    evidence: Evidence | None = None,
) -> Enrollment:
    """Idempotent: enrolling the same person twice returns their existing link. The advocate's
    hashed IP and user agent, when given, are remembered for the self-referral check."""
    done = await _enroll(
        campaign_id, email, name, external_id, vanity_code, coupon_code, actor, clock, test_data
    )
    await fraud.record_session(
        advocate_id=done.link.advocate_id,
        ip_hash=ip_hash,
        ua_hash=ua_hash,
        clock=clock,
        evidence=evidence,
    )
    return done


async def _enroll(
    campaign_id: int,
    email: str,
    name: str | None,
    external_id: str | None,
    vanity_code: str | None,
    coupon_code: str | None,
    actor: Actor,
    clock: Clock,
    test_data: bool,
) -> Enrollment:
    email_n = rules.normalize_email(email)
    ext = rules.normalize_external_id(external_id)
    vanity = rules.validate_vanity(vanity_code) if vanity_code else None
    coupon = rules.normalize_coupon(coupon_code) if coupon_code else None
    if name is not None and len(name) > 200:
        raise InvalidInput("The name is at most 200 characters.", field="name")
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    campaign_rules.check_write_mode(
        campaign_test=campaign.test_mode, key_test=actor.key_test, asked_test=test_data
    )
    # The campaign's own clock: a rehearsal run ahead enrols at its time, as its events are.
    now = campaign_rules.campaign_now(clock.now(), campaign.test_mode, campaign.test_clock_minutes)
    current = campaign_rules.phase(campaign.status, campaign.starts_at, campaign.ends_at, now)
    if campaign.status not in ENROLLABLE or current is campaign_rules.Phase.ENDED:
        raise InvalidState(
            f"A {current.value} campaign takes no new advocates.", field="campaignId"
        )
    # Two attempts: a concurrent enrolment of the same person may win the unique race.
    for _ in range(2):
        existing = await _existing_link(campaign_id, email_n)
        if existing is not None:
            return Enrollment(link=existing, created=False)
        try:
            return Enrollment(
                link=await _create(campaign, email_n, name, ext, vanity, coupon, actor, now),
                created=True,
            )
        except _Retry:
            continue
    raise Transient("Enrolment raced with another; send the same request again.", field="email")


class _Retry(Exception):
    pass


async def _existing_link(campaign_id: int, email: str) -> ReferralLink | None:
    return (
        await ReferralLink.filter(campaign_id=campaign_id, advocate__email=email)
        .select_related("advocate")
        .first()
    )


async def _create(
    campaign: Campaign,
    email: str,
    name: str | None,
    external_id: str | None,
    vanity: str | None,
    coupon: str | None,
    actor: Actor,
    now: datetime,
) -> ReferralLink:
    try:
        async with in_transaction() as conn:
            advocate = await Advocate.get_or_none(email=email, using_db=conn)
            if advocate is None:
                if external_id and await Advocate.exists(external_id=external_id, using_db=conn):
                    raise Conflict("Another advocate has this external id.", field="externalId")
                advocate = await Advocate.create(
                    email=email,
                    email_key=canonical_email(email),
                    name=(name or "").strip(),
                    external_id=external_id,
                    created_at=now,
                    using_db=conn,
                )
                await audit.record(
                    actor=actor,
                    action="advocate.create",
                    target=advocate,
                    now=now,
                    changes={"email": [None, email]},
                    using=conn,
                )
            elif external_id and advocate.external_id not in (None, external_id):
                raise Conflict(
                    "This email belongs to an advocate with another external id.",
                    field="externalId",
                )
            if vanity and await ReferralLink.exists(
                campaign_id=campaign.id, vanity_code=vanity, using_db=conn
            ):
                raise Conflict("This vanity code is taken in the campaign.", field="vanityCode")
            if coupon and await ReferralLink.exists(
                campaign_id=campaign.id, coupon_code=coupon, using_db=conn
            ):
                raise Conflict("This coupon code is taken in the campaign.", field="couponCode")
            link = await _insert_link(campaign, advocate, vanity, coupon, now, conn)
            await audit.record(
                actor=actor,
                action="advocate.enroll",
                target=link,
                now=now,
                changes={"campaign_id": [None, campaign.id], "advocate_id": [None, advocate.id]},
                using=conn,
            )
    except IntegrityError:
        raise _Retry from None
    link.advocate = advocate
    return link


async def _insert_link(
    campaign: Campaign,
    advocate: Advocate,
    vanity: str | None,
    coupon: str | None,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> ReferralLink:
    # A collision at ~49 bits is vanishingly rare; a savepoint keeps the transaction usable.
    for _ in range(CODE_ATTEMPTS):
        code = rules.new_code()
        if not await ReferralLink.exists(code=code, using_db=conn):
            return await ReferralLink.create(
                campaign=campaign,
                advocate=advocate,
                code=code,
                vanity_code=vanity,
                coupon_code=coupon,
                created_at=now,
                using_db=conn,
            )
    raise Conflict("Could not allocate a unique code; retry.", field="code")


async def set_coupon(
    *, link_id: int, coupon_code: str | None, actor: Actor, clock: Clock
) -> ReferralLink:
    """Give a link the coupon a friend types at checkout (unique per campaign), or clear it."""
    coupon = rules.normalize_coupon(coupon_code) if coupon_code is not None else None
    now = clock.now()
    try:
        async with in_transaction() as conn:
            link = await ReferralLink.select_for_update().using_db(conn).get_or_none(id=link_id)
            if link is None:
                raise NotFound("No such referral link.", field="linkId")
            if link.coupon_code == coupon:
                return link
            if coupon and await ReferralLink.exists(
                campaign_id=link.campaign_id, coupon_code=coupon, using_db=conn
            ):
                raise Conflict("This coupon code is taken in the campaign.", field="couponCode")
            before, link.coupon_code = link.coupon_code, coupon
            await link.save(update_fields=["coupon_code"], using_db=conn)
            await audit.record(
                actor=actor,
                action="link.coupon",
                target=link,
                now=now,
                changes={"coupon_code": [before, coupon]},
                using=conn,
            )
    except IntegrityError:
        # A concurrent call took the same coupon first.
        raise Conflict("This coupon code is taken in the campaign.", field="couponCode") from None
    return link


PORTAL_ROWS = 100


@dataclass(frozen=True, slots=True)
class PortalFriend:
    masked_email: str
    referral: Referral


@dataclass(frozen=True, slots=True)
class PortalView:
    """What an advocate may see of their own enrolment, and nothing more."""

    link: ReferralLink
    campaign: Campaign
    advocate: Advocate
    friends: list[PortalFriend]
    rewards: list[Reward]


async def portal(link: ReferralLink) -> PortalView:
    campaign = await Campaign.get(id=link.campaign_id)
    advocate = await Advocate.get(id=link.advocate_id)
    referrals = await Referral.filter(link_id=link.id).order_by("-id").limit(PORTAL_ROWS)
    # Only the advocate's own rewards: a friend's half of a double-sided reward is theirs.
    rewards = (
        await Reward.filter(referral__link_id=link.id, advocate_id=link.advocate_id)
        .order_by("-id")
        .limit(PORTAL_ROWS)
    )
    friends = [
        PortalFriend(rules.mask_email(r.friend_email) if r.friend_email else "a friend", r)
        for r in referrals
    ]
    return PortalView(link, campaign, advocate, friends, list(rewards))
