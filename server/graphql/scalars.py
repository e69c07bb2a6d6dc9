"""Custom scalars. Money needs more than GraphQL's 32-bit Int."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import NewType

import strawberry
from graphql import IntValueNode, StringValueNode, ValueNode
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)

_LIMIT = 2**53 - 1
_INTEGER = re.compile(r"-?[0-9]{1,16}")  # exactly representable in every JSON client


def _parse(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("BigInt must be an integer")
    if isinstance(value, str) and not _INTEGER.fullmatch(value):
        raise ValueError("BigInt must be an integer")
    number = int(value)
    if abs(number) > _LIMIT:
        raise ValueError("BigInt is out of range")
    return number


def _serialize(value: int) -> int:
    """A sum past the range (stats revenue over many orders near the maximum amount) is a field
    error, never a number a JSON client would read inexactly."""
    number = int(value)
    if -_LIMIT <= number <= _LIMIT:
        return number
    raise ValueError("BigInt is out of range: the value is larger than 2^53-1")


def _parse_literal(node: ValueNode, _variables: object = None) -> int:
    if isinstance(node, IntValueNode | StringValueNode):
        return _parse(node.value)
    raise ValueError("BigInt must be an integer")


SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="A whole number from -(2^53-1) to 2^53-1, used for money in minor units. "
        "Sent as a JSON number (exact in every JSON client, RFC 8259 section 6); accepted as a "
        "JSON number or a string of up to 16 digits with an optional minus sign. A value past the "
        "range (a sum over many orders near the largest amount) is a field error, never an "
        "inexact number.",
        specified_by_url="https://www.rfc-editor.org/rfc/rfc8259#section-6",
        serialize=_serialize,
        parse_value=_parse,
        parse_literal=_parse_literal,
    ),
    # Strawberry's own parsing and output, with what a client needs to map them (a generated
    # client reads `@specifiedBy`; "isoformat" named no format).
    dt.datetime: dataclasses.replace(
        DateTimeDefinition,
        description="A moment in time as an RFC 3339 string with its offset, e.g. "
        "`2026-03-01T12:00:00+00:00`; the API answers in UTC. Give the offset (`Z` or `+hh:mm`) "
        "in inputs too.",
        specified_by_url="https://scalars.graphql.org/chillicream/date-time.html",
    ),
    dt.date: dataclasses.replace(
        DateDefinition,
        description="A calendar date as an RFC 3339 full-date string, e.g. `2026-03-01`.",
        specified_by_url="https://scalars.graphql.org/chillicream/local-date.html",
    ),
}
