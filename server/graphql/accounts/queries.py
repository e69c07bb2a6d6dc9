from __future__ import annotations

import strawberry

from server.accounts.models import ApiKey as ApiKeyModel
from server.accounts.models import StaffUser as StaffUserModel
from server.accounts.permissions import Permission
from server.graphql.accounts.types import ApiKey, Me, StaffUser, permission_names
from server.graphql.context import Info
from server.graphql.pagination import Connection, Page, paginate
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
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[StaffUser]:
        return await paginate(
            StaffUserModel.all(), Page.of(first, after, last, before), StaffUser.of
        )

    @strawberry.field(extensions=needs(Permission.API_KEYS_MANAGE))
    async def api_keys(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApiKey]:
        return await paginate(ApiKeyModel.all(), Page.of(first, after, last, before), ApiKey.of)
