"""Public ids of rows the tests made without the API (use ids from responses otherwise)."""

from __future__ import annotations

from server.graphql.errors import node_id, parse_id


def gid(kind: str, pk: int) -> str:
    """The id the API shows for the `kind` row (its GraphQL type name) with key `pk`."""
    return str(node_id(kind, pk))


def pk(public: str) -> int:
    """The primary key behind an id the API showed."""
    return parse_id(public)
