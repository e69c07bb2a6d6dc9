"""Who decided something, as the caller may see them: staff emails are personal data, shown only
to callers who manage users (`users:manage`); everyone else sees the staff member's name."""

from __future__ import annotations

from server.accounts.permissions import Permission
from server.graphql.context import Info

STAFF_PREFIX = "staff:"


async def staff_label(info: Info, value: str | None) -> str | None:
    """A stored decider (a staff email, or a word such as "auto") for this caller."""
    if value is None or "@" not in value or info.context.viewer.can(Permission.USERS_MANAGE):
        return value
    name = await info.context.loaders.staff_name.load(value)
    return name or "a staff member"


async def decider_label(info: Info, value: str) -> str:
    """`staff:<email>` as `staff:<name>` for callers who may not see emails."""
    if not value.startswith(STAFF_PREFIX):
        return value
    shown = await staff_label(info, value.removeprefix(STAFF_PREFIX))
    return f"{STAFF_PREFIX}{shown}"
