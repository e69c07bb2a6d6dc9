"""Staff accounts: create, change password, role and status, link a Slack user. Each
use-case one transaction with its audit row. Signing in is server/accounts/sessions.py, API
keys server/accounts/keys.py."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts import rules
from server.accounts.models import STAFF_ROLES, Role, Session, StaffUser
from server.accounts.passwords import Passwords
from server.accounts.permissions import Permission, outranks
from server.accounts.signin import SignInThrottle
from server.accounts.viewer import Viewer
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from server.referrals.rules import normalize_email


@dataclass(frozen=True, slots=True)
class CreatedUser:
    user: StaffUser
    generated_password: str | None


async def any_staff() -> bool:
    return await StaffUser.exists()


def refuse_delegated(viewer: Viewer | None) -> None:
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
    refuse_delegated(granted_by)
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
    refuse_delegated(viewer)
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
    refuse_delegated(viewer)
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
