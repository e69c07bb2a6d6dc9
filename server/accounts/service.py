"""Staff accounts. Sessions, roles and API keys arrive with the security issue."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts import rules
from server.accounts.models import Role, StaffUser
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import Conflict
from server.referrals.rules import normalize_email

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@dataclass(frozen=True, slots=True)
class CreatedAdmin:
    user: StaffUser
    generated_password: str | None


async def hash_password(password: str) -> str:
    # argon2 costs ~100 ms of CPU; off the event loop so other requests keep flowing.
    return await asyncio.to_thread(_hasher.hash, password)


async def any_staff() -> bool:
    return await StaffUser.exists()


async def create_admin(
    *, email: str, name: str, password: str | None, actor: Actor, clock: Clock
) -> CreatedAdmin:
    """Create an owner account; without a password one is generated and returned once."""
    email_n = normalize_email(email)
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(18)
    rules.check_password(password, email=email_n)
    digest = await hash_password(password)
    now = clock.now()
    try:
        async with in_transaction() as conn:
            user = await StaffUser.create(
                email=email_n,
                name=name,
                password_hash=digest,
                role=Role.OWNER,
                created_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="staff.create",
                target=user,
                now=now,
                changes={"email": [None, email_n], "role": [None, Role.OWNER.value]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict("A staff account with this email exists.", field="email") from None
    return CreatedAdmin(user=user, generated_password=generated)
