"""Relay cursor connections: `edges { cursor node }`, a complete `PageInfo`, `first/after`
and `last/before`, opaque cursors over ids, pages of at most 100."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo

    @strawberry.field(description="The edges' nodes, for clients that need no cursors.")
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"c:{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, field: str = "after") -> int | None:
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
        raise InvalidInput("Not a valid cursor.", field=field) from None


def _size(value: int | None, field: str) -> int:
    size = DEFAULT_PAGE if value is None else value
    if not 0 <= size <= MAX_PAGE:
        raise InvalidInput(f"'{field}' is 0 to {MAX_PAGE}.", field=field)
    return size


def page_size(first: int | None) -> int:
    return _size(first, "first")


@dataclass(frozen=True, slots=True)
class Page:
    """One page request, in the connection's own order (oldest or newest first).

    `after` and `before` are ids; `backwards` means `last`: the page nearest `before`."""

    size: int
    after: int | None
    before: int | None
    backwards: bool

    @classmethod
    def of(cls, first: int | None, after: str | None, last: int | None, before: str | None) -> Page:
        if first is not None and last is not None:
            raise InvalidInput("Give 'first' or 'last', not both.", field="last")
        backwards = last is not None
        return cls(
            size=_size(last, "last") if backwards else _size(first, "first"),
            after=decode_cursor(after, "after"),
            before=decode_cursor(before, "before"),
            backwards=backwards,
        )

    def filter(self, query: QuerySet[ModelT], *, newest_first: bool) -> QuerySet[ModelT]:
        """The window between the cursors, fetched from the end the page starts at."""
        if self.after is not None:
            query = (
                query.filter(id__lt=self.after) if newest_first else query.filter(id__gt=self.after)
            )
        if self.before is not None:
            query = (
                query.filter(id__gt=self.before)
                if newest_first
                else query.filter(id__lt=self.before)
            )
        descending = newest_first != self.backwards
        return query.order_by("-id" if descending else "id").limit(self.size + 1)


def build(
    rows: Sequence[M], page: Page, key: Callable[[M], int], node: Callable[[M], N]
) -> Connection[N]:
    """`rows` holds up to size + 1 items fetched from the page's starting end; the extra one
    only says another page exists in that direction."""
    more = len(rows) > page.size
    taken = list(rows[: page.size])
    if page.backwards:
        taken.reverse()
    edges = [Edge(cursor=encode_cursor(key(r)), node=node(r)) for r in taken]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.before is not None if page.backwards else more,
            has_previous_page=more if page.backwards else page.after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


async def paginate(
    query: QuerySet[ModelT],
    page: Page,
    node: Callable[[ModelT], N],
    *,
    newest_first: bool = False,
) -> Connection[N]:
    """A connection over `query` ordered by id (oldest or newest first)."""
    rows = await page.filter(query, newest_first=newest_first)
    return build(rows, page, lambda r: int(r.pk), node)
