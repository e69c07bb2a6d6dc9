"""The executor copied from a document's first (server/graphql/direct.py `_build`) is the one
graphql-core's `build` would make: the same attributes, the same shared parts, and nothing an
execution changes shared between two requests."""

from __future__ import annotations

from typing import Any, cast

from graphql import parse
from graphql.execution.values import VariableValues
from strawberry.execution import optimized_is_awaitable
from strawberry.types import ExecutionContext

from server.graphql import direct
from server.graphql.schema import build_schema

DOCUMENT = parse(
    "query Q($slug: String!) { ...Root campaign(slug: $slug) { __typename } }"
    " fragment Root on Query { __typename }"
)


def _ec(schema: Any, context: object, variables: dict[str, Any]) -> ExecutionContext:
    ec = ExecutionContext(
        query="(parsed)",
        schema=schema,
        allowed_operations=(),
        context=context,
        variables=variables,
        provided_operation_name="Q",
        operation_extensions={"n": context},
    )
    ec.graphql_document = DOCUMENT
    return ec


def test_copies_are_built_executors_with_their_own_state() -> None:
    schema = build_schema(production=False)
    direct._PREPARED.clear()
    first = direct._build(schema, _ec(schema, "a", {"slug": "one"}))
    second = direct._build(schema, _ec(schema, "b", {"slug": "two"}))
    third = direct._build(schema, _ec(schema, "c", {"slug": "three"}))
    built = cast("Any", schema.execution_context_class).build(
        schema._schema,
        DOCUMENT,
        None,
        "c",
        {"slug": "three"},
        "Q",
        is_awaitable=optimized_is_awaitable,
        operation_extensions={"n": "c"},
    )
    assert type(second) is type(built) is type(third)
    assert vars(third).keys() == vars(built).keys()
    for name, value in vars(built).items():
        copied = vars(third)[name]
        if name == "async_helpers":
            assert copied.gather.__self__ is third and copied.track.__self__ is third
        elif name == "variable_values":
            assert isinstance(copied, VariableValues)
            assert copied.coerced == value.coerced == {"slug": "three"}
        elif isinstance(value, list | set | dict) or type(value).__name__ in {
            "RefMap",
            "CollectedErrors",
        }:
            # What an execution changes is its own (the fragment tables copied, equal).
            assert copied is not vars(second)[name], name
            if isinstance(value, dict):
                assert copied == value, name
        elif name == "operation_extensions":
            assert copied == value == {"n": "c"}
        else:  # the schema's and the document's, or the request's own values
            assert copied is value or copied == value, name
    assert first is not second
    assert vars(second)["context_value"] == "b"


def test_a_document_with_another_schema_is_built_for_that_schema() -> None:
    development = build_schema(production=False)
    production = build_schema(production=True)
    direct._PREPARED.clear()
    for _ in range(2):
        for schema in (development, production):
            executor = direct._build(schema, _ec(schema, "x", {"slug": "s"}))
            assert vars(executor)["schema"] is schema._schema


def test_variables_are_coerced_per_request() -> None:
    schema = build_schema(production=False)
    direct._PREPARED.clear()
    direct._build(schema, _ec(schema, "x", {"slug": "s"}))
    refused = direct._build(schema, _ec(schema, "x", {}))
    assert isinstance(refused, list) and "slug" in refused[0].message
