"""Generated documents against the cost rule (hypothesis): whatever mix of fields, page sizes,
variables, fragments and inline fragments a caller sends,
- no document the validation rules accept costs more than MAX_COST by the rule's own measure,
  whatever values its variables take, and
- spelling the same selections through named or inline fragments never changes the cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    parse,
    specified_rules,
    validate,
)
from graphql.pyutils import Undefined
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from server.graphql.cost import operation_cost
from server.graphql.limits import LIMIT_RULES, MAX_COST
from server.graphql.schema import schema as vouch_schema

SCHEMA: GraphQLSchema = vouch_schema._schema
MAX_NESTING = 7


@dataclass
class Selection:
    name: str
    arguments: str
    children: list[Selection] = field(default_factory=list)
    type_name: str = ""  # the field's named type, for fragment type conditions
    wrap: int = 0  # 0: plain, 1: named fragment, 2: inline fragment with a type, 3: bare inline


def _literal(kind: GraphQLNamedType) -> str | None:
    if isinstance(kind, GraphQLEnumType):
        first: str = next(iter(kind.values))
        return first
    if isinstance(kind, GraphQLScalarType):
        return {"ID": '"1"', "String": '"x"', "Int": "1", "Boolean": "true"}.get(kind.name)
    return None


def _usable(definition: GraphQLField) -> bool:
    """Fields whose required arguments can be given a plain literal."""
    for argument in definition.args.values():
        required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
        named = get_named_type(argument.type)
        if required and (isinstance(named, GraphQLInputObjectType) or _literal(named) is None):
            return False
        if isinstance(argument.type, GraphQLNonNull) and isinstance(
            argument.type.of_type, GraphQLList
        ):
            return False
    return True


@st.composite
def selections(draw: st.DrawFn, parent: GraphQLNamedType, depth: int, pages: list[str]) -> Any:
    assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
    names = sorted(n for n, d in parent.fields.items() if _usable(d))
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    out: list[Selection] = []
    for name in chosen:
        definition = parent.fields[name]
        named = get_named_type(definition.type)
        arguments = []
        for arg_name, argument in definition.args.items():
            if arg_name == "first":
                how = draw(st.sampled_from(["none", "literal", "variable"]))
                if how == "literal":
                    arguments.append(f"first: {draw(st.integers(0, 150))}")
                elif how == "variable":
                    pages.append(f"p{len(pages)}")
                    arguments.append(f"first: ${pages[-1]}")
            elif isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined:
                arguments.append(f"{arg_name}: {_literal(get_named_type(argument.type))}")
        children: list[Selection] = []
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            if depth >= MAX_NESTING:
                children = [Selection("__typename", "")]
            else:
                children = draw(selections(named, depth + 1, pages))
        out.append(
            Selection(
                name,
                f"({', '.join(arguments)})" if arguments else "",
                children,
                named.name,
                draw(st.integers(0, 3)),
            )
        )
    return out


def render(items: list[Selection], parent: str, fragments: list[str] | None) -> str:
    """Inline when `fragments` is None; else each selection set wrapped as drawn."""
    parts = []
    for item in items:
        inner = ""
        if item.children:
            body = render(item.children, item.type_name, fragments)
            if fragments is not None and item.wrap == 1:
                name = f"F{len(fragments)}"
                fragments.append(f"fragment {name} on {item.type_name} {{ {body} }}")
                body = f"...{name}"
            elif fragments is not None and item.wrap == 2:
                body = f"... on {item.type_name} {{ {body} }}"
            elif fragments is not None and item.wrap == 3:
                body = f"... {{ {body} }}"
            inner = f" {{ {body} }}"
        parts.append(f"{item.name}{item.arguments}{inner}")
    return " ".join(parts)


def _document(items: list[Selection], pages: list[str], fragmented: bool) -> str:
    fragments: list[str] | None = [] if fragmented else None
    body = render(items, "Query", fragments)
    head = f"({', '.join(f'${p}: Int' for p in pages)})" if pages else ""
    return f"query Q{head} {{ {body} }} " + " ".join(fragments or [])


def _cost(text: str, variables: dict[str, Any] | None) -> tuple[int, list[str]]:
    document = parse(text)
    errors = validate(SCHEMA, document, [*specified_rules, *LIMIT_RULES])
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return operation_cost(SCHEMA, operation, fragments, variables), [e.message for e in errors]


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[Selection], list[str], dict[str, Any]]:
    pages: list[str] = []
    assert SCHEMA.query_type is not None
    items = draw(selections(SCHEMA.query_type, 1, pages))
    variables = {p: draw(st.one_of(st.none(), st.integers(0, 100))) for p in pages}
    return items, pages, variables


@hypothesis_settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_no_accepted_document_costs_more_than_the_limit(
    case: tuple[list[Selection], list[str], dict[str, Any]],
) -> None:
    items, pages, variables = case
    inline = _document(items, pages, fragmented=False)
    fragmented = _document(items, pages, fragmented=True)
    worst_inline, inline_errors = _cost(inline, None)
    worst, errors = _cost(fragmented, None)
    # Fragments, named or inline, never change what a document costs.
    assert worst == worst_inline, (inline, fragmented)
    assert _cost(fragmented, variables)[0] == _cost(inline, variables)[0]
    event("accepted" if not errors else "refused: cost" if worst > MAX_COST else "refused")
    event("uses fragments" if "fragment " in fragmented else "no named fragment")
    if not errors:
        assert worst <= MAX_COST, fragmented
        # Whatever values the variables take, the operation costs no more than at validation.
        assert _cost(fragmented, variables)[0] <= worst
    else:
        over = [e for e in errors if "Query cost" in e]
        assert bool(over) == (worst > MAX_COST), (errors, worst)
    # The fragment spelling is refused for cost exactly when the inline one is.
    assert any("Query cost" in e for e in inline_errors) == any("Query cost" in e for e in errors)
