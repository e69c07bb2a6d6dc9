"""Every operation field declares the permission it needs; a denied mutation returns a typed
FORBIDDEN error and changes nothing, a denied query field is a GraphQL error with that code."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from server.accounts.permissions import Permission
from server.accounts.viewer import Viewer
from server.errors import Forbidden, RateLimited, ServiceUnavailable
from server.graphql.errors import UserError


class Requires(FieldExtension):
    """`permission`, or any of `also` (e.g. the writer of a row reads its ids and statuses)."""

    def __init__(self, permission: Permission, also: frozenset[Permission] = frozenset()) -> None:
        self.permission = permission
        self.also = also
        self.typed = False

    def apply(self, field: StrawberryField) -> None:
        members = getattr(field.type, "types", ())
        self.typed = any(member is UserError for member in members)

    def denied(self, info: Info[Any, Any]) -> Forbidden | None:
        return self.refuses(info.context.viewer)

    def refuses(self, viewer: Viewer) -> Forbidden | None:
        if viewer.can(self.permission) or any(viewer.can(p) for p in self.also):
            return None
        message = (
            f"Needs the '{self.permission.value}' permission."
            if viewer.authenticated
            else "Sign in or send an API key first."
        )
        return Forbidden(message)

    def resolve(
        self, next_: Callable[..., Any], source: Any, info: Info[Any, Any], **kwargs: Any
    ) -> Any:
        denied = self.denied(info)
        if denied is not None:
            if self.typed:
                return UserError.of(denied)
            raise denied
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info[Any, Any], **kwargs: Any
    ) -> Any:
        denied = self.denied(info)
        if denied is not None:
            if self.typed:
                return UserError.of(denied)
            raise denied
        return await next_(source, info, **kwargs)


def needs(permission: Permission, *also: Permission) -> list[FieldExtension]:
    """`@strawberry.field(extensions=needs(Permission.X))`; `also` are alternatives."""
    return [Requires(permission, frozenset(also))]


class MutationRateLimit(FieldExtension):
    """Counts every mutation against the caller's limit (API key, user, else IP)."""

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info[Any, Any], **kwargs: Any
    ) -> Any:
        ctx = info.context
        try:
            wait = await ctx.services.limiter.retry_after(
                ctx.settings.mutation_limit, ctx.caller_key
            )
        except ServiceUnavailable as exc:  # the limit storage is down: closed, but typed
            return UserError.of(exc)
        if wait is not None:
            return UserError.of(
                RateLimited(f"Too many requests; retry in {wait} s.", retry_after=wait)
            )
        return await next_(source, info, **kwargs)


def mutation_needs(permission: Permission) -> list[FieldExtension]:
    """Mutations: the permission first (denied work costs nothing), then the rate limit."""
    return [MutationRateLimit(), Requires(permission)]
