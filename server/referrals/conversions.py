"""Conversions: exactly once per idempotency key and per order of a campaign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server import metrics
from server.analytics import rollups
from server.audit import appends
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rule_cache
from server.campaigns import rules as campaign_rules
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.campaigns.rule_cache import RuleCache
from server.clock import Clock
from server.errors import (
    Conflict,
    InvalidInput,
    InvalidState,
    Transient,
)
from server.fraud import service as fraud
from server.fraud.rules import RuleKey, Setting
from server.milestones import service as milestones
from server.referrals import idempotency, rules, sql, touch_sql
from server.referrals.attribution import resolve_judged
from server.referrals.models import Conversion, Referral, ReferralLink, ReferralStatus
from server.referrals.touches import (
    EventClock,
    FriendRef,
    clock_in,
    event_clock,
    friend_keys,
    occurred,
    touch_keys,
)
from server.rewards import service as rewards
from server.webhooks import events as webhook_events
from server.webhooks.rules import WebhookEventType


@dataclass(frozen=True, slots=True)
class Recorded:
    conversion: Conversion
    replayed: bool
    # The conversion's referral as its transaction left it, when this request recorded it
    # (the API's payload shows it without reading it again).
    referral: Referral | None = None


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
        # Only when given, so keys stored before these existed still replay.
        *((ref.visit_tokens, ref.coupon_code) if ref.visit_tokens or ref.coupon_code else ()),
    )


async def _replay(
    ref: FriendRef,
    scoped_key: tuple[str, str],
    fingerprint: str,
    conn: BaseDBAsyncClient,
    timing: tuple[EventClock, datetime] | None,
    clock: Clock,
    occurred_at: datetime | None,
) -> tuple[Recorded | touch_sql.TouchRows, tuple[EventClock, datetime], datetime]:
    """Hold the key (a twin in flight is refused here) and replay what it recorded; else the
    request's touch rows, read with it. Also the event's campaign clock and its time now
    (`timing` on a retry; else the campaign's, read with the touches or on its own), and the
    order's time (checked first, as before anything was read)."""
    scope, key = scoped_key
    held, existing, touches = await touch_sql.hold_and_replay_with_touches(
        conn,
        idempotency.lock_id("conversion", scope, key),
        scope,
        key,
        *touch_keys(ref),
        friend_keys(ref),
    )
    if timing is None:
        event = clock_in(ref, touches) or await event_clock(ref)
        timing = event, event.now(clock)
    when = occurred(occurred_at, timing[1])
    if not held:
        raise idempotency.in_flight()
    if existing is None:
        return touches, timing, when
    if existing.request_hash != fingerprint:
        raise Conflict(
            "This idempotency key was used with different input.", field="idempotencyKey"
        )
    return Recorded(conversion=existing, replayed=True), timing, when


class _TwinCommitted(Exception):
    pass


async def record_conversion(
    *,
    ref: FriendRef,
    order: Order,
    idempotency_key: str,
    actor: Actor,
    clock: Clock,
    cache: RuleCache | None = None,
) -> Recorded:
    """Exactly once per idempotency key of this caller: retries return the first result,
    never a second row; a duplicate while the first is in flight gets a retryable CONFLICT.
    `cache`: the app's cache of campaign rules (without one they are read each time)."""
    key = rules.validate_idempotency_key(idempotency_key)
    scope = idempotency.scope_of(actor)
    order = _validate_order(order)
    fingerprint = _conversion_fingerprint(ref, order)
    timing: tuple[EventClock, datetime] | None = None  # the campaign's clock and its now
    for _attempt in range(3):
        if timing is not None:
            # A retry happens later than the first try: its campaign time is read again.
            timing = timing[0], await campaigns.now_for(timing[0].campaign_id, clock)
        try:
            async with in_transaction() as conn:
                # The key held (a twin in flight is refused), then a twin that committed first
                # is seen.
                replay, timing, when = await _replay(
                    ref, (scope, key), fingerprint, conn, timing, clock, order.occurred_at
                )
                now = timing[1]
                if isinstance(replay, Recorded):
                    if metrics.live():
                        metrics.CONVERSIONS.labels(outcome="replayed").inc()
                    return replay
                # One insert of its audit and webhook rows; a new referral's counters with its
                # order's.
                async with appends.appending(conn), rollups.holding(conn):
                    done = await _convert(
                        ref, order, (scope, key), fingerprint, when, now, actor, conn, cache, replay
                    )
        except (IntegrityError, _TwinCommitted):
            continue  # the next attempt's replay check sees the committed twin
        if done is None:
            # Committed first: a referral the fraud controls just rejected stays rejected.
            raise InvalidState("This referral was rejected.", field="friend.email")
        if metrics.live():
            metrics.CONVERSIONS.labels(outcome="recorded").inc()
        conversion, referral = done
        return Recorded(conversion=conversion, replayed=False, referral=referral)
    raise Transient(
        "The conversion raced with concurrent ones; send the same request again.",
        field="idempotencyKey",
    )


async def _convert(
    ref: FriendRef,
    order: Order,
    scoped_key: tuple[str, str],
    fingerprint: str,
    when: datetime,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    cache: RuleCache | None,
    touches: touch_sql.TouchRows,
) -> tuple[Conversion, Referral] | None:
    """The conversion and its referral as written; None when the referral is (or has just
    been) rejected: nothing is recorded for it."""
    loaded: list[rule_cache.CampaignRules] = []

    async def rules_of(campaign: Campaign) -> rule_cache.CampaignRules:
        """The campaign's rules, read once, before this transaction writes anything: the
        version is a committed one."""
        if not loaded:
            loaded.append(
                await (
                    cache.get(campaign.id, campaign.config_version, conn)
                    if cache
                    else rule_cache.load(campaign.id, campaign.config_version, conn)
                )
            )
        return loaded[0]

    async def fraud_settings(campaign: Campaign) -> dict[RuleKey, Setting]:
        return (await rules_of(campaign)).fraud

    # Read locked (or created in this transaction): a fraud review or re-attribution that
    # committed meanwhile decides what this order may do.
    referral, decision, campaign, link, created = await resolve_judged(
        ref,
        now=when,
        status=ReferralStatus.CONVERTED,
        name="",
        actor=actor,
        conn=conn,
        lock=True,
        read=touches,
        settings=fraud_settings,
        order_now=now,
    )
    if campaign.status is CampaignStatus.ARCHIVED:
        raise InvalidState("The campaign is archived.", field="friend.campaignId")
    if not campaign_rules.order_counts_after_end(
        end=campaign_rules.end_of(campaign.status, campaign.ends_at, campaign.ended_at),
        referred_at=referral.created_at,
        order_at=when,
        grace_days=campaign.order_grace_days,
    ):
        raise InvalidState(
            "The campaign has ended: only orders of friends referred before the end, within "
            f"{campaign.order_grace_days} days of it, count.",
            field="occurredAt",
        )
    if referral.status is ReferralStatus.REJECTED:
        return None
    config = await rules_of(campaign)
    if not rules.order_in_window(
        referral.touched_at or referral.created_at,
        when,
        campaign.attribution_window_days,
        carries_touch=rules.carries_touch_for(decision, referral.link_id),
    ):
        raise InvalidState("The order is outside the attribution window.", field="occurredAt")
    # The referral is locked (or ours) since the transaction began: its link is the one read.
    link = link or await ReferralLink.get(id=referral.link_id, using_db=conn)
    # The link this order came through may be another advocate's (sticky attribution kept
    # the first): still evidence of one friend ordering for many advocates.
    touched = decision.winner.link_id if decision and decision.winner else None
    if await fraud.screen_conversion(
        referral=referral,
        link=link,
        when=when,
        now=now,
        actor=actor,
        conn=conn,
        evidence=ref.evidence,
        touched_link_id=touched,
        settings=config.fraud,
        new=created,
    ):
        if created and referral.converted_at is not None:  # created converted, by this order
            await sql.unmark_converted(conn, referral.id)
            referral.converted_at = None
        return None
    inserted = await sql.insert_conversion(
        conn,
        referral=referral,
        external_order_id=order.external_order_id,
        amount=order.amount,
        currency=order.currency,
        occurred_at=when,
        scoped_key=scoped_key,
        request_hash=fingerprint,
        now=now,
        advocate_id=link.advocate_id,
    )
    if inserted is None:
        holder = await sql.order_holder(conn, campaign.id, order.external_order_id)
        if holder is None or holder == scoped_key:
            # A twin with this key committed after our replay check (read committed): a retry.
            raise _TwinCommitted
        raise Conflict("This order is already recorded for the campaign.", field="externalOrderId")
    conversion, before = inserted
    await rollups.conversion_recorded(conn, conversion=conversion, before=before)
    marked = referral.status is not ReferralStatus.CONVERTED or referral.converted_at is None
    if referral.status is not ReferralStatus.CONVERTED:
        await sql.mark_converted(conn, referral.id, when)
        await webhook_events.emit(
            WebhookEventType.REFERRAL_CONVERTED.value,
            referral,
            now=now,
            conn=conn,
            changes={"status": [referral.status.value, "converted"], "converted_at": [None, when]},
        )
    elif referral.converted_at is None:
        await sql.mark_converted(conn, referral.id, when)
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
        referral=referral,
        conversion=conversion,
        occurred_at=when,
        now=now,
        actor=actor,
        conn=conn,
        link=link,
        versions=config.reward_versions,
        new_referral=created,
    )
    await milestones.detect(
        campaign_id=campaign.id,
        advocate_id=link.advocate_id,
        now=now,
        actor=actor,
        conn=conn,
        enabled=config.milestones,
        campaign=campaign,
    )
    # What mark_converted wrote, told to the in-memory row last: the steps above saw it as read.
    if marked:
        referral.status, referral.converted_at = ReferralStatus.CONVERTED, when
    return conversion, referral
