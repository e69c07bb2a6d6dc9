"""Custom scalars. Money needs more than GraphQL's 32-bit Int."""

from __future__ import annotations

import re
from typing import NewType

import strawberry
from graphql import IntValueNode, StringValueNode, ValueNode
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


def _parse_literal(node: ValueNode, _variables: object = None) -> int:
    if isinstance(node, IntValueNode | StringValueNode):
        return _parse(node.value)
    raise ValueError("BigInt must be an integer")


SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="A whole number from -(2^53-1) to 2^53-1, used for money in minor units. "
        "Sent as a JSON number (exact in every JSON client, RFC 8259 section 6); accepted as a "
        "JSON number or a string of up to 16 digits with an optional minus sign.",
        specified_by_url="https://www.rfc-editor.org/rfc/rfc8259#section-6",
        serialize=int,
        parse_value=_parse,
        parse_literal=_parse_literal,
    )
}
