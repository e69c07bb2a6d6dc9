"""The advocate's own use-cases without a staff credential: join a campaign from its hosted
page, ask for a magic sign-in link, exchange it for a portal token, unsubscribe. Nothing
here tells a caller whether an address is enrolled."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from server.accounts import sessions as accounts
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.email import requests, rules, tokens
from server.email.models import PortalSignIn
from server.errors import (
    ErrorCode,
    InvalidInput,
    InvalidState,
    LinkRefused,
    NotFound,
)
from server.referrals import rules as referral_rules
from server.secretbox import SecretBox
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


async def accept_join(
    *,
    settings: Settings,
    box: SecretBox,
    slug: str,
    name: str,
    email: str,
    consent: bool,
    form_token: str,
    honeypot: str,
    send: bool,
    actor: Actor,
    clock: Clock,
) -> None:
    """Accept a join from the hosted page: the same checks and the same one row for every
    address, and no lookup of it; the enrolment, magic link and emails are the email
    worker's (server/email/requests.py). A filled honeypot: silently nothing."""
    if honeypot.strip():
        log.info("join form honeypot filled; ignored")
        return
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
    accepted = requests.Accepted(
        "join", campaign.id, email_n, name.strip() or None, send, actor.request_id, actor.ip_hash
    )
    await requests.write(accepted, box=box, now=now)


async def accept_link_request(
    *,
    settings: Settings,
    box: SecretBox,
    slug: str,
    email: str,
    form_token: str,
    send: bool,
    actor: Actor,
    clock: Clock,
) -> None:
    """Accept a request for a sign-in link; whether the inbox is enrolled is the worker's
    to find out."""
    email_n = referral_rules.normalize_email(email)
    now = clock.now()
    check_form(settings, form_token, slug, now)
    campaign = await campaign_by_slug(slug)
    accepted = requests.Accepted(
        "request", campaign.id, email_n, None, send, actor.request_id, actor.ip_hash
    )
    await requests.write(accepted, box=box, now=now)


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
