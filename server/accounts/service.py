"""Staff accounts, sessions and API keys: each use-case one transaction with its audit row."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts import queries, rules, signin
from server.accounts.models import SERVICE_ROLES, STAFF_ROLES, ApiKey, Role, Session, StaffUser
from server.accounts.passwords import Passwords
from server.accounts.permissions import Permission, outranks
from server.accounts.signin import SignInThrottle
from server.accounts.viewer import ANONYMOUS, Viewer
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock, as_utc
from server.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)
from server.referrals.models import LinkStatus, ReferralLink
from server.referrals.rules import normalize_email

BAD_LOGIN = "Email or password is wrong."
TOUCH_EVERY = timedelta(minutes=1)  # refresh last_used_at at most this often


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True, slots=True)
class CreatedUser:
    user: StaffUser
    generated_password: str | None


@dataclass(frozen=True, slots=True)
class IssuedSession:
    token: str
    session: Session
    user: StaffUser


@dataclass(frozen=True, slots=True)
class IssuedKey:
    secret: str  # shown exactly once
    key: ApiKey


async def any_staff() -> bool:
    return await StaffUser.exists()


def _refuse_delegated(viewer: Viewer | None) -> None:
    """Accounts, roles and keys are never managed through delegation (a bot key acting for a
    Slack user), whatever permissions reach this far."""
    if viewer is not None and viewer.is_delegated:
        raise Forbidden("Accounts, roles and keys are never managed through the bot.")


async def create_user(
    *,
    granted_by: Viewer | None = None,
    email: str,
    name: str,
    role: Role,
    password: str | None,
    passwords: Passwords,
    actor: Actor,
    clock: Clock,
) -> CreatedUser:
    """Without a password one is generated and returned once. `granted_by` is the staff member
    creating the account (None for the CLI, which is trusted with the first owner)."""
    if role not in STAFF_ROLES:
        raise InvalidInput("Staff accounts take a staff role.", field="role")
    _refuse_delegated(granted_by)
    if granted_by is not None and role is Role.OWNER and granted_by.role is not Role.OWNER:
        raise Forbidden("Only an owner can create an owner.", field="role")
    email_n = normalize_email(email)
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise InvalidInput("The name is 1-200 characters.", field="name")
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(18)
    rules.check_password(password, email=email_n, name=name)
    digest = await passwords.hash(password)
    now = clock.now()
    try:
        async with in_transaction() as conn:
            user = await StaffUser.create(
                email=email_n,
                name=name,
                password_hash=digest,
                role=role,
                password_changed_at=now,
                created_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="staff.create",
                target=user,
                now=now,
                changes={"email": [None, email_n], "role": [None, role.value]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict("A staff account with this email exists.", field="email") from None
    return CreatedUser(user=user, generated_password=generated)


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
        await audit.record(actor=actor, action="staff.login", target=user, now=now, using=conn)
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
    return Viewer.for_user(session.user, session)


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


async def change_password(
    *,
    viewer: Viewer,
    current: str,
    new: str,
    passwords: Passwords,
    actor: Actor,
    clock: Clock,
    throttle: SignInThrottle | None = None,
) -> int:
    """Ends every other session of the user; returns how many. Checking the current password
    spends the same attempts as signing in, so a stolen session cannot guess it freely."""
    user = viewer.user
    if user is None or viewer.session is None:
        raise Forbidden("Only a signed-in staff session can change its password.")
    # The cheap checks first: a rejected new password spends no attempt.
    rules.check_password(new, email=user.email, name=user.name)
    if current == new:
        raise InvalidInput("Choose a password different from the current one.", field="password")
    if throttle is not None:
        await throttle.reserve(throttle.account(user.email))
    if not await passwords.verify(user.password_hash, current):
        raise Unauthenticated("The current password is wrong.", field="currentPassword")
    digest = await passwords.hash(new)
    now = clock.now()
    async with in_transaction() as conn:
        await (
            StaffUser.filter(id=user.id)
            .using_db(conn)
            .update(password_hash=digest, password_changed_at=now)
        )
        ended = (
            await Session.filter(user_id=user.id, revoked_at=None)
            .exclude(id=viewer.session.id)
            .using_db(conn)
            .update(revoked_at=now)
        )
        await audit.record(
            actor=actor,
            action="staff.change_password",
            target=user,
            now=now,
            changes={"sessions_ended": [None, ended]},
            using=conn,
        )
    return ended


async def update_user(
    *,
    user_id: int,
    role: Role | None,
    active: bool | None,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
) -> StaffUser:
    if role is not None and role not in STAFF_ROLES:
        raise InvalidInput("Staff accounts take a staff role.", field="role")
    _refuse_delegated(viewer)
    now = clock.now()
    async with in_transaction() as conn:
        # The target and the caller, locked in id order: two admins changing each other at
        # once are decided one after the other, and the second sees the first's change.
        ids = sorted({user_id, *([viewer.user.id] if viewer.user else [])})
        rows = {
            u.id: u
            for u in await StaffUser.filter(id__in=ids)
            .select_for_update()
            .using_db(conn)
            .order_by("id")
        }
        user = rows.get(user_id)
        if user is None:
            raise NotFound("No such staff member.", field="id")
        caller = rows.get(viewer.user.id) if viewer.user else None
        if caller is not None and not caller.is_active:
            raise Forbidden("Your account was deactivated meanwhile.", field="id")
        caller_role = caller.role if caller is not None else viewer.role
        if Role.OWNER in {user.role, role} and caller_role is not Role.OWNER:
            raise Forbidden(
                "Only an owner can grant, change or remove the owner role.", field="role"
            )
        if viewer.user is not None and viewer.user.id == user.id:
            raise Forbidden(
                "Ask another administrator to change your own role or status.", field="id"
            )
        before = audit.snapshot(user, ["role", "is_active"])
        if role is not None:
            user.role = role
        if active is not None:
            user.is_active = active
        changes = audit.diff(before, audit.snapshot(user, ["role", "is_active"]))
        if changes:
            await user.save(using_db=conn, update_fields=["role", "is_active"])
            if user.is_active is False or "role" in changes:
                # New rights take effect at the next sign-in; removed ones at once.
                await (
                    Session.filter(user_id=user.id, revoked_at=None)
                    .using_db(conn)
                    .update(revoked_at=now)
                )
            await audit.record(
                actor=actor,
                action="staff.update",
                target=user,
                now=now,
                changes=changes,
                using=conn,
            )
    return user


async def link_slack_user(
    *,
    user_id: int,
    slack_user_id: str | None,
    actor: Actor,
    clock: Clock,
    viewer: Viewer | None = None,
) -> StaffUser:
    """Link (or re-link, or unlink with None) a staff member's Slack user id. `viewer` is the
    API caller (None: the CLI): they may link only themselves unless they hold `users:manage`,
    never a delegated caller, and never someone whose role is above their own, since whoever
    controls the Slack id may then act in Slack with that person's role."""
    if slack_user_id is not None and not rules.is_slack_user_id(slack_user_id):
        raise InvalidInput("A Slack user id looks like U0123ABCD.", field="slackUserId")
    _refuse_delegated(viewer)
    now = clock.now()
    try:
        async with in_transaction() as conn:
            user = await StaffUser.get_or_none(id=user_id, using_db=conn)
            if user is None:
                raise NotFound("No such staff member.", field="userId")
            if viewer is not None:
                await _check_may_link(viewer, user, conn)
            before = user.slack_user_id
            user.slack_user_id = slack_user_id
            await user.save(using_db=conn, update_fields=["slack_user_id"])
            action = (
                "staff.unlink_slack"
                if slack_user_id is None
                else "staff.link_slack"
                if before is None
                else "staff.relink_slack"
            )
            await audit.record(
                actor=actor,
                action=action,
                target=user,
                now=now,
                changes={"slack_user_id": [before, slack_user_id]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict(
            "This Slack user is linked to another staff member.", field="slackUserId"
        ) from None
    return user


async def _check_may_link(viewer: Viewer, user: StaffUser, conn: BaseDBAsyncClient) -> None:
    caller = (
        await StaffUser.get_or_none(id=viewer.user.id, using_db=conn)
        if viewer.user is not None
        else None
    )
    if caller is None or not caller.is_active:
        raise Forbidden("Only a signed-in staff member links Slack users.", field="userId")
    if caller.id != user.id and not viewer.can(Permission.USERS_MANAGE):
        raise Forbidden("Linking someone else's account needs 'users:manage'.", field="userId")
    if outranks(caller.role, user.role):
        raise Forbidden(
            "Nobody links a Slack user to an account whose role is above their own.",
            field="userId",
        )


async def create_api_key(
    *,
    name: str,
    role: Role,
    test: bool,
    expires_at: datetime | None,
    pepper: bytes,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
) -> IssuedKey:
    if role not in SERVICE_ROLES:
        raise InvalidInput("API keys take a service role: integration or bot.", field="role")
    _refuse_delegated(viewer)
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput("The name is 1-100 characters.", field="name")
    now = clock.now()
    if expires_at is not None:
        expires_at = as_utc(expires_at, "expiresAt")
    if expires_at is not None and expires_at <= now:
        raise InvalidInput("The expiry must be in the future.", field="expiresAt")
    parts = rules.ApiKeyParts(
        test=test, public_id=secrets.token_hex(8), secret=secrets.token_hex(32)
    )
    async with in_transaction() as conn:
        key = await ApiKey.create(
            public_id=parts.public_id,
            name=name,
            role=role,
            test=test,
            secret_hash=rules.api_key_digest(pepper, parts.secret),
            created_by_id=viewer.user.id if viewer.user else None,
            created_at=now,
            expires_at=expires_at,
            using_db=conn,
        )
        await audit.record(
            actor=actor,
            action="api_key.create",
            target=key,
            now=now,
            changes={"name": [None, name], "role": [None, role.value]},
            using=conn,
        )
    return IssuedKey(secret=rules.format_api_key(parts), key=key)


async def revoke_api_key(*, key_id: int, actor: Actor, clock: Clock) -> ApiKey:
    now = clock.now()
    async with in_transaction() as conn:
        key = await ApiKey.get_or_none(id=key_id, using_db=conn)
        if key is None:
            raise NotFound("No such API key.", field="id")
        revoked = (
            await ApiKey.filter(id=key_id, revoked_at=None).using_db(conn).update(revoked_at=now)
        )
        if revoked:
            key.revoked_at = now
            await audit.record(
                actor=actor, action="api_key.revoke", target=key, now=now, using=conn
            )
    return key
