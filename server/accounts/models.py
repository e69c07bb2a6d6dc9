"""Staff users, their sessions, and API keys for integrations and the bot."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    """Staff roles, then service roles that only API keys carry."""

    OWNER = "owner"
    ADMIN = "admin"
    MANAGER = "manager"
    ANALYST = "analyst"
    INTEGRATION = "integration"
    BOT = "bot"


STAFF_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.MANAGER, Role.ANALYST})
SERVICE_ROLES = frozenset({Role.INTEGRATION, Role.BOT})


class StaffUser(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=16)
    is_active = fields.BooleanField(default=True)
    slack_user_id = fields.CharField(max_length=32, null=True, unique=True)
    password_changed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "staff_user"


class Session(Model):
    """An opaque bearer token, stored only as its SHA-256."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "staff_session"


class ApiKey(Model):
    """A key `vch_<live|test>_<public id>_<secret>`, its secret kept as HMAC-SHA256 + pepper."""

    id = fields.IntField(primary_key=True)
    public_id = fields.CharField(max_length=24, unique=True)
    name = fields.CharField(max_length=100)
    role = fields.CharEnumField(Role, max_length=16)
    test = fields.BooleanField(default=False)
    secret_hash = fields.CharField(max_length=64)
    created_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    created_by_id: int | None

    class Meta:
        table = "api_key"
