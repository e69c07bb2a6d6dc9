"""What a request says about the friend, resolved to links before any rule judges it: visit
tokens, the referral code and the coupon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign
from server.clock import Clock, as_utc
from server.errors import (
    DomainError,
    InvalidInput,
    InvalidState,
    NotFound,
)
from server.fraud.evidence import Evidence
from server.identity import canonical_email
from server.referrals import rules, sql, touch_sql
from server.referrals.models import (
    Click,
    LinkStatus,
    ReferralLink,
)

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


@dataclass(slots=True)
class Touches:
    """The request's touches resolved to links, in request order, before any rule judges them."""

    candidates: list[rules.Candidate]
    fields: list[str]  # the input field each candidate came from, for errors
    click_ids: list[int | None]
    links: dict[int, ReferralLink]
    campaign: Campaign | None
    clicks: dict[int, Click]  # by id


def _distinct_tokens(ref: FriendRef) -> list[str]:
    return list(dict.fromkeys([*([ref.visit_token] if ref.visit_token else []), *ref.visit_tokens]))


def _visit_tokens(ref: FriendRef) -> list[str]:
    tokens = _distinct_tokens(ref)
    if len(tokens) > rules.MAX_VISIT_TOKENS:
        raise InvalidInput(
            f"Give at most {rules.MAX_VISIT_TOKENS} visit tokens.", field="friend.visitTokens"
        )
    return tokens


def _campaign_of(links: list[ReferralLink]) -> int | None:
    seen = {link.campaign_id for link in links}
    if len(seen) > 1:
        raise InvalidInput(
            "The touches belong to different campaigns; give campaignId.", field="friend.campaignId"
        )
    return next(iter(seen), None)


def touch_keys(ref: FriendRef) -> tuple[list[str], str | None]:
    """The visit tokens and the referral code that `touches_of` reads (`touch_sql.touch_rows`)."""
    tokens = _distinct_tokens(ref)
    # Others are simply unknown; more than the most are refused by `touches_of`.
    known = [t for t in tokens if rules.could_be_visit_token(t)][: rules.MAX_VISIT_TOKENS]
    code = rules.normalize_code(ref.referral_code) if ref.referral_code else None
    return known, code if code and rules.is_wellformed_code(code) else None


async def touches_of(
    ref: FriendRef, when: datetime, conn: BaseDBAsyncClient, read: touch_sql.TouchRows | None = None
) -> Touches:
    """Every touch the request carries: visit tokens (with their click time), the referral code
    and the coupon (both touched at the event time). Unknown ones stay, as rejected candidates.
    `read`: the rows of `touch_keys(ref)`, when the caller read them in this transaction."""
    tokens = _visit_tokens(ref)
    if read is None:
        # The clicks, the code's link and their advocates and campaigns: one read.
        read = await touch_sql.touch_rows(conn, *touch_keys(ref))
    clicks, by_code, links = read.clicks, read.by_code, dict(read.links)
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
                "This coupon exists in several campaigns; give campaignId.",
                field="friend.couponCode",
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
    out = Touches([], [], [], links, None, {c.id: c for c in clicks.values()})

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
        field = "friend.visitToken" if token == ref.visit_token else "friend.visitTokens"
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
        add(rules.TouchMethod.REFERRAL_CODE, "friend.referralCode", by_code, when)
    if ref.coupon_code is not None:
        add(rules.TouchMethod.COUPON, "friend.couponCode", by_coupon, when)
    if campaign_id is not None:
        out.campaign = read.campaigns.get(campaign_id) or await touch_sql.campaign_by_id(
            conn, campaign_id
        )
        if out.campaign is None:
            raise NotFound("No such campaign.", field="friend.campaignId")
    return out


_LABELS = {
    rules.TouchMethod.VISIT_TOKEN: "visit token",
    rules.TouchMethod.REFERRAL_CODE: "referral code",
    rules.TouchMethod.COUPON: "coupon code",
}


def no_touch(ref: FriendRef, touches: Touches, decision: rules.Decision | None) -> DomainError:
    """Why nothing can be attributed, phrased for the first touch the caller gave."""
    if not touches.candidates:
        if ref.campaign_id is None:
            return InvalidInput(
                "Give a referral code, a coupon code, a visit token or a campaign id.",
                field="friend.referralCode",
            )
        return NotFound(
            "No referral is known for this friend; give a code, coupon or visit token.",
            field="friend.email",
        )
    first, field = touches.candidates[0], touches.fields[0]
    excluded = decision.candidates[0].excluded if decision else rules.Exclusion.UNKNOWN
    if excluded is rules.Exclusion.OTHER_CAMPAIGN:
        return InvalidInput(
            f"The {_LABELS[first.method]} belongs to another campaign.", field="friend.campaignId"
        )
    if excluded is rules.Exclusion.LINK_BLOCKED:
        return InvalidState("This referral link is blocked.", field=field)
    if excluded in (rules.Exclusion.OUTSIDE_WINDOW, rules.Exclusion.AFTER_EVENT):
        return InvalidState("The visit is outside the attribution window.", field=field)
    return NotFound(f"Unknown {_LABELS[first.method]}.", field=field)


async def event_campaign(ref: FriendRef) -> int | None:
    """Which campaign the event is for, cheaply and before the transaction: it sets the clock
    (a test-mode campaign's may run ahead). Unknown touches are judged later, in `_touches`."""
    if ref.campaign_id is not None:
        return ref.campaign_id
    found = await _event_row(ref)
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class EventClock:
    """The event's campaign (None when its touches are unknown) and what sets its clock."""

    campaign_id: int | None
    test_mode: bool = False
    test_clock_minutes: int = 0

    def now(self, clock: Clock) -> datetime:
        if self.campaign_id is None:
            return clock.now()
        return campaign_rules.campaign_now(clock.now(), self.test_mode, self.test_clock_minutes)


async def event_clock(ref: FriendRef) -> EventClock:
    """`event_campaign` and the campaign's clock settings in one read."""
    if ref.campaign_id is not None:
        own = await sql.campaign_clock(ref.campaign_id)
        return EventClock(*own) if own else EventClock(ref.campaign_id)
    found = await _event_row(ref)
    return EventClock(*found) if found else EventClock(None)


def clock_in(ref: FriendRef, read: touch_sql.TouchRows) -> EventClock | None:
    """What `event_clock` would read, from the request's touch rows (`touch_keys`, read with
    their campaigns in the caller's transaction); None when they do not settle it (a coupon,
    an unknown campaign, clicks of several campaigns): then ask `event_clock`."""
    if ref.campaign_id is not None:
        own = read.campaigns.get(ref.campaign_id)
        return EventClock(own.id, own.test_mode, own.test_clock_minutes) if own else None
    if set(_event_tokens(ref)) != set(touch_keys(ref)[0]):
        return None  # `event_clock` asks for other tokens (a repeated one, say)
    found = {c.campaign_id for c in read.clicks.values()}
    if not found and read.by_code is not None:
        found = {read.by_code.campaign_id}
    if len(found) != 1 or (campaign := read.campaigns.get(found.pop())) is None:
        return None
    return EventClock(campaign.id, campaign.test_mode, campaign.test_clock_minutes)


def _event_tokens(ref: FriendRef) -> list[str]:
    tokens = [
        t for t in (ref.visit_token, *ref.visit_tokens) if t and rules.could_be_visit_token(t)
    ]
    return tokens[: rules.MAX_VISIT_TOKENS]


async def _event_row(ref: FriendRef) -> tuple[int, bool, int] | None:
    code = rules.normalize_code(ref.referral_code or "")
    coupon = (ref.coupon_code or "").strip()
    return await sql.event_campaign(
        _event_tokens(ref),
        code if rules.is_wellformed_code(code) else None,
        coupon.upper() if rules.COUPON_RE.match(coupon) else None,
    )


def friend_keys(ref: FriendRef) -> tuple[int | None, str | None, str | None, str | None]:
    """The campaign asked, the friend's email, its canonical key and external id, as the
    friend's referral is looked up (all None but the campaign when they are not valid: the
    lookup then happens where the error is raised)."""
    try:
        email, ext = friend_identity(ref)
    except DomainError:
        return ref.campaign_id, None, None, None
    return ref.campaign_id, email or None, canonical_email(email) if email else None, ext or None


def friend_identity(ref: FriendRef) -> tuple[str | None, str | None]:
    email = rules.normalize_email(ref.email, "friend.email") if ref.email else None
    ext = rules.normalize_external_id(ref.external_id, "friend.externalId")
    return email, ext


def occurred(value: datetime | None, now: datetime) -> datetime:
    if value is None:
        return now
    # Stored in UTC: SQLite compares timestamps as text, so offsets must not vary.
    value = as_utc(value, "occurredAt")
    if value > now + FUTURE_TOLERANCE:
        raise InvalidInput("occurredAt is in the future.", field="occurredAt")
    return value
