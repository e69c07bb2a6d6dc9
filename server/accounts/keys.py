"""Service API keys (integrations and the bot): issue once, revoke; audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from server.accounts import rules
from server.accounts.models import SERVICE_ROLES, ApiKey, Role
from server.accounts.service import refuse_delegated
from server.accounts.viewer import Viewer
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock, as_utc
from server.errors import InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class IssuedKey:
    secret: str  # shown exactly once
    key: ApiKey


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
    refuse_delegated(viewer)
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
