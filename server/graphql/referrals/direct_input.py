"""Event inputs built straight from the value graphql-core already coerced.

Strawberry converts an input object field by field (resolving each field's annotation, its
name, whether it is a leaf) on every request: for `recordConversion` that was 35 conversions
per request. Scalars were parsed by graphql-core already, so a leaf's value is taken as it is
and a list of leaves is copied; anything else (a nested input) still goes through Strawberry.
The plan is made once per type, on first use, from Strawberry's own field definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING
from enum import Enum
from typing import Any, TypeVar

from strawberry.scalars import is_scalar
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryOptional,
    StrawberryType,
    get_object_definition,
)

T = TypeVar("T", bound=type)


class _Kind(Enum):
    LEAF = 1
    LEAF_LIST = 2
    OTHER = 3


def _leaf(type_: StrawberryType | type, ctx: InputContext) -> bool:
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    return not isinstance(type_, StrawberryType) and is_scalar(type_, ctx.scalar_registry)


def built_directly(cls: T) -> T:
    """Give the input type `cls` a `from_input` that builds it without per-field conversion."""
    definition = get_object_definition(cls, strict=True)
    # Fields without a default are None unless given (graphql-core checked the required ones).
    unset: dict[str, object] = {
        f.python_name: None
        for f in definition.fields
        if f.default_value is MISSING and f.default_factory is MISSING
    }
    plan: list[tuple[str, str, _Kind, StrawberryType | type]] = []

    def from_input(type_: type, value: Mapping[str, Any], ctx: InputContext) -> Any:
        if not plan:
            for f in definition.fields:
                field_type = f.resolve_type(type_definition=definition)
                inner = (
                    field_type.of_type if isinstance(field_type, StrawberryOptional) else field_type
                )
                kind = (
                    _Kind.LEAF
                    if _leaf(field_type, ctx)
                    else _Kind.LEAF_LIST
                    if isinstance(inner, StrawberryList) and _leaf(inner.of_type, ctx)
                    else _Kind.OTHER
                )
                plan.append(
                    (ctx.config.name_converter.from_field(f), f.python_name, kind, field_type)
                )
        kwargs = dict(unset)
        for name, python_name, kind, field_type in plan:
            if name not in value:
                continue
            item = value[name]
            if item is None or kind is _Kind.LEAF:
                kwargs[python_name] = item
            elif kind is _Kind.LEAF_LIST:
                # Copied: graphql-core hands every request that omits it the same default.
                kwargs[python_name] = list(item)
            else:
                kwargs[python_name] = ctx.convert(item, field_type, name)
        return type_(**kwargs)

    definition.from_input = from_input
    return cls
