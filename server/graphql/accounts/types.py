from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.models import ApiKey as ApiKeyModel
from server.accounts.models import StaffUser as StaffUserModel
from server.accounts.permissions import Permission
from server.graphql.enums import Role
from server.graphql.node import Entity


@strawberry.type
class StaffUser(Entity):
    node_model: ClassVar[type[Model]] = StaffUserModel
    node_permission: ClassVar[Permission] = Permission.USERS_MANAGE
    id: relay.NodeID[int]
    email: str
    name: str
    role: Role
    active: bool
    slack_user_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: StaffUserModel) -> StaffUser:
        return cls(
            id=m.id,
            email=m.email,
            name=m.name,
            role=m.role,
            active=m.is_active,
            slack_user_id=m.slack_user_id,
            created_at=m.created_at,
        )


@strawberry.type(description="Who the request acts as, and what it may do.")
class Me:
    user: StaffUser | None
    api_key_name: str | None
    role: Role | None
    acting_slack_user_id: str | None
    permissions: list[str]


@strawberry.type(description="An API key's metadata; its secret is never shown again.")
class ApiKey(Entity):
    node_model: ClassVar[type[Model]] = ApiKeyModel
    node_permission: ClassVar[Permission] = Permission.API_KEYS_MANAGE
    id: relay.NodeID[int]
    name: str
    role: Role
    test: bool
    prefix: str = strawberry.field(description="vch_live_<id>: enough to recognise a key.")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, m: ApiKeyModel) -> ApiKey:
        return cls(
            id=m.id,
            name=m.name,
            role=m.role,
            test=m.test,
            prefix=f"vch_{'test' if m.test else 'live'}_{m.public_id}",
            created_at=m.created_at,
            expires_at=m.expires_at,
            revoked_at=m.revoked_at,
            last_used_at=m.last_used_at,
        )


@strawberry.type
class SignedIn:
    token: str = strawberry.field(
        description="Send as 'Authorization: Bearer <token>'. Empty when the request asked for "
        "a cookie session (header 'X-Vouch-Session: cookie'): the token is then only in an "
        "HttpOnly cookie, and every request must echo the vouch_csrf cookie in X-CSRF-Token."
    )
    expires_at: datetime
    user: StaffUser


@strawberry.type
class CreatedApiKey:
    secret: str = strawberry.field(description="The full key. Shown exactly once: store it now.")
    api_key: ApiKey


@strawberry.type
class CreatedStaffUser:
    user: StaffUser
    generated_password: str | None = strawberry.field(
        description="Set when no password was given. Shown exactly once."
    )


@strawberry.type
class SessionsEnded:
    count: int


def permission_names(perms: frozenset[Permission]) -> list[str]:
    return sorted(p.value for p in perms)
