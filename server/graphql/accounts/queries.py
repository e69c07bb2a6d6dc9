from __future__ import annotations

import strawberry

from server.accounts.models import ApiKey as ApiKeyModel
from server.accounts.models import StaffUser as StaffUserModel
from server.accounts.permissions import Permission
from server.graphql.accounts.types import ApiKey, Me, StaffUser, permission_names
from server.graphql.context import Info
from server.graphql.pagination import Connection, build, decode_cursor, page_size
from server.graphql.permissions import needs


@strawberry.type
class AccountQueries:
    @strawberry.field(extensions=needs(Permission.PUBLIC))
    def me(self, info: Info) -> Me:
        v = info.context.viewer
        return Me(
            user=StaffUser.of(v.user) if v.user else None,
            api_key_name=v.api_key.name if v.api_key else None,
            role=v.role,
            acting_slack_user_id=v.acting_slack_user,
            permissions=permission_names(v.permissions),
        )

    @strawberry.field(extensions=needs(Permission.USERS_MANAGE))
    async def staff_users(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[StaffUser]:
        size = page_size(first)
        query = StaffUserModel.all().order_by("id")
        cursor = decode_cursor(after)
        if cursor is not None:
            query = query.filter(id__gt=cursor)
        return build(await query.limit(size + 1), size, lambda r: r.id, StaffUser.of)

    @strawberry.field(extensions=needs(Permission.API_KEYS_MANAGE))
    async def api_keys(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[ApiKey]:
        size = page_size(first)
        query = ApiKeyModel.all().order_by("id")
        cursor = decode_cursor(after)
        if cursor is not None:
            query = query.filter(id__gt=cursor)
        return build(await query.limit(size + 1), size, lambda r: r.id, ApiKey.of)
