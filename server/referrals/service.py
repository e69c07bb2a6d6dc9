"""Referral use-cases: clicks, signups, conversions and refunds, attributed to a link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock, as_utc
from server.errors import Conflict, InvalidInput, InvalidState, NotFound
from server.milestones import service as milestones
from server.milestones.models import MilestoneKind
from server.referrals import rules
from server.referrals.models import (
    Click,
    Conversion,
    ConversionStatus,
    LinkStatus,
    Referral,
    ReferralLink,
    ReferralStatus,
    Refund,
)
from server.rewards import service as rewards

FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class FriendRef:
    """How the caller identifies the friend and, through them, the advocate."""

    campaign_id: int | None = None
    referral_code: str | None = None
    visit_token: str | None = None
    email: str | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    conversion: Conversion
    replayed: bool


# ---- links and clicks ------------------------------------------------------------------------


async def link_for_redirect(code: str) -> ReferralLink | None:
    """One indexed lookup, campaign joined, for the hot redirect path."""
    normalized = rules.normalize_code(code)
    if not rules.is_wellformed_code(normalized):
        return None
    return await ReferralLink.filter(code=normalized).select_related("campaign").first()


async def vanity_link_for_redirect(slug: str, vanity: str) -> ReferralLink | None:
    return (
        await ReferralLink.filter(campaign__slug=slug, vanity_code=vanity.lower())
        .select_related("campaign")
        .first()
    )


async def record_click(*, link: ReferralLink, ip_hash: str, ua_hash: str, now: datetime) -> Click:
    return await Click.create(
        link_id=link.id,
        campaign_id=link.campaign_id,
        occurred_at=now,
        ip_hash=ip_hash,
        ua_hash=ua_hash,
        visit_token=secrets.token_urlsafe(16),
        test=link.campaign.test_mode,
    )


# ---- attribution -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Touch:
    link: ReferralLink
    click: Click | None
    method: str


async def _touch(ref: FriendRef, now: datetime, conn: BaseDBAsyncClient) -> _Touch | None:
    """The link a visit token or code points at, if any (visit token wins: it is specific)."""
    if ref.visit_token:
        click = await Click.get_or_none(visit_token=ref.visit_token, using_db=conn)
        if click is None:
            raise NotFound("Unknown visit token.", field="visitToken")
        link = await ReferralLink.get(id=click.link_id, using_db=conn).select_related(
            "campaign", "advocate"
        )
        if not rules.within_window(click.occurred_at, now, link.campaign.attribution_window_days):
            raise InvalidState("The visit is outside the attribution window.", field="visitToken")
        return _Touch(link=link, click=click, method="visit_token")
    if ref.referral_code:
        code = rules.normalize_code(ref.referral_code)
        link_or_none = await ReferralLink.get_or_none(code=code, using_db=conn).select_related(
            "campaign", "advocate"
        )
        if link_or_none is None and ref.campaign_id is not None:
            # Within a known campaign, a vanity code typed at checkout counts too.
            link_or_none = await ReferralLink.get_or_none(
                campaign_id=ref.campaign_id,
                vanity_code=ref.referral_code.strip().lower(),
                using_db=conn,
            ).select_related("campaign", "advocate")
        if link_or_none is None:
            raise NotFound("Unknown referral code.", field="referralCode")
        return _Touch(link=link_or_none, click=None, method="referral_code")
    return None


def _friend_identity(ref: FriendRef) -> tuple[str | None, str | None]:
    email = rules.normalize_email(ref.email, "friendEmail") if ref.email else None
    ext = rules.normalize_external_id(ref.external_id, "friendExternalId")
    return email, ext


async def _existing_referral(
    campaign_id: int, email: str | None, ext: str | None, conn: BaseDBAsyncClient
) -> Referral | None:
    if email:
        found = await Referral.get_or_none(
            campaign_id=campaign_id, friend_email=email, using_db=conn
        )
        if found is not None:
            return found
    if ext:
        return await Referral.get_or_none(
            campaign_id=campaign_id, friend_external_id=ext, using_db=conn
        )
    return None


async def _resolve(
    ref: FriendRef,
    *,
    now: datetime,
    status: ReferralStatus,
    name: str,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> Referral:
    """Find the friend's referral, or create it from a touch. Sticky: an existing one wins."""
    email, ext = _friend_identity(ref)
    touch = await _touch(ref, now, conn)
    campaign_id = touch.link.campaign_id if touch else ref.campaign_id
    if campaign_id is None:
        raise InvalidInput(
            "Give a referral code, a visit token or a campaign id.", field="referralCode"
        )
    if ref.campaign_id is not None and campaign_id != ref.campaign_id:
        raise InvalidInput("The code belongs to another campaign.", field="campaignId")
    existing = await _existing_referral(campaign_id, email, ext, conn)
    if existing is not None:
        return existing
    if touch is None:
        raise NotFound(
            "No referral is known for this friend; give a code or visit token.", field="friendEmail"
        )
    link, campaign = touch.link, touch.link.campaign
    if campaign_rules.phase(campaign.status, campaign.starts_at, campaign.ends_at, now) is not (
        campaign_rules.Phase.LIVE
    ):
        raise InvalidState("The campaign is not live; nothing is attributed.", field="campaignId")
    if link.status is LinkStatus.BLOCKED:
        raise InvalidState("This referral link is blocked.", field="referralCode")
    if email is None and ext is None:
        raise InvalidInput("Identify the friend by email or external id.", field="friendEmail")
    advocate = link.advocate
    if (email and email == advocate.email) or (ext and ext == advocate.external_id):
        raise InvalidInput("An advocate cannot refer themselves.", field="friendEmail")
    referral = await Referral.create(
        campaign_id=campaign_id,
        link_id=link.id,
        click_id=touch.click.id if touch.click else None,
        friend_email=email,
        friend_external_id=ext,
        friend_name=name,
        status=status,
        attribution_method=touch.method,
        test=campaign.test_mode,
        created_at=now,
        using_db=conn,
    )
    await audit.record(
        actor=actor,
        action="referral.create",
        target=referral,
        now=now,
        changes={"link_id": [None, link.id], "method": [None, touch.method]},
        using=conn,
    )
    return referral


def _occurred(value: datetime | None, now: datetime) -> datetime:
    if value is None:
        return now
    # Stored in UTC: SQLite compares timestamps as text, so offsets must not vary.
    value = as_utc(value, "occurredAt")
    if value > now + FUTURE_TOLERANCE:
        raise InvalidInput("occurredAt is in the future.", field="occurredAt")
    return value


# ---- signup ----------------------------------------------------------------------------------


async def record_signup(
    *, ref: FriendRef, name: str | None, occurred_at: datetime | None, actor: Actor, clock: Clock
) -> Referral:
    """Repeatable: a friend who already signed up gets their referral back unchanged."""
    now = clock.now()
    when = _occurred(occurred_at, now)
    for attempt in range(2):
        try:
            async with in_transaction() as conn:
                referral = await _resolve(
                    ref,
                    now=when,
                    status=ReferralStatus.SIGNED_UP,
                    name=(name or "").strip(),
                    actor=actor,
                    conn=conn,
                )
                if referral.status is ReferralStatus.REJECTED:
                    raise InvalidState("This referral was rejected.", field="friendEmail")
                if referral.signed_up_at is None and referral.status in {
                    ReferralStatus.CLICKED,
                    ReferralStatus.SIGNED_UP,
                }:
                    await (
                        Referral.filter(id=referral.id, signed_up_at=None)
                        .using_db(conn)
                        .update(status=ReferralStatus.SIGNED_UP, signed_up_at=when)
                    )
                    referral.status, referral.signed_up_at = ReferralStatus.SIGNED_UP, when
                    await audit.record(
                        actor=actor,
                        action="referral.signup",
                        target=referral,
                        now=now,
                        changes={"status": [None, "signed_up"]},
                        using=conn,
                    )
                    await rewards.reward_event(
                        referral=referral,
                        conversion=None,
                        occurred_at=when,
                        now=now,
                        actor=actor,
                        conn=conn,
                    )
                    await milestones.detect(
                        campaign_id=referral.campaign_id,
                        advocate_id=None,
                        now=now,
                        actor=actor,
                        conn=conn,
                        kinds=frozenset({MilestoneKind.OBJECTIVE_PERCENT}),
                    )
                return referral
        except IntegrityError:
            # The same friend arrived twice at once; the retry finds the winner's row.
            if attempt:
                raise Conflict(
                    "The friend was recorded concurrently; retry.", field="friendEmail"
                ) from None
    raise AssertionError("unreachable")


# ---- conversions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Order:
    external_order_id: str
    amount: int
    currency: str
    occurred_at: datetime | None


def _validate_order(order: Order) -> Order:
    oid = order.external_order_id.strip()
    if not oid or len(oid) > 128:
        raise InvalidInput("The order id is 1-128 characters.", field="externalOrderId")
    currency = rules.validate_money(order.amount, order.currency)
    return Order(oid, order.amount, currency, order.occurred_at)


def _conversion_fingerprint(ref: FriendRef, order: Order) -> str:
    return rules.request_fingerprint(
        "conversion",
        ref.campaign_id,
        ref.referral_code,
        ref.visit_token,
        ref.email,
        ref.external_id,
        order.external_order_id,
        order.amount,
        order.currency,
        order.occurred_at.isoformat() if order.occurred_at else None,
    )


async def _replay(
    key: str, fingerprint: str, conn: BaseDBAsyncClient | None = None
) -> Recorded | None:
    existing = await Conversion.get_or_none(idempotency_key=key, using_db=conn)
    if existing is None:
        return None
    if existing.request_hash != fingerprint:
        raise Conflict(
            "This idempotency key was used with different input.", field="idempotencyKey"
        )
    return Recorded(conversion=existing, replayed=True)


class _TwinCommitted(Exception):
    pass


async def record_conversion(
    *, ref: FriendRef, order: Order, idempotency_key: str, actor: Actor, clock: Clock
) -> Recorded:
    """Exactly once per idempotency key: retries return the first result, never a second row."""
    key = rules.validate_idempotency_key(idempotency_key)
    order = _validate_order(order)
    fingerprint = _conversion_fingerprint(ref, order)
    now = clock.now()
    when = _occurred(order.occurred_at, now)
    for _ in range(3):
        try:
            async with in_transaction() as conn:
                # Checked inside the transaction: a concurrent twin that committed first is seen
                # here; one still in flight makes our insert fail on the unique key instead.
                replay = await _replay(key, fingerprint, conn)
                if replay is not None:
                    return replay
                return Recorded(
                    conversion=await _convert(ref, order, key, fingerprint, when, now, actor, conn),
                    replayed=False,
                )
        except (IntegrityError, _TwinCommitted):
            continue  # the next attempt's replay check sees the committed twin
    raise Conflict("The conversion raced with another; retry.", field="idempotencyKey")


async def _convert(
    ref: FriendRef,
    order: Order,
    key: str,
    fingerprint: str,
    when: datetime,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> Conversion:
    referral = await _resolve(
        ref, now=when, status=ReferralStatus.CONVERTED, name="", actor=actor, conn=conn
    )
    campaign = await Campaign.get(id=referral.campaign_id, using_db=conn)
    if campaign.status is CampaignStatus.ARCHIVED:
        raise InvalidState("The campaign is archived.", field="campaignId")
    if referral.status is ReferralStatus.REJECTED:
        raise InvalidState("This referral was rejected.", field="friendEmail")
    if not rules.within_window(referral.created_at, when, campaign.attribution_window_days):
        raise InvalidState("The order is outside the attribution window.", field="occurredAt")
    recorded = await Conversion.get_or_none(
        campaign_id=campaign.id, external_order_id=order.external_order_id, using_db=conn
    )
    if recorded is not None:
        if recorded.idempotency_key == key:
            # A twin with this key committed after our replay check (read committed): a retry.
            raise _TwinCommitted
        raise Conflict("This order is already recorded for the campaign.", field="externalOrderId")
    conversion = await Conversion.create(
        campaign_id=campaign.id,
        referral_id=referral.id,
        external_order_id=order.external_order_id,
        amount=order.amount,
        currency=order.currency,
        occurred_at=when,
        idempotency_key=key,
        request_hash=fingerprint,
        test=referral.test,
        created_at=now,
        using_db=conn,
    )
    if referral.status is not ReferralStatus.CONVERTED:
        await (
            Referral.filter(id=referral.id)
            .using_db(conn)
            .update(status=ReferralStatus.CONVERTED, converted_at=when)
        )
    elif referral.converted_at is None:
        await Referral.filter(id=referral.id).using_db(conn).update(converted_at=when)
    await audit.record(
        actor=actor,
        action="conversion.record",
        target=conversion,
        now=now,
        changes={
            "amount": [None, order.amount],
            "currency": [None, order.currency],
            "referral_id": [None, referral.id],
        },
        using=conn,
    )
    await rewards.reward_event(
        referral=referral, conversion=conversion, occurred_at=when, now=now, actor=actor, conn=conn
    )
    link = await ReferralLink.get(id=referral.link_id, using_db=conn)
    await milestones.detect(
        campaign_id=campaign.id,
        advocate_id=link.advocate_id,
        now=now,
        actor=actor,
        conn=conn,
    )
    return conversion


# ---- refunds ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefundResult:
    conversion: Conversion
    replayed: bool


async def record_refund(
    *,
    conversion_id: int,
    amount: int,
    reason: str,
    idempotency_key: str,
    actor: Actor,
    clock: Clock,
) -> RefundResult:
    key = rules.validate_idempotency_key(idempotency_key)
    if amount <= 0:
        raise InvalidInput("The refund amount must be positive.", field="amount")
    if len(reason) > 500:
        raise InvalidInput("The reason is at most 500 characters.", field="reason")
    fingerprint = rules.request_fingerprint("refund", conversion_id, amount, reason)
    now = clock.now()
    for _ in range(3):
        prior = await Refund.get_or_none(idempotency_key=key)
        if prior is not None:
            if prior.request_hash != fingerprint:
                raise Conflict(
                    "This idempotency key was used with different input.", field="idempotencyKey"
                )
            return RefundResult(await Conversion.get(id=prior.conversion_id), replayed=True)
        try:
            async with in_transaction() as conn:
                conversion = await Conversion.get_or_none(id=conversion_id, using_db=conn)
                if conversion is None:
                    raise NotFound("No such conversion.", field="conversionId")
                remaining = conversion.amount - conversion.refunded_amount
                if amount > remaining:
                    raise InvalidInput(
                        f"At most {remaining} can still be refunded.", field="amount"
                    )
                refunded = conversion.refunded_amount + amount
                status = (
                    ConversionStatus.REFUNDED
                    if refunded == conversion.amount
                    else ConversionStatus.PARTIALLY_REFUNDED
                )
                # Compare-and-set on the refunded total: two refunds cannot both read the old sum.
                won = (
                    await Conversion.filter(
                        id=conversion.id, refunded_amount=conversion.refunded_amount
                    )
                    .using_db(conn)
                    .update(refunded_amount=refunded, status=status)
                )
                if not won:
                    raise IntegrityError("refund raced")
                refund = await Refund.create(
                    conversion_id=conversion.id,
                    amount=amount,
                    reason=reason,
                    idempotency_key=key,
                    request_hash=fingerprint,
                    occurred_at=now,
                    created_at=now,
                    using_db=conn,
                )
                await audit.record(
                    actor=actor,
                    action="conversion.refund",
                    target=conversion,
                    now=now,
                    changes={
                        "refunded_amount": [conversion.refunded_amount, refunded],
                        "status": [conversion.status.value, status.value],
                    },
                    using=conn,
                )
                conversion.refunded_amount, conversion.status = refunded, status
                await rewards.on_refund(
                    conversion=conversion,
                    refund_key=f"refund:{refund.id}",
                    actor=actor,
                    now=now,
                    conn=conn,
                )
                return RefundResult(conversion, replayed=False)
        except IntegrityError:
            continue
    raise Conflict("The refund raced with another; retry.", field="conversionId")
