"""Expected failures as data: every mutation's result union includes UserError."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry

from server.errors import DomainError
from server.graphql.enums import ErrorCode

T = TypeVar("T")
MAX_ID = 2**31 - 1  # primary keys are 32-bit integers


@strawberry.type(description="An expected failure with a stable code and the input field at fault.")
class UserError:
    code: ErrorCode
    message: str
    field: str | None = None
    retry_after: int | None = strawberry.field(
        default=None,
        description="Seconds to wait before retrying (RATE_LIMITED, SERVICE_UNAVAILABLE).",
    )

    @classmethod
    def of(cls, exc: DomainError) -> UserError:
        return cls(code=exc.code, message=exc.message, field=exc.field, retry_after=exc.retry_after)


async def attempt(work: Awaitable[T]) -> T | UserError:
    """Await a use-case; a domain error becomes a typed UserError instead of a GraphQL error."""
    try:
        return await work
    except DomainError as exc:
        return UserError.of(exc)


def node_id(kind: str, pk: int) -> strawberry.ID:
    """The public id of a `kind` row (the GraphQL type name) with primary key `pk`."""
    return strawberry.ID(str(pk))


def parse_id(value: strawberry.ID | str, field: str = "id", kind: str | None = None) -> int:
    """The primary key behind a public id; `kind` names the GraphQL type it must be."""
    from server.errors import InvalidInput

    try:
        number = int(str(value))
    except ValueError:
        raise InvalidInput("Not a valid id.", field=field) from None
    if not 0 < number <= MAX_ID:
        raise InvalidInput("Not a valid id.", field=field)
    return number
