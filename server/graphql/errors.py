"""Expected failures as data: every mutation's result union includes UserError."""

from __future__ import annotations

from collections.abc import Awaitable, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

import strawberry
from strawberry.relay import GlobalID
from tortoise.models import Model

from server.errors import MAX_ID, DomainError
from server.graphql.enums import ErrorCode

T = TypeVar("T")


@strawberry.type(description="An expected failure with a stable code and the input field at fault.")
class UserError:
    code: ErrorCode
    message: str
    field: str | None = strawberry.field(
        default=None,
        description="The input at fault, as a dotted path relative to the arguments of the field "
        "that answered; a mutation's `input` argument is left out, list items are numbered from "
        "0: `friend.email`, `rules.0.fixedAmount`, `ids.2`, `id`. Null when no one input is "
        "at fault.",
    )
    retry_after: int | None = strawberry.field(
        default=None,
        description="Seconds to wait before retrying: set when retrying can succeed "
        "(RATE_LIMITED, TRANSIENT, SERVICE_UNAVAILABLE; CONFLICT while a request with the same "
        "idempotency key is in flight).",
    )

    @classmethod
    def of(cls, exc: DomainError, fields: Mapping[str, str] | None = None) -> UserError:
        """`fields` renames a use-case's field to this field's input path (a use-case shared
        by several mutations names its inputs one way; each mutation nests them its own)."""
        field = input_path(exc.field, fields)
        return cls(code=exc.code, message=exc.message, field=field, retry_after=exc.retry_after)


def input_path(field: str | None, fields: Mapping[str, str] | None) -> str | None:
    """`field` with its first segment renamed by `fields` (`at` -> `scenario.at`)."""
    if field is None or not fields:
        return field
    head, dot, rest = field.partition(".")
    return fields[head] + dot + rest if head in fields else field


@contextmanager
def inputs_named(fields: Mapping[str, str]) -> Iterator[None]:
    """A query's refusal (raised, not returned) names its input paths: see UserError.of."""
    try:
        yield
    except DomainError as exc:
        exc.field = input_path(exc.field, fields)
        raise


async def attempt(work: Awaitable[T], fields: Mapping[str, str] | None = None) -> T | UserError:
    """Await a use-case; a domain error becomes a typed UserError instead of a GraphQL error,
    its field renamed by `fields` (see UserError.of)."""
    try:
        return await work
    except DomainError as exc:
        return UserError.of(exc, fields)


def node_id(kind: str, pk: int) -> strawberry.ID:
    """The opaque global id of a `kind` row (its GraphQL type name) with primary key `pk`."""
    return strawberry.ID(str(GlobalID(type_name=kind, node_id=str(pk))))


def primary_key(raw: str) -> int | None:
    """The key in a global id when written as the API writes it (ASCII digits, no sign, no
    leading zero, in range), else None: one object has exactly one id ("Campaign:01" and
    "Campaign:\u0663" are not ids of Campaign 1, and "Campaign:\u00b2" is not an id at all)."""
    if not (raw.isascii() and raw.isdigit()) or raw.startswith("0"):
        return None
    number = int(raw)
    return number if number <= MAX_ID else None


def bounded(model: type[Model], column: str, value: str | None, field: str) -> str | None:
    """A filter value for `model.column`, refused (INVALID_INPUT) when longer than the column
    holds: no row could match it, and the ORM would raise rather than answer."""
    from server.errors import InvalidInput

    limit = getattr(model._meta.fields_map[column], "max_length", None)
    if value is not None and limit is not None and len(value) > limit:
        raise InvalidInput(f"At most {limit} characters.", field=field)
    return value


def parse_id(value: strawberry.ID | str, field: str = "id", kind: str | None = None) -> int:
    """The primary key behind a global id; `kind` names the GraphQL type it must be."""
    from server.errors import InvalidInput

    try:
        gid = GlobalID.from_id(str(value))
    except ValueError:
        raise InvalidInput("Not a valid id.", field=field) from None
    number = primary_key(gid.node_id)
    if number is None or (kind is not None and gid.type_name != kind):
        raise InvalidInput("Not a valid id.", field=field)
    return number
