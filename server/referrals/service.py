"""Referral use-cases: clicks, signups, conversions and refunds, attributed to a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server import metrics
from server.accounts.viewer import Viewer
from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns import service as campaigns
from server.campaigns.cache import CampaignCache
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock, as_utc
from server.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    InvalidState,
    NotFound,
    Transient,
)
from server.fraud import service as fraud
from server.fraud.evidence import Evidence
from server.identity import canonical_email, same_inbox
from server.milestones import service as milestones
from server.milestones.models import MilestoneKind
from server.referrals import idempotency, queries, rules
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
from server.referrals.queries import RedirectLink
from server.rewards import service as rewards
from server.webhooks import events as webhook_events
from server.webhooks.rules import WebhookEventType

FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class FriendRef:
    """How the caller identifies the friend and, through them, the advocate."""

    campaign_id: int | None = None
    referral_code: str | None = None
    visit_token: str | None = None
    email: str | None = None
    external_id: str | None = None
    # From the shop's cookie history, and the coupon typed at checkout.
    visit_tokens: tuple[str, ...] = ()
    coupon_code: str | None = None
    # The friend's session as the shop saw it, already keyed-hashed (never raw).
    ip_hash: str | None = None
    ua_hash: str | None = None
    # Everything else the shop told about the friend's session (device, card...), hashed.
    evidence: Evidence | None = None
    # The caller asks explicitly to write test data (a live API key into a test-mode campaign).
    test_data: bool = False


@dataclass(frozen=True, slots=True)
class Recorded:
    conversion: Conversion
    replayed: bool


# ---- links and clicks ------------------------------------------------------------------------


async def link_for_redirect(cache: CampaignCache, code: str) -> RedirectLink | None:
    """One indexed lookup; the campaign's config comes from the per-process cache."""
    normalized = rules.normalize_code(code)
    if not rules.is_wellformed_code(normalized):
        return None
    return await queries.link_by_code(cache, normalized)


async def vanity_link_for_redirect(
    cache: CampaignCache, slug: str, vanity: str
) -> RedirectLink | None:
    return await queries.link_by_vanity(cache, slug, vanity.lower())


async def record_click(
    *, link: ReferralLink | RedirectLink, ip_hash: str, ua_hash: str, now: datetime
) -> queries.NewClick:
    """Durable when it returns: the click's (group) commit has happened."""
    return await queries.insert_click(
        link_id=link.id,
        campaign_id=link.campaign_id,
        test=link.campaign.test_mode,
        ip_hash=ip_hash,
        ua_hash=ua_hash,
        now=now,
    )


# ---- attribution -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Touches:
    """The request's touches resolved to links, in request order, before any rule judges them."""

    candidates: list[rules.Candidate]
    fields: list[str]  # the input field each candidate came from, for errors
    click_ids: list[int | None]
    links: dict[int, ReferralLink]
    campaign: Campaign | None


def _visit_tokens(ref: FriendRef) -> list[str]:
    tokens = list(
        dict.fromkeys([*([ref.visit_token] if ref.visit_token else []), *ref.visit_tokens])
    )
    if len(tokens) > rules.MAX_VISIT_TOKENS:
        raise InvalidInput(
            f"Give at most {rules.MAX_VISIT_TOKENS} visit tokens.", field="visitTokens"
        )
    return tokens


def _campaign_of(links: list[ReferralLink]) -> int | None:
    seen = {link.campaign_id for link in links}
    if len(seen) > 1:
        raise InvalidInput(
            "The touches belong to different campaigns; give campaignId.", field="campaignId"
        )
    return next(iter(seen), None)


async def _touches(ref: FriendRef, when: datetime, conn: BaseDBAsyncClient) -> _Touches:
    """Every touch the request carries: visit tokens (with their click time), the referral code
    and the coupon (both touched at the event time). Unknown ones stay, as rejected candidates."""
    tokens = _visit_tokens(ref)
    known = [t for t in tokens if rules.could_be_visit_token(t)]  # others are simply unknown
    clicks = {
        c.visit_token: c
        for c in (await Click.filter(visit_token__in=known).using_db(conn) if known else [])
    }
    code = rules.normalize_code(ref.referral_code) if ref.referral_code else None
    by_code = (
        await ReferralLink.get_or_none(code=code, using_db=conn).select_related("advocate")
        if code and rules.is_wellformed_code(code)
        else None
    )
    links = {
        link.id: link
        for link in await ReferralLink.filter(id__in={c.link_id for c in clicks.values()})
        .using_db(conn)
        .select_related("advocate")
    }
    if by_code is not None:
        links[by_code.id] = by_code
    campaign_id = ref.campaign_id or _campaign_of(list(links.values()))
    by_coupon: ReferralLink | None = None
    if ref.coupon_code is not None and rules.COUPON_RE.match(coupon := ref.coupon_code.strip()):
        found = (
            await ReferralLink.filter(coupon_code=coupon.upper())
            .filter(**({"campaign_id": campaign_id} if campaign_id else {}))
            .using_db(conn)
            .select_related("advocate")
            .limit(2)
        )
        if len(found) > 1:
            raise InvalidInput(
                "This coupon exists in several campaigns; give campaignId.", field="couponCode"
            )
        by_coupon = found[0] if found else None
        campaign_id = campaign_id or (by_coupon.campaign_id if by_coupon else None)
    vanity = (ref.referral_code or "").strip().lower()
    if vanity and len(vanity) <= 32 and by_code is None and campaign_id is not None:
        # Within a known campaign, a vanity code typed at checkout counts too.
        by_code = await ReferralLink.get_or_none(
            campaign_id=campaign_id,
            vanity_code=vanity,
            using_db=conn,
        ).select_related("advocate")
    out = _Touches([], [], [], links, None)

    def add(
        method: rules.TouchMethod,
        field: str,
        link: ReferralLink | None,
        at: datetime | None,
        click_id: int | None = None,
    ) -> None:
        if link is not None:
            out.links[link.id] = link
        out.candidates.append(
            rules.Candidate(
                method=method,
                link_id=link.id if link else None,
                advocate_id=link.advocate_id if link else None,
                campaign_id=link.campaign_id if link else None,
                touched_at=at if link else None,
                blocked=link is not None and link.status is LinkStatus.BLOCKED,
            )
        )
        out.fields.append(field)
        out.click_ids.append(click_id)

    for token in tokens:
        click = clicks.get(token)
        field = "visitToken" if token == ref.visit_token else "visitTokens"
        if click is None:
            add(rules.TouchMethod.VISIT_TOKEN, field, None, None)
        else:
            add(
                rules.TouchMethod.VISIT_TOKEN,
                field,
                links[click.link_id],
                click.occurred_at,
                click.id,
            )
    if ref.referral_code:
        add(rules.TouchMethod.REFERRAL_CODE, "referralCode", by_code, when)
    if ref.coupon_code is not None:
        add(rules.TouchMethod.COUPON, "couponCode", by_coupon, when)
    if campaign_id is not None:
        out.campaign = await Campaign.get_or_none(id=campaign_id, using_db=conn)
        if out.campaign is None:
            raise NotFound("No such campaign.", field="campaignId")
    return out


_LABELS = {
    rules.TouchMethod.VISIT_TOKEN: "visit token",
    rules.TouchMethod.REFERRAL_CODE: "referral code",
    rules.TouchMethod.COUPON: "coupon code",
}


def _no_touch(ref: FriendRef, touches: _Touches, decision: rules.Decision | None) -> DomainError:
    """Why nothing can be attributed, phrased for the first touch the caller gave."""
    if not touches.candidates:
        if ref.campaign_id is None:
            return InvalidInput(
                "Give a referral code, a coupon code, a visit token or a campaign id.",
                field="referralCode",
            )
        return NotFound(
            "No referral is known for this friend; give a code, coupon or visit token.",
            field="friendEmail",
        )
    first, field = touches.candidates[0], touches.fields[0]
    excluded = decision.candidates[0].excluded if decision else rules.Exclusion.UNKNOWN
    if excluded is rules.Exclusion.OTHER_CAMPAIGN:
        return InvalidInput(
            f"The {_LABELS[first.method]} belongs to another campaign.", field="campaignId"
        )
    if excluded is rules.Exclusion.LINK_BLOCKED:
        return InvalidState("This referral link is blocked.", field=field)
    if excluded in (rules.Exclusion.OUTSIDE_WINDOW, rules.Exclusion.AFTER_EVENT):
        return InvalidState("The visit is outside the attribution window.", field=field)
    return NotFound(f"Unknown {_LABELS[first.method]}.", field=field)


async def _event_campaign(ref: FriendRef) -> int | None:
    """Which campaign the event is for, cheaply and before the transaction: it sets the clock
    (a test-mode campaign's may run ahead). Unknown touches are judged later, in `_touches`."""
    if ref.campaign_id is not None:
        return ref.campaign_id
    tokens = [
        t for t in (ref.visit_token, *ref.visit_tokens) if t and rules.could_be_visit_token(t)
    ]
    tokens = tokens[: rules.MAX_VISIT_TOKENS]
    if tokens:
        row = await Click.filter(visit_token__in=tokens).first().values("campaign_id")
        if row:
            return int(row["campaign_id"])
    code = rules.normalize_code(ref.referral_code or "")
    if rules.is_wellformed_code(code):
        row = await ReferralLink.filter(code=code).first().values("campaign_id")
        if row:
            return int(row["campaign_id"])
    coupon = (ref.coupon_code or "").strip()
    if rules.COUPON_RE.match(coupon):
        row = await ReferralLink.filter(coupon_code=coupon.upper()).first().values("campaign_id")
        if row:
            return int(row["campaign_id"])
    return None


def _friend_identity(ref: FriendRef) -> tuple[str | None, str | None]:
    email = rules.normalize_email(ref.email, "friendEmail") if ref.email else None
    ext = rules.normalize_external_id(ref.external_id, "friendExternalId")
    return email, ext


async def _existing_referral(
    campaign_id: int, email: str | None, ext: str | None, conn: BaseDBAsyncClient, lock: bool
) -> Referral | None:
    """`lock`: read it locked (NO KEY: the caller's own rows will reference it), so what a
    fraud review or re-attribution committed meanwhile is what the caller sees and decides on."""
    rows = Referral.select_for_update(no_key=True) if lock else Referral.all()
    if email:
        # One inbox, however spelled, is one friend: sticky to its first advocate.
        found = (
            await rows.filter(
                Q(friend_email=email) | Q(friend_key=canonical_email(email)),
                campaign_id=campaign_id,
            )
            .using_db(conn)
            .order_by("id")
            .first()
        )
        if found is not None:
            return found
    if ext:
        return await rows.using_db(conn).get_or_none(
            campaign_id=campaign_id, friend_external_id=ext
        )
    return None


async def _is_advocate(
    campaign_id: int, email: str | None, ext: str | None, conn: BaseDBAsyncClient
) -> bool:
    who = (
        Q(advocate__email=email) | Q(advocate__email_key=canonical_email(email))
        if email
        else Q(advocate__external_id=ext)
    )
    if email and ext:
        who |= Q(advocate__external_id=ext)
    return await ReferralLink.filter(who, campaign_id=campaign_id).using_db(conn).exists()


async def _note_sticky(
    referral: Referral,
    decision: rules.Decision | None,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> None:
    """A later touch for another link changes nothing (sticky), but it is recorded."""
    winner = decision.winner if decision else None
    if winner is None or winner.link_id == referral.link_id:
        return
    await audit.record(
        actor=actor,
        action="referral.attribution_kept",
        target=referral,
        now=now,
        changes={
            "decided_by": [None, "sticky:existing_referral"],
            "candidate_link_id": [None, winner.link_id],
            "candidate_method": [None, winner.method.value],
        },
        using=conn,
    )


async def _resolve(
    ref: FriendRef,
    *,
    now: datetime,
    status: ReferralStatus,
    name: str,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> Referral:
    referral, _decision, _campaign = await _resolve_judged(
        ref, now=now, status=status, name=name, actor=actor, conn=conn
    )
    return referral


async def _resolve_judged(
    ref: FriendRef,
    *,
    now: datetime,
    status: ReferralStatus,
    name: str,
    actor: Actor,
    conn: BaseDBAsyncClient,
    lock: bool = False,
) -> tuple[Referral, rules.Decision | None, Campaign]:
    """Find the friend's referral (locked if `lock`), or create it from the winning touch.
    Sticky: an existing one wins. Also how this request's own touches were judged, and the
    referral's campaign."""
    email, ext = _friend_identity(ref)
    touches = await _touches(ref, now, conn)
    campaign = touches.campaign
    if campaign is not None:
        campaign_rules.check_write_mode(
            campaign_test=campaign.test_mode, key_test=actor.key_test, asked_test=ref.test_data
        )
    decision = (
        rules.decide(
            touches.candidates,
            campaign_id=campaign.id,
            window_days=campaign.attribution_window_days,
            model=campaign.attribution_model,
            event_at=now,
        )
        if campaign is not None
        else None
    )
    existing = await _existing_referral(campaign.id, email, ext, conn, lock) if campaign else None
    if existing is not None and campaign is not None:
        await _note_sticky(existing, decision, now, actor, conn)
        return existing, decision, campaign
    if campaign is None or decision is None or decision.winner is None:
        raise _no_touch(ref, touches, decision)
    winner = decision.winner
    assert winner.link_id is not None  # a winner is always a resolved touch
    link = touches.links[winner.link_id]
    if campaign_rules.phase(campaign.status, campaign.starts_at, campaign.ends_at, now) is not (
        campaign_rules.Phase.LIVE
    ):
        raise InvalidState("The campaign is not live; nothing is attributed.", field="campaignId")
    if email is None and ext is None:
        raise InvalidInput("Identify the friend by email or external id.", field="friendEmail")
    advocate = link.advocate
    own = same_inbox(email, advocate.email) or (ext and ext == advocate.external_id)
    # A friend who is this link's own advocate is the self-referral rule's to judge below; one
    # who is another advocate of the campaign is refused, unless closing a ring (stored
    # rejected, so the ring's earlier edges reach the review queue).
    friend_is_advocate = not own and await _is_advocate(campaign.id, email, ext, conn)
    click_id = next(
        touches.click_ids[i] for i, judged in enumerate(decision.candidates) if judged.won
    )
    # Fraud controls decide in this transaction; a blocked friend is stored rejected.
    risk = await fraud.screen_new_referral(
        link=link,
        click=await Click.get(id=click_id, using_db=conn) if click_id else None,
        friend_email=email,
        friend_external_id=ext,
        session_ip_hash=ref.ip_hash,
        session_ua_hash=ref.ua_hash,
        test=campaign.test_mode,
        now=now,
        conn=conn,
        friend_name=name,
        evidence=ref.evidence,
        actor=actor,
        friend_is_advocate=friend_is_advocate,
    )
    if risk is None:
        raise InvalidState(
            "This friend is an advocate of the campaign and cannot be referred into it.",
            field="friendEmail",
        )
    referral = await Referral.create(
        campaign_id=campaign.id,
        link_id=link.id,
        click_id=click_id,
        friend_email=email,
        friend_external_id=ext,
        friend_name=name,
        status=ReferralStatus.REJECTED if risk.blocked else status,
        attribution_method=winner.method.value,
        attribution=rules.attribution_record(decision),
        test=campaign.test_mode,
        created_at=now,
        touched_at=winner.touched_at,
        using_db=conn,
        **risk.columns,
    )
    await rollups.referral_created(conn, referral=referral)
    await audit.record(
        actor=actor,
        action="referral.create",
        target=referral,
        now=now,
        changes={
            "link_id": [None, link.id],
            "method": [None, winner.method.value],
            "status": [None, referral.status.value],
            **risk.audit,
        },
        using=conn,
    )
    return referral, decision, campaign


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
    """Repeatable: a friend who already signed up gets their referral back unchanged. A friend
    the fraud controls block gets their referral back too, REJECTED, its risk saying why."""
    campaign_id = await _event_campaign(ref)
    for attempt in range(3):
        # Read again on every attempt: a retry happens later than the first try.
        now = await campaigns.now_for(campaign_id, clock)
        when = _occurred(occurred_at, now)
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
                # Compare-and-set on signed_up_at: of two signups at once, one rewards.
                first_signup = (
                    referral.signed_up_at is None
                    and (referral.status is ReferralStatus.SIGNED_UP)
                    and await Referral.filter(
                        id=referral.id, signed_up_at=None, status=ReferralStatus.SIGNED_UP
                    )
                    .using_db(conn)
                    .update(signed_up_at=when)
                )
                if first_signup:
                    referral.status, referral.signed_up_at = ReferralStatus.SIGNED_UP, when
                    await rollups.signed_up(conn, referral=referral, when=when)
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
            if attempt == 2:
                raise Transient(
                    "The friend was recorded concurrently; send the request again.",
                    field="friendEmail",
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
        # Only when given, so keys stored before these existed still replay.
        *((ref.visit_tokens, ref.coupon_code) if ref.visit_tokens or ref.coupon_code else ()),
    )


async def _replay(
    scope: str, key: str, fingerprint: str, conn: BaseDBAsyncClient | None = None
) -> Recorded | None:
    existing = await Conversion.get_or_none(
        idempotency_scope=scope, idempotency_key=key, using_db=conn
    )
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
    """Exactly once per idempotency key of this caller: retries return the first result,
    never a second row; a duplicate while the first is in flight gets a retryable CONFLICT."""
    key = rules.validate_idempotency_key(idempotency_key)
    scope = idempotency.scope_of(actor)
    order = _validate_order(order)
    fingerprint = _conversion_fingerprint(ref, order)
    campaign_id = await _event_campaign(ref)
    for _ in range(3):
        # Read again on every attempt: a retry happens later than the first try.
        now = await campaigns.now_for(campaign_id, clock)
        when = _occurred(order.occurred_at, now)
        try:
            async with in_transaction() as conn:
                # First the key (a twin in flight is refused here), then the replay check: a
                # twin that committed first is seen.
                await idempotency.hold(conn, kind="conversion", scope=scope, key=key)
                replay = await _replay(scope, key, fingerprint, conn)
                if replay is not None:
                    if metrics.live():
                        metrics.CONVERSIONS.labels(outcome="replayed").inc()
                    return replay
                conversion = await _convert(
                    ref, order, (scope, key), fingerprint, when, now, actor, conn
                )
        except (IntegrityError, _TwinCommitted):
            continue  # the next attempt's replay check sees the committed twin
        if conversion is None:
            # Committed first: a referral the fraud controls just rejected stays rejected.
            raise InvalidState("This referral was rejected.", field="friendEmail")
        if metrics.live():
            metrics.CONVERSIONS.labels(outcome="recorded").inc()
        return Recorded(conversion=conversion, replayed=False)
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
) -> Conversion | None:
    """None when the referral is (or has just been) rejected: nothing is recorded for it."""
    scope, key = scoped_key
    # Read locked (or created in this transaction): a fraud review or re-attribution that
    # committed meanwhile decides what this order may do.
    referral, decision, campaign = await _resolve_judged(
        ref, now=when, status=ReferralStatus.CONVERTED, name="", actor=actor, conn=conn, lock=True
    )
    if campaign.status is CampaignStatus.ARCHIVED:
        raise InvalidState("The campaign is archived.", field="campaignId")
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
    if not rules.order_in_window(
        referral.touched_at or referral.created_at,
        when,
        campaign.attribution_window_days,
        carries_touch=rules.carries_touch_for(decision, referral.link_id),
    ):
        raise InvalidState("The order is outside the attribution window.", field="occurredAt")
    # The link this order came through may be another advocate's (sticky attribution kept
    # the first): still evidence of one friend ordering for many advocates.
    touched = decision.winner.link_id if decision and decision.winner else None
    if await fraud.screen_conversion(
        referral=referral, when=when, now=now, actor=actor, conn=conn, evidence=ref.evidence,
        touched_link_id=touched,
    ):  # fmt: skip
        return None
    recorded = await Conversion.get_or_none(
        campaign_id=campaign.id, external_order_id=order.external_order_id, using_db=conn
    )
    if recorded is not None:
        if (recorded.idempotency_scope, recorded.idempotency_key) == scoped_key:
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
        idempotency_scope=scope,
        idempotency_key=key,
        request_hash=fingerprint,
        test=referral.test,
        created_at=now,
        using_db=conn,
    )
    await rollups.conversion_recorded(conn, conversion=conversion)
    if referral.status is not ReferralStatus.CONVERTED:
        await (
            Referral.filter(id=referral.id)
            .using_db(conn)
            .update(status=ReferralStatus.CONVERTED, converted_at=when)
        )
        await webhook_events.emit(
            WebhookEventType.REFERRAL_CONVERTED.value,
            referral,
            now=now,
            conn=conn,
            changes={"status": [referral.status.value, "converted"], "converted_at": [None, when]},
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
    # Re-read under reward_event's lock: a concurrent re-attribution may have moved the referral.
    moved = await Referral.filter(id=referral.id).using_db(conn).values("link__advocate_id")
    await milestones.detect(
        campaign_id=campaign.id,
        advocate_id=int(moved[0]["link__advocate_id"]),
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


async def _prior_refund(
    scope: str, key: str, fingerprint: str, conn: BaseDBAsyncClient | None = None
) -> RefundResult | None:
    prior = await Refund.get_or_none(idempotency_scope=scope, idempotency_key=key, using_db=conn)
    if prior is None:
        return None
    if prior.request_hash != fingerprint:
        raise Conflict(
            "This idempotency key was used with different input.", field="idempotencyKey"
        )
    return RefundResult(await Conversion.get(id=prior.conversion_id, using_db=conn), replayed=True)


async def record_refund(
    *,
    conversion_id: int,
    amount: int,
    reason: str,
    idempotency_key: str,
    actor: Actor,
    clock: Clock,
    test_data: bool = False,
) -> RefundResult:
    key = rules.validate_idempotency_key(idempotency_key)
    scope = idempotency.scope_of(actor)
    if amount <= 0:
        raise InvalidInput("The refund amount must be positive.", field="amount")
    if len(reason) > 500:
        raise InvalidInput("The reason is at most 500 characters.", field="reason")
    fingerprint = rules.request_fingerprint("refund", conversion_id, amount, reason)
    row = await Conversion.filter(id=conversion_id).first().values("campaign_id")
    for _ in range(3):
        # Read again on every attempt: a retry happens later than the first try.
        now = await campaigns.now_for(int(row["campaign_id"]) if row else None, clock)
        prior = await _prior_refund(scope, key, fingerprint)
        if prior is not None:
            return prior
        try:
            async with in_transaction() as conn:
                await idempotency.hold(conn, kind="refund", scope=scope, key=key)
                prior = await _prior_refund(scope, key, fingerprint, conn)
                if prior is not None:
                    return prior
                conversion = await Conversion.get_or_none(id=conversion_id, using_db=conn)
                if conversion is None:
                    raise NotFound("No such conversion.", field="conversionId")
                campaign_rules.check_write_mode(
                    campaign_test=conversion.test, key_test=actor.key_test, asked_test=test_data
                )
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
                    idempotency_scope=scope,
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
                await rollups.refunded(conn, conversion=conversion, amount=amount)
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
    raise Transient("The refund raced with others; send the same request again.", field="amount")


# ---- re-attribution --------------------------------------------------------------------------


async def reattribute(
    *,
    referral_id: int,
    link_id: int | None,
    code: str | None,
    reason: str,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
) -> Referral:
    """Staff move a referral to another advocate's link. Owed advocate rewards move with it in
    the same transaction. Compare-and-set on the generation: of two concurrent moves, one wins."""
    field = "linkId" if link_id is not None else "code"
    if (link_id is None) == (code is None):
        raise InvalidInput("Give exactly one of linkId or code.", field="linkId")
    why = reason.strip()
    if not 1 <= len(why) <= 500:
        raise InvalidInput("Give a reason (1-500 characters).", field="reason")
    now = clock.now()
    async with in_transaction() as conn:
        referral = await Referral.get_or_none(id=referral_id, using_db=conn)
        if referral is None:
            raise NotFound("No such referral.", field="referralId")
        normalized = rules.normalize_code(code or "")
        if link_id is None and not rules.is_wellformed_code(normalized):
            raise NotFound("No such referral link.", field=field)
        query = (
            ReferralLink.get_or_none(id=link_id, using_db=conn)
            if link_id is not None
            else ReferralLink.get_or_none(code=normalized, using_db=conn)
        )
        target = await query.select_related("advocate")
        if target is None:
            raise NotFound("No such referral link.", field=field)
        if target.id == referral.link_id:
            raise InvalidInput("The referral is already attributed to this link.", field=field)
        if target.campaign_id != referral.campaign_id:
            raise InvalidInput("The link belongs to another campaign.", field=field)
        if target.status is LinkStatus.BLOCKED:
            raise InvalidState("This referral link is blocked.", field=field)
        advocate = target.advocate
        if referral.status is ReferralStatus.REJECTED:
            raise InvalidState(
                "A rejected referral earns nothing, whoever it is attributed to.",
                field="referralId",
            )
        if same_inbox(referral.friend_email, advocate.email) or (
            referral.friend_external_id and referral.friend_external_id == advocate.external_id
        ):
            raise InvalidInput(
                "The friend is this link's advocate: no self-referrals.", field=field
            )
        if viewer.user is not None and same_inbox(viewer.user.email, advocate.email):
            raise Forbidden("Nobody re-attributes a referral to themselves.", field=field)
        old_link = await ReferralLink.get(id=referral.link_id, using_db=conn)
        generation = referral.attribution_generation + 1
        decided_by = f"staff:{viewer.user.email}" if viewer.user else f"{actor.kind}:{actor.id}"
        before = referral.attribution or {}
        record = rules.reattribution_record(
            before,
            link_id=target.id,
            advocate_id=advocate.id,
            decided_by=decided_by,
            reason=why,
            now=now,
        )
        won = (
            await Referral.filter(
                id=referral.id,
                link_id=referral.link_id,
                attribution_generation=referral.attribution_generation,
            )
            .using_db(conn)
            .update(
                link_id=target.id,
                click_id=None,
                attribution_method=rules.TouchMethod.STAFF.value,
                attribution=record,
                attribution_generation=generation,
            )
        )
        if not won:
            raise Conflict(
                "The referral was re-attributed meanwhile; reload and retry.", field="referralId"
            )
        await rollups.referral_moved(
            conn, referral_id=referral.id, old_advocate_id=old_link.advocate_id
        )
        moved = await rewards.move_to_advocate(
            referral_id=referral.id,
            advocate_id=advocate.id,
            generation=generation,
            actor=actor,
            now=now,
            conn=conn,
        )
        await audit.record(
            actor=actor,
            action="referral.reattribute",
            target=referral,
            now=now,
            changes={
                "link_id": [old_link.id, target.id],
                "advocate_id": [old_link.advocate_id, advocate.id],
                "generation": [referral.attribution_generation, generation],
                "decided_by": [before.get("decidedBy"), decided_by],
                "reason": [None, why],
                "rewards_moved": [None, [r.id for r in moved]],
            },
            using=conn,
        )
        if referral.status is ReferralStatus.CONVERTED:
            # The new advocate's achievements count this referral from now on.
            await milestones.detect(
                campaign_id=referral.campaign_id,
                advocate_id=advocate.id,
                now=now,
                actor=actor,
                conn=conn,
                kinds=frozenset({MilestoneKind.ADVOCATE_REFERRALS}),
            )
        referral.link_id, referral.click_id = target.id, None
        referral.attribution_method = rules.TouchMethod.STAFF.value
        referral.attribution, referral.attribution_generation = record, generation
    return referral
