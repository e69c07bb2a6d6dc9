"""Inbound provider events, exactly once: claim the provider's event id, let the provider's
handler map the event to the referral use-cases (recordConversion, recordRefund, recordSignup,
each with its own idempotency), keep the outcome. Events that match no referral are
acknowledged and counted; a refund that arrives before its order waits for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError

from server import metrics
from server.audit.service import Actor, Channel
from server.clock import Clock
from server.errors import Conflict, DomainError, Forbidden, InvalidState, Transient
from server.fraud.evidence import Evidence
from server.integrations import customers
from server.integrations.models import (
    EventStatus,
    Integration,
    IntegrationEvent,
    Provider,
)
from server.integrations.rules import Touches
from server.referrals import idempotency
from server.referrals import service as referrals
from server.referrals.models import Conversion, Referral, ReferralLink, Refund
from server.settings import Settings

T = TypeVar("T")
log = logging.getLogger("vouch.integrations")

ACTORS = {
    Provider.STRIPE: Actor(kind="integration", id="stripe", channel=Channel.STRIPE),
    Provider.SHOPIFY: Actor(kind="integration", id="shopify", channel=Channel.SHOPIFY),
}
# The fields a write-mode refusal names (server/campaigns/rules.py check_write_mode).
MODE_FIELDS = frozenset({"testData", "campaignId"})
# A twin delivery holding the same idempotency key (PostgreSQL): wait for it, then replay.
_IN_FLIGHT_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Outcome:
    status: EventStatus
    detail: str = ""
    conversion_id: int | None = None
    referral_id: int | None = None
    waiting_for: str | None = None  # DEFERRED: the key of the event it waits for
    releases: tuple[str, ...] = ()  # keys of deferred events this one makes ready
    kept: dict[str, Any] | None = None  # DEFERRED: what to keep of the payload (None: all)

    @classmethod
    def ignored(cls, why: str) -> Outcome:
        return cls(EventStatus.IGNORED, why)


@dataclass(frozen=True, slots=True)
class Inbound:
    """What a handler works with: the provider's settings, the clock, the acting integration."""

    integration: Integration
    clock: Clock
    # Stripe's `livemode` of the event at hand (None: the provider has no such mode). A test
    # event acts like a test API key: it writes only to test-mode campaigns; a live one is
    # refused by a test-mode campaign (server/campaigns/rules.py check_write_mode).
    livemode: bool | None = None
    settings: Settings | None = None  # hashes the order's evidence (keyed); None: not read
    actor: Actor = field(init=False)

    def __post_init__(self) -> None:
        key_test = None if self.livemode is None else not self.livemode
        object.__setattr__(
            self, "actor", replace(ACTORS[self.integration.provider], key_test=key_test)
        )

    def for_event(self, payload: Mapping[str, Any]) -> Inbound:
        """This inbound in the mode the event itself says (Stripe's `livemode`)."""
        if self.provider is not Provider.STRIPE:
            return self
        mode = payload.get("livemode")
        return replace(self, livemode=mode if isinstance(mode, bool) else None)

    @property
    def provider(self) -> Provider:
        return self.integration.provider

    def converts_on(self, event_type: str) -> bool:
        return event_type in self.integration.conversion_events


Handler = Callable[[Inbound, dict[str, Any]], Awaitable[Outcome]]


@dataclass(frozen=True, slots=True)
class Received:
    event_id: str
    status: EventStatus
    duplicate: bool


def _count(provider: Provider, outcome: str) -> None:
    if metrics.live():
        metrics.INTEGRATION_EVENTS.labels(provider=provider.value, outcome=outcome).inc()


def count_refused(provider: Provider, outcome: str) -> None:
    """A delivery refused before any event was stored (bad signature) or not for us."""
    _count(provider, outcome)


async def receive(
    inbound: Inbound,
    *,
    event_id: str,
    event_type: str,
    payload: dict[str, Any],
    handlers: Mapping[str, Handler],
) -> Received:
    """Exactly once per (provider, event id): a delivery that finds the event finished is a
    duplicate. Otherwise the handler runs, and its outcome is stored under the event id (a
    unique constraint); a twin delivery that raced it stores nothing and reports a duplicate.
    Running twice is safe: every effect a handler asks for is idempotent by its own key
    (recordConversion by order, recordRefund by provider refund id, recordSignup by friend),
    and a delivery that failed half-way left no row, so the provider's retry runs again."""
    provider = inbound.provider
    handler = handlers.get(event_type)
    if handler is None:
        _count(provider, "unknown_type")
        return Received(event_id, EventStatus.IGNORED, duplicate=False)
    known = await IntegrationEvent.get_or_none(provider=provider, event_id=event_id)
    if known is not None and known.status is not EventStatus.RECEIVED:
        _count(provider, "duplicate")
        return Received(event_id, known.status, duplicate=True)
    outcome = await handler(inbound.for_event(payload), payload)
    now = inbound.clock.now()
    if known is not None:
        await _finish(known, outcome, payload, now)
    else:
        try:
            await IntegrationEvent.create(
                provider=provider,
                event_id=event_id,
                event_type=event_type,
                received_at=now,
                **_outcome_columns(outcome, payload, now),
            )
        except IntegrityError:
            _count(provider, "duplicate")  # a twin delivery finished first, with this effect
            return Received(event_id, outcome.status, duplicate=True)
        _count(provider, outcome.status.value)
    if outcome.releases:
        await _release(inbound, outcome.releases, handlers)
    if outcome.waiting_for:
        # What it waits for may have committed while it was being handled: look once more.
        await _release(inbound, (outcome.waiting_for,), handlers)
    return Received(event_id, outcome.status, duplicate=False)


def _outcome_columns(outcome: Outcome, payload: dict[str, Any], now: datetime) -> dict[str, Any]:
    deferred = outcome.status is EventStatus.DEFERRED
    return {
        "status": outcome.status,
        "detail": outcome.detail[:500],
        "waiting_for": outcome.waiting_for if deferred else None,
        "payload": (outcome.kept or payload) if deferred else None,  # only while it waits
        "conversion_id": outcome.conversion_id,
        "referral_id": outcome.referral_id,
        "processed_at": now,
    }


async def _finish(
    event: IntegrationEvent, outcome: Outcome, payload: dict[str, Any], now: datetime
) -> None:
    await IntegrationEvent.filter(id=event.id).update(**_outcome_columns(outcome, payload, now))
    _count(event.provider, outcome.status.value)


async def _release(
    inbound: Inbound, keys: tuple[str, ...], handlers: Mapping[str, Handler]
) -> None:
    """Handle the deferred events waiting for `keys` again, each claimed by one delivery."""
    waiting = await IntegrationEvent.filter(
        provider=inbound.provider, status=EventStatus.DEFERRED, waiting_for__in=keys
    ).order_by("id")
    for event in waiting:
        claimed = await IntegrationEvent.filter(id=event.id, status=EventStatus.DEFERRED).update(
            status=EventStatus.RECEIVED
        )
        handler = handlers.get(event.event_type)
        if not claimed or handler is None or event.payload is None:
            continue
        try:
            outcome = await handler(inbound.for_event(event.payload), dict(event.payload))
        except BaseException:
            # Not handled after all: it waits on, for the next release.
            await IntegrationEvent.filter(id=event.id).update(status=EventStatus.DEFERRED)
            raise
        if outcome.status is EventStatus.DEFERRED and outcome.waiting_for == event.waiting_for:
            # Still waiting (for the same thing): put it back as it was.
            await IntegrationEvent.filter(id=event.id).update(status=EventStatus.DEFERRED)
            continue
        await _finish(event, outcome, dict(event.payload), inbound.clock.now())


async def _patiently(work: Callable[[], Awaitable[T]]) -> T:
    """Run a use-case; while a twin delivery holds its idempotency key, wait and try again
    (it then replays the twin's result)."""
    for wait in (*_IN_FLIGHT_WAITS, None):
        try:
            return await work()
        except Conflict as exc:
            if exc.retry_after is None or wait is None:
                raise
        except Transient:
            if wait is None:
                raise
        await asyncio.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _unmatched(exc: DomainError, inbound: Inbound | None = None) -> Outcome:
    mode_refusal = isinstance(exc, Forbidden | InvalidState) and exc.field in MODE_FIELDS
    if inbound is not None and inbound.livemode is not None and mode_refusal:
        # A live event for a test-mode campaign, or a test event for a live one.
        mode = "live" if inbound.livemode else "test"
        detail = f"MODE_MISMATCH: a {mode} {inbound.provider.value} event: {exc.message}"
        log.warning("inbound %s event refused: %s", inbound.provider.value, detail)
        return Outcome(EventStatus.UNMATCHED, detail)
    return Outcome(EventStatus.UNMATCHED, f"{exc.code.value}: {exc.message}")


def _friend(
    inbound: Inbound,
    touches: Touches,
    email: str | None,
    customer_id: str | None,
    evidence: Evidence | None = None,
) -> referrals.FriendRef:
    return referrals.FriendRef(
        # Without a touch, the friend is found by email in the campaign the settings map to.
        campaign_id=None if touches else inbound.integration.campaign_id,
        visit_token=touches.visit_token,
        referral_code=touches.referral_code,
        coupon_code=touches.coupon_code,
        email=email,
        external_id=f"{inbound.provider.value}:{customer_id}"[:128] if customer_id else None,
        ip_hash=evidence.ip_hash if evidence else None,
        ua_hash=evidence.ua_hash if evidence else None,
        evidence=evidence,
    )


# ---- effects ---------------------------------------------------------------------------------


async def signup(
    inbound: Inbound,
    *,
    touches: Touches,
    email: str | None,
    customer_id: str | None,
    name: str | None,
    occurred_at: datetime | None,
) -> Outcome:
    await customers.remember(inbound, customer_id, touches, email)
    releases = (f"customer:{customer_id}",) if customer_id else ()
    if not touches and inbound.integration.campaign_id is None:
        return Outcome(
            EventStatus.UNMATCHED, "no visit token, referral code or coupon", releases=releases
        )
    try:
        referral = await _patiently(
            lambda: referrals.record_signup(
                ref=_friend(inbound, touches, email, customer_id),
                name=(name or "")[:200],
                occurred_at=occurred_at,
                actor=inbound.actor,
                clock=inbound.clock,
            )
        )
    except Transient:
        raise
    except DomainError as exc:
        return replace(_unmatched(exc, inbound), releases=releases)
    return Outcome(EventStatus.PROCESSED, "signup", referral_id=referral.id, releases=releases)


async def convert(
    inbound: Inbound,
    *,
    key: str,
    touches: Touches,
    email: str | None,
    customer_id: str | None,
    order: referrals.Order,
    also_known_as: tuple[str, ...] = (),
    evidence: Evidence | None = None,
) -> Outcome:
    """recordConversion for the event (idempotency key: the provider's event id), with the
    order's evidence (hashed) for the fraud checks. A refund waiting for the order under
    another of its ids (`also_known_as`: a charge, an invoice) is released too."""
    if not touches and not email:
        return Outcome(EventStatus.UNMATCHED, "no visit token, referral code, coupon or email")
    if not touches and inbound.integration.campaign_id is None:
        return Outcome(EventStatus.UNMATCHED, "only an email, and no campaign is mapped")
    try:
        recorded = await _patiently(
            lambda: referrals.record_conversion_queued(
                ref=_friend(inbound, touches, email, customer_id, evidence),
                order=order,
                idempotency_key=f"{inbound.provider.value}:{key}"[:128],
                actor=inbound.actor,
                clock=inbound.clock,
            )
        )
    except Transient:
        raise
    except Conflict as exc:
        return Outcome.ignored(f"{exc.code.value}: {exc.message}")
    except DomainError as exc:
        return _unmatched(exc, inbound)
    conversion = recorded.conversion
    if customer_id:
        # Later events for this customer (a subscription's renewals) carry the friend's link.
        referral = await Referral.get(id=conversion.referral_id)
        link = await ReferralLink.get(id=referral.link_id)
        await customers.remember(inbound, customer_id, Touches(referral_code=link.code), email)
    return Outcome(
        EventStatus.PROCESSED,
        "conversion replayed" if recorded.replayed else "conversion",
        conversion_id=conversion.id,
        referral_id=conversion.referral_id,
        releases=tuple(
            f"order:{ref}" for ref in dict.fromkeys((order.external_order_id, *also_known_as))
        ),
    )


@dataclass(frozen=True, slots=True)
class ProviderRefund:
    key: str  # the provider's refund id (or a key for "refunded up to this total")
    amount: int  # minor units


def _refunder(
    inbound: Inbound, conversion_id: int, item: ProviderRefund, key: str, amount: int
) -> Callable[[], Awaitable[referrals.RefundResult]]:
    def run() -> Awaitable[referrals.RefundResult]:
        return referrals.record_refund(
            conversion_id=conversion_id,
            amount=amount,
            reason=f"{inbound.provider.value} refund {item.key}"[:500],
            idempotency_key=key,
            actor=inbound.actor,
            clock=inbound.clock,
        )

    return run


async def refund(
    inbound: Inbound, *, order_refs: list[str], refunds: list[ProviderRefund], currency: str
) -> Outcome:
    """recordRefund for each provider refund, keyed by the provider's refund id, so the same
    refund reported by two event types (charge.refunded, refund.created) counts once."""
    refs = [r for r in order_refs if r]
    if not refs:
        return Outcome.ignored("the refund names no order")
    conversion = await Conversion.filter(external_order_id__in=refs).order_by("id").first()
    if conversion is None:
        # Out of order (the refund came first), or an order no referral matched.
        return Outcome(
            EventStatus.DEFERRED, "waiting for its order", waiting_for=f"order:{refs[0]}"
        )
    if currency.upper() != conversion.currency:
        return Outcome(
            EventStatus.UNMATCHED, f"refund in {currency}, order in {conversion.currency}"
        )
    scope = idempotency.scope_of(inbound.actor)
    done = 0
    for item in refunds:
        key = f"{inbound.provider.value}:{item.key}"[:128]
        if await Refund.exists(idempotency_scope=scope, idempotency_key=key):
            continue  # this refund is recorded already (another event reported it)
        current = await Conversion.get(id=conversion.id)
        amount = min(item.amount, current.amount - current.refunded_amount)
        if amount <= 0:
            continue
        try:
            await _patiently(_refunder(inbound, conversion.id, item, key, amount))
        except Transient:
            raise
        except DomainError as exc:
            return _unmatched(exc, inbound)
        done += 1
    if not done:
        return Outcome.ignored("nothing left to refund")
    return Outcome(
        EventStatus.PROCESSED,
        "refund",
        conversion_id=conversion.id,
        referral_id=conversion.referral_id,
    )
