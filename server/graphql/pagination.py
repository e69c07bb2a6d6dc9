"""Cursor connections: opaque cursors over ids, `first` capped at 100."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from tortoise.models import Model
from tortoise.queryset import QuerySet

from server.errors import InvalidInput

MAX_PAGE = 100
DEFAULT_PAGE = 20

N = TypeVar("N")
M = TypeVar("M")
ModelT = TypeVar("ModelT", bound=Model)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"c:{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        if prefix != "c":
            raise ValueError(raw)
        number = int(value)
        if not 0 <= number <= 2**31 - 1:
            raise ValueError(raw)
        return number
    except ValueError:
        raise InvalidInput("Not a valid cursor.", field="after") from None


def page_size(first: int | None) -> int:
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise InvalidInput(f"'first' is 0 to {MAX_PAGE}.", field="first")
    return size


def build(
    rows: Sequence[M], size: int, key: Callable[[M], int], node: Callable[[M], N]
) -> Connection[N]:
    """`rows` holds up to size + 1 items; the extra one only says another page exists."""
    page = rows[:size]
    edges = [Edge(cursor=encode_cursor(key(r)), node=node(r)) for r in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


async def paginate(
    query: QuerySet[ModelT],
    first: int | None,
    after: str | None,
    node: Callable[[ModelT], N],
    *,
    newest_first: bool = False,
) -> Connection[N]:
    """A connection over `query` ordered by id, resuming after the cursor's id."""
    size = page_size(first)
    cursor = decode_cursor(after)
    query = query.order_by("-id" if newest_first else "id")
    if cursor is not None:
        query = query.filter(id__lt=cursor) if newest_first else query.filter(id__gt=cursor)
    rows = await query.limit(size + 1)
    return build(rows, size, lambda r: int(r.pk), node)
