"""What `lean.Executor` needs to complete a plain object in one pass: for the selections of a
static document on an object type, whether every selected field is `__typename`, an attribute
of a scalar or enum type, or an attribute holding such an object (or a list of them), and how
to read each (`Plan`); and the arguments of a field that no variable can change, coerced
once (`literal_arguments`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, cast
from uuid import UUID

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    ListValueNode,
    ObjectValueNode,
    Undefined,
    ValueNode,
    VariableNode,
)
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList
from graphql.execution.values import VariableValues, get_argument_values
from graphql.language import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from strawberry.relay import GlobalID
from strawberry.schema.compat import is_scalar
from strawberry.types.base import StrawberryMaybe, StrawberryOptional, StrawberryType
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.lazy_type import LazyType

# One selected field of a plain object (`complete_plain`): its response name, then None for
# `__typename`, else the attribute read and either (the leaf type, nullable) or None and (the
# field's type, its field details) for an attribute holding an object or a list of them.
Step = tuple[
    str,
    str | None,
    tuple[GraphQLScalarType | GraphQLEnumType, bool] | None,
    tuple[GraphQLOutputType, FieldDetailsList] | None,
]
Plan = tuple[Step, ...]
NOT_PLAIN: Any = object()


def plan_of(parent: GraphQLObjectType, collected: CollectedFields) -> Plan | None:
    """How `complete_plain` completes an object of `parent`'s type for these selections, or
    None when one of them needs more (a resolver, arguments, a deferred selection)."""
    if collected.new_defer_usages or collected.forbidden_directive_instances:
        return None
    steps: list[Step] = []
    for response_name, details in collected.grouped_field_set.items():
        node = details[0].node
        if node.name.value == "__typename":
            steps.append((response_name, None, None, None))
            continue
        field_def = parent.fields.get(node.name.value)
        attribute = getattr(field_def.resolve, "vouch_attribute", None) if field_def else None
        if field_def is None or attribute is None or node.arguments:
            return None
        leaf = getattr(field_def.resolve, "vouch_leaf", None)
        if leaf is not None:
            steps.append((response_name, attribute, (leaf[1], leaf[2]), None))
        else:
            steps.append((response_name, attribute, None, (field_def.type, details)))
    return tuple(steps)


# Values a resolver cannot change in place (the coerced literals of leaf arguments).
_IMMUTABLE = (str, int, float, bool, Enum, date, time, timedelta, Decimal, UUID, type(None))


def literal_arguments(
    field_def: GraphQLField, node: FieldNode, variables: VariableValues, hide_suggestions: bool
) -> dict[str, Any] | None:
    """The field's coerced arguments when they are all literals (or defaults) whose values no
    resolver can change in place, as graphql-core coerces them; None otherwise (a variable, a
    mutable value, a coercion error: graphql-core's path then coerces and reports it)."""
    if any(_has_variable(argument.value) for argument in node.arguments or ()):
        return None
    try:
        arguments = get_argument_values(field_def, node, variables, None, hide_suggestions)
    except Exception:
        return None
    if not all(isinstance(value, _IMMUTABLE) for value in arguments.values()):
        return None
    return arguments


def _has_variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_has_variable(item) for item in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_has_variable(field.value) for field in value.fields)
    return False


def dynamic(
    selection_set: SelectionSetNode | None, fragment: FragmentDefinitionNode | None
) -> bool:
    if fragment is not None and (fragment.directives or fragment.variable_definitions):
        return True
    for selection in selection_set.selections if selection_set is not None else ():
        if selection.directives:
            return True
        if isinstance(selection, FragmentSpreadNode):
            if getattr(selection, "arguments", None):  # fragment arguments (experimental)
                return True
        elif isinstance(selection, FieldNode | InlineFragmentNode) and dynamic(
            selection.selection_set, None
        ):
            return True
    return False


def is_leaf_argument(type_: StrawberryType | type, registry: Mapping[object, Any]) -> bool:
    """A value graphql-core hands over ready: Strawberry's conversion returns it as it is."""
    if isinstance(type_, StrawberryMaybe):
        return False
    if isinstance(type_, StrawberryOptional):
        return is_leaf_argument(type_.of_type, registry)
    if isinstance(type_, LazyType):
        return is_leaf_argument(type_.resolve_type(), registry)
    if type_ is GlobalID:
        return False
    return (
        isinstance(type_, StrawberryEnumDefinition)
        or has_enum_definition(type_)
        or is_scalar(type_, registry)
    )


def complete_plain(
    plans: Callable[[GraphQLObjectType, FieldDetailsList], Plan | None],
    type_: GraphQLOutputType,
    details: FieldDetailsList,
    value: Any,
) -> Any:
    """The completed value of an object (or list of them) whose selected fields all have a
    `Plan` (`plans`: the executor's, per type and field details), as graphql-core completes it;
    NOT_PLAIN when anything differs (a null where none may be, an exception, a value its type
    does not take as it is), for graphql-core to complete and report."""
    nullable = not isinstance(type_, GraphQLNonNull)
    inner = type_ if nullable else cast("GraphQLNonNull[Any]", type_).of_type
    if value is None:
        return None if nullable else NOT_PLAIN
    if isinstance(inner, GraphQLList):
        if type(value) is not list and type(value) is not tuple:
            return NOT_PLAIN
        items = []
        for item in value:
            completed = complete_plain(plans, inner.of_type, details, item)
            if completed is NOT_PLAIN:
                return NOT_PLAIN
            items.append(completed)
        return items
    if not isinstance(inner, GraphQLObjectType) or inner.is_type_of is not None:
        return NOT_PLAIN
    plan = plans(inner, details)
    if plan is None or isinstance(value, Exception):
        return NOT_PLAIN
    answer: dict[str, Any] = {}
    try:
        for response_name, attribute, leaf, sub in plan:
            if attribute is None:
                answer[response_name] = inner.name
                continue
            field_value = getattr(value, attribute)
            if sub is not None:
                completed = complete_plain(plans, sub[0], sub[1], field_value)
                if completed is NOT_PLAIN:
                    return NOT_PLAIN
            elif leaf is None:
                return NOT_PLAIN
            elif field_value is None:
                if not leaf[1]:
                    return NOT_PLAIN
                completed = None
            elif isinstance(field_value, Exception):
                return NOT_PLAIN
            else:
                completed = leaf[0].coerce_output_value(field_value)
                if completed is None or completed is Undefined:
                    return NOT_PLAIN
            answer[response_name] = completed
    except Exception:
        return NOT_PLAIN  # graphql-core's path reports it
    return answer
