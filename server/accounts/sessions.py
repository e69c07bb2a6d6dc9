"""Signing in and being signed in: staff sessions (password login, sign-out), bearer
credential resolution (sessions, API keys, delegation, portal tokens) and advocate portal
tokens. Each use-case one transaction with its audit row."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from server.accounts import queries, rules, signin
from server.accounts.models import Role, Session, StaffUser
from server.accounts.passwords import Passwords
from server.accounts.signin import SignInThrottle
from server.accounts.viewer import ANONYMOUS, Viewer
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from server.referrals.models import LinkStatus, ReferralLink
from server.referrals.rules import normalize_email

BAD_LOGIN = "Email or password is wrong."
TOUCH_EVERY = timedelta(minutes=1)  # refresh last_used_at at most this often


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True, slots=True)
class IssuedSession:
    token: str
    session: Session
    user: StaffUser


async def login(
    *,
    throttle: SignInThrottle | None = None,
    email: str,
    password: str,
    passwords: Passwords,
    policy: SessionPolicy,
    actor: Actor,
    clock: Clock,
) -> IssuedSession:
    """Known and unknown emails take the same steps (server.accounts.signin): the attempt is
    reserved first, one account lookup, one familiar-address lookup, one argon2 verification
    (against a dummy hash for an unknown email) and one audit row for a failure."""
    try:
        email_n = normalize_email(email)
    except InvalidInput:
        email_n = ""
    account = throttle.account(email_n) if throttle is not None else ""
    if throttle is not None:
        await throttle.reserve(account)
    now = clock.now()
    user = await StaffUser.get_or_none(email=email_n) if email_n else None
    if throttle is not None and not await signin.familiar_address(
        user.id if user else None, throttle.ip_hash
    ):
        await throttle.reserve_unfamiliar(account)
    ok = await passwords.verify(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        async with in_transaction() as conn:
            await audit.record(
                actor=actor,
                action="staff.login_failed",
                # An unknown email is recorded against no account (id 0) but just the same.
                target=user if user is not None else StaffUser(id=0),
                now=now,
                changes={"account": [None, account[:16]]},
                using=conn,
            )
        raise Unauthenticated(BAD_LOGIN, field="password")
    token = rules.SESSION_PREFIX + secrets.token_urlsafe(32)
    async with in_transaction() as conn:
        if passwords.needs_rehash(user.password_hash):
            rehashed = await passwords.hash(password)
            await StaffUser.filter(id=user.id).using_db(conn).update(password_hash=rehashed)
        session = await Session.create(
            user=user,
            token_hash=rules.token_digest(token),
            created_at=now,
            last_used_at=now,
            expires_at=now + policy.absolute,
            using_db=conn,
        )
        # Whoever signs in is the one acting (an anonymous caller until now): the audit log
        # names them, as it names them on their next request.
        signed_in = replace(actor, kind="staff", id=str(user.id)) if not actor.id else actor
        await audit.record(actor=signed_in, action="staff.login", target=user, now=now, using=conn)
    return IssuedSession(token=token, session=session, user=user)


async def authenticate(
    *,
    authorization: str | None,
    acting_slack_user: str | None,
    pepper: bytes,
    policy: SessionPolicy,
    clock: Clock,
) -> Viewer:
    """Resolve the bearer credential; a present but invalid one is refused, never ignored."""
    if acting_slack_user is not None and not authorization:
        raise Unauthenticated("Acting for a Slack user needs a bot API key.")
    if not authorization:
        return ANONYMOUS
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credential:
        raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
    credential = credential.strip()
    now = clock.now()
    if credential.startswith("vch_"):
        viewer = await _authenticate_key(credential, pepper, now)
        if acting_slack_user is not None:
            return await _acting(viewer, acting_slack_user)
        return viewer
    if acting_slack_user is not None:
        raise Unauthenticated("Acting for a Slack user needs a bot API key.")
    if credential.startswith(rules.PORTAL_PREFIX):
        return await _authenticate_portal(credential, now)
    return await _authenticate_session(credential, policy, now)


async def _authenticate_portal(token: str, now: datetime) -> Viewer:
    link = await ReferralLink.get_or_none(portal_token_hash=rules.token_digest(token))
    if link is None or link.status is LinkStatus.BLOCKED:
        raise Unauthenticated("This portal link was revoked; ask for a new one.")
    expires = link.portal_token_expires_at
    if expires is not None and expires <= now:
        raise Unauthenticated("This portal sign-in has expired; ask for a new link.")
    return Viewer(portal_link=link)


async def issue_portal_token(
    *, link_id: int, actor: Actor, clock: Clock, ttl: timedelta | None = None
) -> str:
    """A new token for the advocate portal; issuing again revokes the previous one. With
    `ttl` (a magic-link sign-in) it stops working after that long, else when revoked."""
    token = rules.PORTAL_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    async with in_transaction() as conn:
        link = await ReferralLink.get_or_none(id=link_id, using_db=conn)
        if link is None:
            raise NotFound("No such referral link.", field="linkId")
        replaced = link.portal_token_hash is not None
        await (
            ReferralLink.filter(id=link_id)
            .using_db(conn)
            .update(
                portal_token_hash=rules.token_digest(token),
                portal_token_expires_at=now + ttl if ttl is not None else None,
            )
        )
        await audit.record(
            actor=actor,
            action="portal.issue",
            target=link,
            now=now,
            changes={"replaced": [None, replaced]},
            using=conn,
        )
    return token


async def revoke_portal_token(*, link_id: int, actor: Actor, clock: Clock) -> None:
    now = clock.now()
    async with in_transaction() as conn:
        link = await ReferralLink.get_or_none(id=link_id, using_db=conn)
        if link is None:
            raise NotFound("No such referral link.", field="linkId")
        await ReferralLink.filter(id=link_id).using_db(conn).update(portal_token_hash=None)
        await audit.record(actor=actor, action="portal.revoke", target=link, now=now, using=conn)


async def _authenticate_key(raw: str, pepper: bytes, now: datetime) -> Viewer:
    parts = rules.parse_api_key(raw)
    key = await queries.api_key_by_public_id(parts.public_id) if parts else None
    digest = rules.api_key_digest(pepper, parts.secret if parts else raw)
    valid = (
        key is not None
        and parts is not None
        and rules.digests_match(digest, key.secret_hash)
        and key.test == parts.test
        and key.revoked_at is None
        and (key.expires_at is None or key.expires_at > now)
    )
    if not valid or key is None:
        raise Unauthenticated("Invalid, revoked or expired API key.")
    if key.last_used_at is None or now - key.last_used_at > TOUCH_EVERY:
        await queries.touch_api_key(key.id, now)
    return Viewer.for_key(key)


async def _acting(viewer: Viewer, slack_user_id: str) -> Viewer:
    if viewer.role is not Role.BOT or viewer.api_key is None:
        raise Forbidden("Only bot keys may act for a Slack user.")
    # Unlinked: the request goes on with no permissions, so every operation is FORBIDDEN.
    user = await StaffUser.get_or_none(slack_user_id=slack_user_id, is_active=True)
    return Viewer.delegated(viewer.api_key, slack_user_id, user)


async def _authenticate_session(token: str, policy: SessionPolicy, now: datetime) -> Viewer:
    session = await queries.session_by_token_hash(rules.token_digest(token))
    if (
        session is None
        or session.revoked_at is not None
        or session.expires_at <= now
        or session.last_used_at + policy.idle <= now
        or not session.user.is_active
    ):
        raise Unauthenticated("Session expired or signed out; sign in again.")
    if now - session.last_used_at > TOUCH_EVERY:
        await queries.touch_session(session.id, now)
    return _viewer_of(session)


# The viewer of each session model `queries.session_by_token_hash` handed out: while a
# session's row is unchanged it hands out the same (never written) instances, whose viewer
# (frozen) is then the same too. By identity, kept alive with the session; bounded.
_viewers: dict[int, tuple[Session, Viewer]] = {}
_MAX_VIEWERS = 4096


def _viewer_of(session: Session) -> Viewer:
    found = _viewers.get(id(session))
    if found is not None and found[0] is session:
        return found[1]
    if len(_viewers) >= _MAX_VIEWERS:
        _viewers.clear()
    viewer = Viewer.for_user(session.user, session)
    _viewers[id(session)] = (session, viewer)
    return viewer


async def logout(*, viewer: Viewer, actor: Actor, clock: Clock) -> int:
    if viewer.session is None or viewer.user is None:
        raise Forbidden("Only a signed-in staff session can sign out.")
    now = clock.now()
    async with in_transaction() as conn:
        ended = (
            await Session.filter(id=viewer.session.id, revoked_at=None)
            .using_db(conn)
            .update(revoked_at=now)
        )
        await audit.record(
            actor=actor, action="staff.logout", target=viewer.user, now=now, using=conn
        )
    return ended


async def logout_everywhere(*, viewer: Viewer, actor: Actor, clock: Clock) -> int:
    if viewer.user is None:
        raise Forbidden("Only a signed-in staff member can do this.")
    now = clock.now()
    async with in_transaction() as conn:
        ended = (
            await Session.filter(user_id=viewer.user.id, revoked_at=None)
            .using_db(conn)
            .update(revoked_at=now)
        )
        await audit.record(
            actor=actor,
            action="staff.logout_everywhere",
            target=viewer.user,
            now=now,
            changes={"sessions_ended": [None, ended]},
            using=conn,
        )
    return ended
