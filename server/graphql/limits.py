"""Query limits, built once so the validation cache can key on them (a fresh rule class per
request would make every request miss the cache)."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, QueryDepthLimiter

from server.graphql.pagination import DEFAULT_PAGE, MAX_PAGE

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000
MAX_COST = 20_000


class CostLimit(ValidationRule):
    """Every field costs 1 times the page sizes (`first`) of the lists above it, so a query
    cannot ask for 100 x 100 x 100 rows. A `first` given as a variable counts as the maximum."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.context: ValidationContext = context

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        cost = self._cost(node.selection_set, 1, set())
        if cost > MAX_COST:
            self.report_error(
                GraphQLError(
                    f"Query cost {cost} exceeds the limit of {MAX_COST}; "
                    "ask for smaller pages (first).",
                    node,
                )
            )

    def _cost(self, selections: SelectionSetNode | None, multiplier: int, seen: set[str]) -> int:
        if selections is None:
            return 0
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                size = _page_size(selection)
                total += multiplier
                total += self._cost(selection.selection_set, multiplier * size, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += self._cost(selection.selection_set, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is not None and name not in seen:
                    total += self._cost(fragment.selection_set, multiplier, seen | {name})
        return total


def _page_size(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(1, min(int(argument.value.value), MAX_PAGE))
            return MAX_PAGE
    # Connections default to a page of 20; plain lists are bounded by their resolvers.
    return DEFAULT_PAGE if field.selection_set and _is_connection_like(field) else 1


def _is_connection_like(field: FieldNode) -> bool:
    names = {
        s.name.value
        for s in (field.selection_set.selections if field.selection_set else [])
        if isinstance(s, FieldNode)
    }
    return bool(names & {"edges", "nodes"})


LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
    CostLimit,
]


def limits_extension() -> AddValidationRules:
    return AddValidationRules(LIMIT_RULES)
