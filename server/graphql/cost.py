"""Schema-aware query cost: what an operation may make the server produce, before it runs.

Every field costs one for each time it resolves. A list multiplies everything under it by its
size: a connection by its `first` (as given, else its default page), a plain list by the size
its resolver is bounded to (`LIST_SIZES`, else `DEFAULT_LIST`). Fragments and inline fragments
are expanded with their type conditions, so moving a selection into a fragment changes nothing.
A `first` given as a variable counts at the variable's value when it is known (execution) and
at the largest page when it is not (validation, which is cached per document)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.pyutils import Undefined

from server.analytics.rules import MAX_BUCKETS
from server.graphql.pagination import DEFAULT_PAGE, MAX_PAGE
from server.rewards.rules import MAX_RULES, MAX_TIERS

# Plain (unpaged) lists whose resolvers return at most this many items.
DEFAULT_LIST = DEFAULT_PAGE
LIST_SIZES: dict[str, int] = {
    "Campaign.timeseries": MAX_BUCKETS,
    "RewardRuleVersion.rules": MAX_RULES,
    "RewardRule.tiers": MAX_TIERS,
    "NotificationBatch.notifications": MAX_PAGE,
    "BulkResult.succeeded": MAX_PAGE,
    "BulkResult.failed": MAX_PAGE,
}
CONNECTION_LISTS = frozenset({"edges", "nodes"})


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> int:
    return measure(schema, operation, fragments, variables)[0]


def measure(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None = None,
) -> tuple[int, bool]:
    """The cost, and whether it depends on variables (a `first` given as one)."""
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root is None:
        return 0, False
    walk = _Walk(schema, fragments, variables)
    cost = walk.selections(operation.selection_set, root, 1, None, frozenset())
    return cost, walk.uses_variables


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any] | None,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.uses_variables = False

    def selections(
        self,
        node: SelectionSetNode | None,
        parent: GraphQLNamedType,
        multiplier: int,
        page: int | None,
        seen: frozenset[str],
    ) -> int:
        """`page` is set inside a connection: its `edges` and `nodes` lists have that size."""
        if node is None:
            return 0
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, multiplier, page, seen)
            elif isinstance(selection, InlineFragmentNode):
                target = self._type(selection.type_condition, parent)
                total += self.selections(selection.selection_set, target, multiplier, page, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:  # unknown or cyclic: refused elsewhere
                    continue
                target = self._type(fragment.type_condition, parent)
                total += self.selections(
                    fragment.selection_set, target, multiplier, page, seen | {name}
                )
        return total

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        multiplier: int,
        page: int | None,
        seen: frozenset[str],
    ) -> int:
        name = node.name.value
        definition = _field(parent, name)
        if name.startswith("__") or definition is None:
            return multiplier  # introspection and unknown fields: no nesting to pay for
        inner = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else None
        is_list = isinstance(inner or definition.type, GraphQLList)
        named = get_named_type(definition.type)
        size = self._first(node, definition)
        children = multiplier
        child_page: int | None = None
        if _is_connection(named):
            child_page = size if size is not None else DEFAULT_PAGE
        elif is_list:
            if page is not None and name in CONNECTION_LISTS:
                children = multiplier * page
            elif size is not None:
                children = multiplier * size
            else:
                children = multiplier * LIST_SIZES.get(f"{parent.name}.{name}", DEFAULT_LIST)
        return multiplier + self.selections(node.selection_set, named, children, child_page, seen)

    def _first(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The page size a field with a `first` argument will return; None without one."""
        argument = definition.args.get("first")
        if argument is None:
            return None
        value: object = None
        given = next((a for a in node.arguments or () if a.name.value == "first"), None)
        if given is None:
            default = argument.default_value
            value = default if default is not Undefined else None
        elif isinstance(given.value, IntValueNode):
            value = int(given.value.value)
        elif isinstance(given.value, VariableNode):
            self.uses_variables = True
            known = self.variables is not None and given.value.name.value in self.variables
            value = self.variables[given.value.name.value] if known else MAX_PAGE  # type: ignore[index]
        if value is None:
            return DEFAULT_PAGE
        if not isinstance(value, int):
            return MAX_PAGE
        return max(1, min(value, MAX_PAGE))

    def _type(self, condition: Any, parent: GraphQLNamedType) -> GraphQLNamedType:
        if condition is None:
            return parent
        found = self.schema.get_type(condition.name.value)
        return found if found is not None else parent


def _field(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _is_connection(named: GraphQLNamedType) -> bool:
    return (
        isinstance(named, GraphQLObjectType)
        and "edges" in named.fields
        and "pageInfo" in named.fields
    )
