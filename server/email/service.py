"""The advocate's own use-cases without a staff credential: join a campaign from its hosted
page, ask for a magic sign-in link, exchange it for a portal token, unsubscribe. Nothing
here tells a caller whether an address is enrolled."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from server.accounts import sessions as accounts
from server.advocates import service as advocates
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.email import events, rules, tokens
from server.email.models import EmailKind, PortalSignIn
from server.errors import (
    DomainError,
    ErrorCode,
    InvalidInput,
    InvalidState,
    LinkRefused,
    NotFound,
)
from server.identity import canonical_email
from server.referrals import rules as referral_rules
from server.referrals.models import ReferralLink
from server.settings import Settings

log = logging.getLogger("vouch.email")


def is_open(campaign: Campaign, now: datetime) -> bool:
    """Live and within its schedule: the join page takes sign-ups."""
    current = campaign_rules.phase(campaign.status, campaign.starts_at, campaign.ends_at, now)
    return current is campaign_rules.Phase.LIVE


async def campaign_by_slug(slug: str) -> Campaign:
    """A campaign the public may see: a draft (unless it is a rehearsal) is not found."""
    campaign = await Campaign.get_or_none(slug=slug.strip().lower()[:64])
    if campaign is None or (campaign.status is CampaignStatus.DRAFT and not campaign.test_mode):
        raise NotFound("No such campaign.", field="slug")
    return campaign


def check_form(settings: Settings, form_token: str, slug: str, now: datetime) -> None:
    issued = tokens.form_issued_at(settings, form_token, slug)
    rules.check_form_age(issued, now)


@dataclass(frozen=True, slots=True)
class Accepted:
    """A checked join or sign-in-link request. Its work (enrolment, magic link, emails) runs
    after the answer is sent (`complete`), so the answer takes the same statements and time
    whether or not the address is enrolled: the page cannot be used to test addresses."""

    reason: str  # "join" or "request"
    campaign: Campaign
    email: str
    name: str | None
    send: bool


async def accept_join(
    *,
    settings: Settings,
    slug: str,
    name: str,
    email: str,
    consent: bool,
    form_token: str,
    honeypot: str,
    send: bool,
    clock: Clock,
) -> Accepted | None:
    """Check a join from the hosted page: the same checks for every address, and no lookup
    of it. A filled honeypot: silently nothing (None)."""
    if honeypot.strip():
        log.info("join form honeypot filled; ignored")
        return None
    if len(name) > 200:
        raise InvalidInput("The name is at most 200 characters.", field="name")
    email_n = referral_rules.normalize_email(email)
    if not consent:
        raise InvalidInput("Agree to the terms to join.", field="consent")
    now = clock.now()
    check_form(settings, form_token, slug, now)
    campaign = await campaign_by_slug(slug)
    if not is_open(campaign, now):
        raise InvalidState("This campaign is not taking new advocates.", field="slug")
    return Accepted("join", campaign, email_n, name.strip() or None, send)


async def accept_link_request(
    *, settings: Settings, slug: str, email: str, form_token: str, send: bool, clock: Clock
) -> Accepted:
    """Check a request for a sign-in link; whether the inbox is enrolled is found later."""
    email_n = referral_rules.normalize_email(email)
    check_form(settings, form_token, slug, clock.now())
    campaign = await campaign_by_slug(slug)
    return Accepted("request", campaign, email_n, None, send)


async def complete(accepted: Accepted, *, actor: Actor, clock: Clock) -> None:
    """The work of an accepted request, after its answer: a join enrols through the advocates
    service (the welcome email is written with the enrolment) and emails a sign-in link; a
    request emails one if the inbox is enrolled. Failures are logged: the answer is sent."""
    try:
        await _complete(accepted, actor=actor, clock=clock)
    except DomainError as exc:
        log.warning("%s for campaign %s not completed: %s", accepted.reason,
                    accepted.campaign.id, exc.message)  # fmt: skip


async def _complete(accepted: Accepted, *, actor: Actor, clock: Clock) -> None:
    now = clock.now()
    campaign = accepted.campaign
    if accepted.reason == "join":
        done = await advocates.enroll(
            campaign_id=campaign.id,
            email=accepted.email,
            name=accepted.name,
            external_id=None,
            vanity_code=None,
            actor=actor,
            clock=clock,
            test_data=campaign.test_mode,
        )
        # The consent is kept in the audit trail with the join, whether or not an email goes.
        await _sign_in_link(done.link, actor=actor, now=now, reason="join", send=accepted.send)
        return
    link = (
        await ReferralLink.filter(
            campaign_id=campaign.id, advocate__email_key=canonical_email(accepted.email)
        )
        .order_by("id")
        .first()
    )
    if link is not None and accepted.send:
        await _sign_in_link(link, actor=actor, now=now, reason="request", send=True)


async def _sign_in_link(
    link: ReferralLink, *, actor: Actor, now: datetime, reason: str, send: bool
) -> None:
    """Audit the join or request and, with `send`, write a magic link and its email."""
    async with in_transaction() as conn:
        changes: dict[str, object] = {"reason": [None, reason], "emailed": [None, send]}
        if reason == "join":
            changes["consent"] = [None, True]
        if send:
            row = await PortalSignIn.create(
                link_id=link.id, created_at=now, expires_at=now + rules.SIGN_IN_TTL, using_db=conn
            )
            await events.enqueue(
                kind=EmailKind.SIGN_IN,
                key=rules.dedupe_key(EmailKind.SIGN_IN, "PortalSignIn", row.id, link.advocate_id),
                campaign_id=link.campaign_id,
                advocate_id=link.advocate_id,
                link_id=link.id,
                data={"sign_in_id": row.id},
                now=now,
                conn=conn,
            )
        await audit.record(
            actor=actor,
            action="advocate.join" if reason == "join" else "portal.sign_in_link",
            target=link,
            now=now,
            changes=changes,
            using=conn,
        )


@dataclass(frozen=True, slots=True)
class PortalSession:
    token: str
    expires_at: datetime


async def exchange(*, settings: Settings, token: str, actor: Actor, clock: Clock) -> PortalSession:
    """A magic link, once and in time, for a portal token (which replaces any earlier one)."""
    now = clock.now()
    sign_in_id = tokens.sign_in_id(settings, token.strip())
    row = await PortalSignIn.get_or_none(id=sign_in_id) if sign_in_id else None
    if row is None:
        raise LinkRefused(ErrorCode.INVALID_TOKEN, "This sign-in link is not valid.")
    if row.used_at is not None:
        raise LinkRefused(ErrorCode.ALREADY_USED, "This sign-in link was already used.")
    if row.expires_at <= now:
        raise LinkRefused(ErrorCode.EXPIRED, "This sign-in link has expired; ask for a new one.")
    # One transaction: the link is spent only if its portal token (and audit row) is written.
    async with in_transaction() as conn:
        spent = (
            await PortalSignIn.filter(id=row.id, used_at=None).using_db(conn).update(used_at=now)
        )
        if not spent:
            raise LinkRefused(ErrorCode.ALREADY_USED, "This sign-in link was already used.")
        portal_token = await accounts.issue_portal_token(
            link_id=row.link_id, actor=actor, clock=clock, ttl=rules.PORTAL_SESSION_TTL
        )
    return PortalSession(token=portal_token, expires_at=now + rules.PORTAL_SESSION_TTL)
