"""`UserError.field` and an error's `extensions.field` name an input path: checked here.

The convention (README, "Errors"): `field` is the dotted path of the input at fault, relative
to the arguments of the field that answered (a mutation, or the query field whose arguments
were refused); a lone `input` argument's name is left out (`friend.email`, not
`input.friend.email`); list items are numbered from 0 (`rules.2.fixedAmount`, `ids.0`).

`paths_of` lists every path a field's arguments allow; `check_response` finds every `field`
an answer carries and asserts that it is one of them. The tests' HTTP client runs it on every
GraphQL answer (tests/conftest.py), so a wrong name fails the test that first meets it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
)
from graphql.error import GraphQLSyntaxError

INDEX = "#"  # a list item's number, in a path pattern
_DIGITS = re.compile(r"(?<=\.)\d+(?=\.|$)|^\d+(?=\.|$)")


def _walk(name: str, kind: Any, seen: frozenset[str]) -> Iterator[str]:
    yield name
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        if isinstance(kind, GraphQLList):
            name = f"{name}.{INDEX}"
            yield name
        kind = kind.of_type
    if isinstance(kind, GraphQLInputObjectType) and kind.name not in seen:
        for child, spec in kind.fields.items():
            yield from _walk(f"{name}.{child}", spec.type, seen | {kind.name})


def paths_of(field: GraphQLField) -> frozenset[str]:
    """Every input path of `field`'s arguments, a lone `input` argument's name left out."""
    args: dict[str, GraphQLArgument] = field.args
    found: set[str] = set()
    for name, arg in args.items():
        if name == "input":
            inner = get_named_type(arg.type)
            assert isinstance(inner, GraphQLInputObjectType)
            spec: GraphQLInputField
            for child, spec in inner.fields.items():
                found.update(_walk(child, spec.type, frozenset({inner.name})))
        else:
            found.update(_walk(name, arg.type, frozenset()))
    return frozenset(found)


def pattern(path: str) -> str:
    """`rules.2.fixedAmount` -> `rules.#.fixedAmount`."""
    return _DIGITS.sub(INDEX, path)


@cache
def graphql_schema() -> GraphQLSchema:
    from server.graphql.schema import schema

    return schema._schema


def all_paths() -> frozenset[str]:
    """Every input path of every root field (Query, Mutation, Subscription)."""
    schema = graphql_schema()
    roots = [schema.query_type, schema.mutation_type, schema.subscription_type]
    found: set[str] = set()
    for root in roots:
        if root is None:
            continue
        for field in root.fields.values():
            found |= paths_of(field)
    for kind in schema.type_map.values():
        if isinstance(kind, GraphQLObjectType) and kind not in roots:
            for field in kind.fields.values():
                found |= paths_of(field)
    return frozenset(found)


class WrongField(AssertionError):
    pass


def _fields(
    selections: SelectionSetNode | None,
    parent: GraphQLObjectType,
    fragments: dict[str, FragmentDefinitionNode],
) -> Iterator[tuple[str, GraphQLField | None, FieldNode, GraphQLObjectType]]:
    """(response key, definition, node, parent type) of each field selected on `parent`;
    fragments on other types are followed with their own type."""
    if selections is None:
        return
    schema = graphql_schema()
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            yield key, parent.fields.get(selection.name.value), selection, parent
        else:
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is None:
                    continue
                condition = fragment.type_condition
                inner = fragment.selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                maybe, inner = selection.type_condition, selection.selection_set
                if maybe is None:
                    yield from _fields(inner, parent, fragments)
                    continue
                condition = maybe
            kind = schema.get_type(condition.name.value)
            if isinstance(kind, GraphQLObjectType):
                yield from _fields(inner, kind, fragments)
            else:  # an interface or a union: any of its object types may answer
                for candidate in schema.type_map.values():
                    if (
                        isinstance(candidate, GraphQLObjectType)
                        and kind is not None
                        and schema.is_sub_type(kind, candidate)  # type: ignore[arg-type]
                    ):
                        yield from _fields(inner, candidate, fragments)


def _user_errors(
    value: Any,
    owner: GraphQLField,
    node: FieldNode,
    kind: GraphQLObjectType,
    fragments: dict[str, FragmentDefinitionNode],
    where: str,
    owner_name: str,
) -> Iterator[tuple[str, GraphQLField, str, str]]:
    """(field value, the field whose arguments it must name, where) of each UserError below.
    A UserError answers for the nearest field above it that takes arguments."""
    if isinstance(value, list):
        for item in value:
            yield from _user_errors(item, owner, node, kind, fragments, where, owner_name)
        return
    if not isinstance(value, dict):
        return
    schema = graphql_schema()
    candidates: list[GraphQLObjectType] = []
    typename = value.get("__typename")
    named = get_named_type(kind)
    if isinstance(typename, str) and isinstance(schema.get_type(typename), GraphQLObjectType):
        candidates = [schema.get_type(typename)]  # type: ignore[list-item]
    elif isinstance(named, GraphQLObjectType):
        candidates = [named]
    else:  # a union or an interface without __typename: try each member
        candidates = [
            t
            for t in schema.type_map.values()
            if isinstance(t, GraphQLObjectType) and schema.is_sub_type(named, t)  # type: ignore[arg-type]
        ]
    for candidate in candidates:
        for key, definition, child, _ in _fields(node.selection_set, candidate, fragments):
            if key not in value or definition is None:
                continue
            if candidate.name == "UserError" and child.name.value == "field":
                if isinstance(value[key], str):
                    yield value[key], owner, where, owner_name
                continue
            named_args = bool(definition.args)
            yield from _user_errors(
                value[key],
                definition if named_args else owner,
                child,
                definition.type,  # type: ignore[arg-type]
                fragments,
                f"{where}.{key}",
                f"{candidate.name}.{child.name.value}" if named_args else owner_name,
            )


def _locate(
    path: list[str | int],
    operation: OperationDefinitionNode,
    root: GraphQLObjectType,
    fragments: dict[str, FragmentDefinitionNode],
) -> GraphQLField | None:
    """The definition of the field an error's `path` ends at (None if not found)."""
    selections: SelectionSetNode | None = operation.selection_set
    parent: Any = root
    found: GraphQLField | None = None
    schema = graphql_schema()
    for step in path:
        if isinstance(step, int):
            continue
        match = None
        objects = (
            [parent]
            if isinstance(parent, GraphQLObjectType)
            else [
                t
                for t in schema.type_map.values()
                if isinstance(t, GraphQLObjectType) and schema.is_sub_type(parent, t)
            ]
        )
        for candidate in objects:
            for key, definition, node, _ in _fields(selections, candidate, fragments):
                if key == step and definition is not None:
                    match = (definition, node)
                    break
            if match:
                break
        if match is None:
            return None
        found, node = match
        selections = node.selection_set
        parent = get_named_type(found.type)
    return found


def check_response(request_body: bytes, response_body: bytes) -> None:
    """Raise WrongField if the answer names a `field` that is not an input path of the field
    that answered it."""
    try:
        sent = json.loads(request_body or b"null")
        answer = json.loads(response_body or b"null")
    except (ValueError, RecursionError):  # not JSON we can read: nothing to check
        return
    pairs: list[tuple[Any, Any]]
    if isinstance(sent, list) and isinstance(answer, list):
        pairs = list(zip(sent, answer, strict=False))
    else:
        pairs = [(sent, answer)]
    for one, reply in pairs:
        if isinstance(one, dict) and isinstance(reply, dict):
            _check_one(one, reply)


def _check_one(sent: dict[str, Any], answer: dict[str, Any]) -> None:
    query = sent.get("query")
    if not isinstance(query, str):
        return
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = sent.get("operationName")
    operation = next(
        (o for o in operations if name is None or (o.name and o.name.value == name)), None
    )
    if operation is None:
        return
    schema = graphql_schema()
    root = schema.get_root_type(operation.operation)
    if root is None:
        return
    wrong: list[str] = []
    data = answer.get("data")
    if isinstance(data, dict):
        for key, definition, node, _ in _fields(operation.selection_set, root, fragments):
            if key not in data or definition is None:
                continue
            found = _user_errors(
                data[key],
                definition,
                node,
                definition.type,  # type: ignore[arg-type]
                fragments,
                key,
                f"{root.name}.{node.name.value}",
            )
            for value, owner, where, owner_name in found:
                if pattern(value) not in {pattern(p) for p in paths_of(owner)}:
                    wrong.append(f"{where}: field {value!r} is not an input of {owner_name}")
    for error in answer.get("errors") or []:
        extensions = error.get("extensions") or {}
        named, path = extensions.get("field"), error.get("path")
        if not isinstance(named, str) or not isinstance(path, list):
            continue
        at = _locate(path, operation, root, fragments)
        if at is not None and pattern(named) not in {pattern(p) for p in paths_of(at)}:
            wrong.append(f"error at {path}: field {named!r} is not one of its arguments")
    if wrong:
        raise WrongField("; ".join(wrong) + f"\nin answer to: {query[:300]}")
