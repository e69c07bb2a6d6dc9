from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from server.accounts import keys, service, sessions
from server.accounts.permissions import Permission
from server.graphql.accounts.types import (
    ApiKey,
    CreatedApiKey,
    CreatedStaffUser,
    SessionsEnded,
    SignedIn,
    StaffUser,
)
from server.graphql.context import Info
from server.graphql.enums import Role
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs
from server.web import session_cookies

LoginResult = Annotated[SignedIn | UserError, strawberry.union("LoginResult")]
SessionsResult = Annotated[SessionsEnded | UserError, strawberry.union("SessionsResult")]
StaffUserResult = Annotated[StaffUser | UserError, strawberry.union("StaffUserResult")]
CreateStaffUserResult = Annotated[
    CreatedStaffUser | UserError, strawberry.union("CreateStaffUserResult")
]
CreateApiKeyResult = Annotated[CreatedApiKey | UserError, strawberry.union("CreateApiKeyResult")]
ApiKeyResult = Annotated[ApiKey | UserError, strawberry.union("ApiKeyResult")]


@strawberry.input
class CreateStaffUserInput:
    email: str
    name: str
    role: Role
    password: str | None = strawberry.field(
        default=None, description="Omit to generate one, returned once."
    )


@strawberry.input
class CreateApiKeyInput:
    name: str
    role: Role = strawberry.field(description="INTEGRATION or BOT.")
    test: bool = False
    expires_at: datetime | None = None


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.PUBLIC),
        description="Unknown email and wrong password give the same UNAUTHENTICATED error.",
    )
    async def login(self, info: Info, email: str, password: str) -> LoginResult:
        async def run() -> SignedIn:
            ctx = info.context
            done = await sessions.login(
                throttle=ctx.services.sign_in_throttle(ctx.settings, ctx.ip_hash),
                email=email,
                password=password,
                passwords=ctx.services.passwords,
                policy=ctx.services.session_policy,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            token, expires_at = done.token, done.session.expires_at
            if session_cookies.wants_cookie(ctx.request) and ctx.response is not None:
                session_cookies.issue(
                    ctx.response, settings=ctx.settings, token=token, expires_at=expires_at
                )
                token = ""  # in the HttpOnly cookie only: no page script can read it
            return SignedIn(token=token, expires_at=expires_at, user=StaffUser.of(done.user))

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.SELF))
    async def logout(self, info: Info) -> SessionsResult:
        async def run() -> SessionsEnded:
            ctx = info.context
            ended = await sessions.logout(viewer=ctx.viewer, actor=ctx.actor, clock=ctx.clock)
            if ctx.response is not None:
                session_cookies.clear(ctx.response, settings=ctx.settings)
            return SessionsEnded(count=ended)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.SELF),
        description="Ends every session of the signed-in user, this one included.",
    )
    async def logout_everywhere(self, info: Info) -> SessionsResult:
        async def run() -> SessionsEnded:
            ctx = info.context
            ended = await sessions.logout_everywhere(
                viewer=ctx.viewer, actor=ctx.actor, clock=ctx.clock
            )
            return SessionsEnded(count=ended)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.SELF),
        description="Ends the user's other sessions; returns how many.",
    )
    async def change_password(
        self, info: Info, current_password: str, new_password: str
    ) -> SessionsResult:
        async def run() -> SessionsEnded:
            ctx = info.context
            ended = await service.change_password(
                throttle=ctx.services.sign_in_throttle(ctx.settings, ctx.ip_hash),
                viewer=ctx.viewer,
                current=current_password,
                new=new_password,
                passwords=ctx.services.passwords,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return SessionsEnded(count=ended)

        return await attempt(run(), {"password": "newPassword"})

    @strawberry.mutation(extensions=mutation_needs(Permission.USERS_MANAGE))
    async def create_staff_user(
        self, info: Info, input: CreateStaffUserInput
    ) -> CreateStaffUserResult:
        async def run() -> CreatedStaffUser:
            ctx = info.context
            done = await service.create_user(
                granted_by=ctx.viewer,
                email=input.email,
                name=input.name,
                role=input.role,
                password=input.password,
                passwords=ctx.services.passwords,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return CreatedStaffUser(
                user=StaffUser.of(done.user), generated_password=done.generated_password
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.USERS_MANAGE),
        description="Change a staff member's role or deactivate them; ends their sessions.",
    )
    async def update_staff_user(
        self, info: Info, id: strawberry.ID, role: Role | None = None, active: bool | None = None
    ) -> StaffUserResult:
        async def run() -> StaffUser:
            ctx = info.context
            user = await service.update_user(
                user_id=parse_id(id, "id", "StaffUser"),
                role=role,
                active=active,
                viewer=ctx.viewer,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return StaffUser.of(user)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.USERS_MANAGE),
        description="Link a staff member to their Slack user id (null unlinks); never to "
        "someone whose role is above the caller's. Audited.",
    )
    async def link_slack_user(
        self, info: Info, user_id: strawberry.ID, slack_user_id: str | None
    ) -> StaffUserResult:
        async def run() -> StaffUser:
            ctx = info.context
            user = await service.link_slack_user(
                user_id=parse_id(user_id, "userId", "StaffUser"),
                slack_user_id=slack_user_id,
                viewer=ctx.viewer,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return StaffUser.of(user)

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.API_KEYS_MANAGE))
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyResult:
        async def run() -> CreatedApiKey:
            ctx = info.context
            done = await keys.create_api_key(
                name=input.name,
                role=input.role,
                test=input.test,
                expires_at=input.expires_at,
                pepper=ctx.services.api_key_pepper,
                viewer=ctx.viewer,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return CreatedApiKey(secret=done.secret, api_key=ApiKey.of(done.key))

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.API_KEYS_MANAGE))
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyResult:
        async def run() -> ApiKey:
            ctx = info.context
            key = await keys.revoke_api_key(
                key_id=parse_id(id, "id", "ApiKey"), actor=ctx.actor, clock=ctx.clock
            )
            return ApiKey.of(key)

        return await attempt(run())
