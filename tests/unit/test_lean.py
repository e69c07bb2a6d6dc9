"""Lean resolvers (server/graphql/lean.py): the same answers as Strawberry's own resolver, the
permission checked as `Requires` checks it, and only fields whose arguments need no
conversion replaced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from inspect import isawaitable
from typing import Annotated, Any

import pytest
import strawberry
from graphql import GraphQLObjectType, parse, print_ast
from graphql import execute as graphql_execute
from graphql.execution import executor as core_executor
from graphql.execution.collect_fields import collect_subfields
from graphql.execution.executor import Executor as CoreExecutor
from strawberry.relay import GlobalID

from server.accounts.permissions import Permission
from server.graphql import lean
from server.graphql.errors import UserError
from server.graphql.permissions import needs
from server.graphql.schema import VouchSchema
from server.graphql.schema import schema as vouch_schema


@strawberry.enum
class Color(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.input
class Filter:
    name: str


@strawberry.type
class Ok:
    text: str


@dataclass
class Viewer:
    allowed: frozenset[Permission]
    authenticated: bool = True

    def can(self, permission: Permission) -> bool:
        return permission in self.allowed


@dataclass
class Context:
    viewer: Viewer


@strawberry.type
class Thing:
    label: str

    @strawberry.field(extensions=needs(Permission.ANALYTICS_READ))  # type: ignore[untyped-decorator]
    async def window(
        self,
        info: strawberry.Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        color: Color = Color.RED,
        count: int = 2,
    ) -> str:
        assert isinstance(info.context, Context)
        start = from_.isoformat() if from_ is not None else "always"
        return f"{self.label} {start} {color.value} {count}"

    @strawberry.field
    def shout(self, word: str | None = None) -> str:
        return (word or self.label).upper()


@strawberry.type
class Query:
    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ))  # type: ignore[untyped-decorator]
    async def thing(self, label: str) -> Thing:
        return Thing(label=label)

    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ))  # type: ignore[untyped-decorator]
    def by_id(self, id: GlobalID) -> str:
        return id.node_id

    @strawberry.field
    def filtered(self, where: Filter) -> str:
        return where.name

    @strawberry.field(extensions=needs(Permission.CAMPAIGNS_READ))  # type: ignore[untyped-decorator]
    def typed(self) -> Ok | UserError:
        return Ok(text="fine")


QUERY = """{ thing(label: "a") { label window(from: "2026-01-02T03:04:05+00:00", color: BLUE)
  plain: window shout(word: "hey") other: shout } byId(id: "VGhpbmc6Nw==")
  filtered(where: {name: "n"}) typed { __typename ... on UserError { code } } }"""


def build(*, lean_fields: bool) -> strawberry.Schema:
    built = strawberry.Schema(query=Query)
    if lean_fields:
        assert lean.install(built) == 4  # thing, typed, Thing.window, Thing.shout
    return built


def leaned(built: strawberry.Schema, type_name: str, field: str) -> bool:
    graphql_type = built._schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    resolve = graphql_type.fields[field].resolve
    return getattr(resolve, "__module__", "") == lean.__name__


def test_only_fields_whose_arguments_need_no_conversion_are_replaced() -> None:
    built = build(lean_fields=True)
    assert leaned(built, "Query", "thing")
    assert leaned(built, "Thing", "window")
    assert not leaned(built, "Query", "byId")  # a GlobalID is converted from its text
    assert not leaned(built, "Query", "filtered")  # an input type is built
    assert leaned(built, "Thing", "label")  # an attribute


def test_the_dashboard_hot_fields_are_lean() -> None:
    assert leaned(vouch_schema, "Query", "campaign")
    assert leaned(vouch_schema, "Campaign", "stats")
    assert leaned(vouch_schema, "CampaignStats", "clicks")  # an attribute, read directly
    assert leaned(vouch_schema, "Money", "currency")


@pytest.mark.parametrize(
    "allowed",
    [
        frozenset({Permission.CAMPAIGNS_READ, Permission.ANALYTICS_READ}),
        frozenset({Permission.CAMPAIGNS_READ}),
        frozenset(),
    ],
)
async def test_answers_and_errors_are_strawberrys(allowed: frozenset[Permission]) -> None:
    answers: list[tuple[Any, Any]] = []
    for lean_fields in (False, True):
        result = await build(lean_fields=lean_fields).execute(
            QUERY, context_value=Context(Viewer(allowed))
        )
        errors = [(e.message, e.path, type(e.original_error)) for e in result.errors or []]
        answers.append((result.data, sorted(errors, key=str)))
    assert answers[0] == answers[1]
    data = answers[1][0]
    if Permission.ANALYTICS_READ in allowed:
        assert data["thing"]["window"] == "a 2026-01-02T03:04:05+00:00 blue 2"
        assert data["thing"]["plain"] == "a always red 2"
    if not allowed:
        assert data is None or data["typed"] == {"__typename": "UserError", "code": "FORBIDDEN"}


@strawberry.type
class Leaves:
    text: str
    color: Color
    when: datetime
    maybe: int | None
    broken: int  # given None: graphql-core's error, at its path
    wrong: int  # given a text: graphql-core's coercion error


@strawberry.type
class LeafQuery:
    @strawberry.field
    def leaves(self) -> list[Leaves] | None:
        return [
            Leaves(
                text="t",
                color=Color.BLUE,
                when=datetime(2026, 1, 2, 3, 4, 5),
                maybe=None,
                broken=None,  # type: ignore[arg-type]
                wrong="x",  # type: ignore[arg-type]
            )
        ]


@pytest.mark.parametrize(
    "query",
    [
        "{ __typename leaves { __typename text color when maybe } }",
        "{ __typename leaves { __typename text color when maybe broken } }",
        "{ __typename leaves { __typename text color when maybe wrong } }",
    ],
)
async def test_the_executor_answers_leaves_as_graphql_core(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    completed: list[str] = []  # fields graphql-core's own path executed
    execute_field = CoreExecutor.execute_field

    def spy(self: CoreExecutor[Any], parent: Any, source: Any, details: Any, *rest: Any) -> Any:
        completed.append(details[0].node.name.value)
        return execute_field(self, parent, source, details, *rest)

    monkeypatch.setattr(CoreExecutor, "execute_field", spy)
    failing = _failing(query)
    extra = [failing] if failing else []
    answers: list[tuple[Any, Any]] = []
    paths: list[list[str]] = []
    for lean_fields in (False, True):
        completed.clear()
        built = strawberry.Schema(
            query=LeafQuery, execution_context_class=lean.Executor if lean_fields else None
        )
        if lean_fields:
            lean.install(built)
            assert leaned(built, "Leaves", "when")
        result = await built.execute(query)
        errors = [(e.message, e.path) for e in result.errors or []]
        answers.append((result.data, sorted(errors, key=str)))
        paths.append(sorted(completed))
    assert answers[0] == answers[1]
    # Plain leaves skip graphql-core's chain (and a lean resolver in a static document its
    # argument coercion); a failing leaf goes back through it.
    fields = ["__typename", "leaves", "__typename", "text", "color", "when", "maybe"]
    assert paths[0] == sorted(fields + extra)
    assert paths[1] == sorted(extra)
    if failing is not None:
        assert answers[1][0] == {"__typename": "LeafQuery", "leaves": None}
        assert [path for _, path in answers[1][1]] == [["leaves", 0, failing]]
    else:
        leaf = {"__typename": "Leaves", "text": "t", "color": "BLUE"}
        assert answers[1] == (
            {
                "__typename": "LeafQuery",
                "leaves": [{**leaf, "when": "2026-01-02T03:04:05", "maybe": None}],
            },
            [],
        )


def _failing(query: str) -> str | None:
    return "broken" if "broken" in query else "wrong" if "wrong" in query else None


def test_vouchs_schema_runs_operations_on_the_direct_path() -> None:
    # server.graphql.direct runs only while the Pipeline is the schema's one extension.
    assert isinstance(vouch_schema, VouchSchema)
    assert vouch_schema._only_pipeline is not None


async def _run(built: strawberry.Schema, document: Any, variables: dict[str, Any]) -> Any:
    result = graphql_execute(
        built._schema,
        document,
        context_value=Context(Viewer(frozenset({Permission.CAMPAIGNS_READ}))),
        variable_values=variables,
        executor_class=lean.Executor,
    )
    return await result if isawaitable(result) else result


async def test_a_static_documents_fields_are_collected_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collected: list[str] = []  # graphql-core's collection of a selection set's subfields
    collect = collect_subfields

    def spy(*args: Any) -> Any:
        collected.append(args[4].name)
        return collect(*args)

    monkeypatch.setattr(core_executor, "collect_subfields", spy)
    built = build(lean_fields=True)
    document = parse('{ thing(label: "a") { label shout } other: thing(label: "b") { label } }')
    first = await _run(built, document, {})
    assert sorted(collected) == ["Thing", "Thing"]
    collected.clear()
    assert await _run(built, document, {}) == first
    assert collected == []  # the second request reuses the first one's
    assert first.data == {"thing": {"label": "a", "shout": "A"}, "other": {"label": "b"}}
    assert (await _run(built, parse(print_ast(document)), {})) == first  # another document


@pytest.mark.parametrize("directive", ["@include(if: $on)", "@skip(if: $on)"])
async def test_a_document_with_directives_is_collected_per_request(directive: str) -> None:
    built = build(lean_fields=True)
    document = parse(
        'query Q($on: Boolean!) { thing(label: "a") { label '
        + f"shout {directive} ... on Thing {{ other: shout {directive} }} }} }}"
    )
    answers = [(await _run(built, document, {"on": on})).data for on in (True, False, True)]
    shown = {"thing": {"label": "a", "shout": "A", "other": "A"}}
    hidden = {"thing": {"label": "a"}}
    expected = [shown, hidden, shown] if "include" in directive else [hidden, shown, hidden]
    assert answers == expected


@strawberry.type
class Part:
    amount: int
    unit: str | None


@strawberry.type
class Whole:
    parts: list[Part]
    maybe_parts: list[Part | None] | None
    part: Part | None
    broken_part: Part  # given None: graphql-core's error, at its path


@strawberry.type
class WholeQuery:
    @strawberry.field
    def whole(self) -> Whole:
        return Whole(
            parts=[Part(amount=1, unit="a"), Part(amount=2, unit=None)],
            maybe_parts=[None, Part(amount=3, unit="c")],
            part=None,
            broken_part=None,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    "query",
    [
        "{ whole { __typename parts { amount unit } maybeParts { __typename n: amount } part"
        " { amount } } }",
        "{ whole { parts { amount } brokenPart { amount } } }",
    ],
)
async def test_plain_objects_are_completed_as_graphql_core_does(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    completed: list[str] = []  # objects graphql-core's own path completed
    complete_object_value = CoreExecutor.complete_object_value

    def spy(self: CoreExecutor[Any], type_: Any, *rest: Any) -> Any:
        completed.append(type_.name)
        return complete_object_value(self, type_, *rest)

    monkeypatch.setattr(CoreExecutor, "complete_object_value", spy)
    answers = []
    for lean_fields in (False, True):
        completed.clear()
        built = strawberry.Schema(
            query=WholeQuery, execution_context_class=lean.Executor if lean_fields else None
        )
        if lean_fields:
            lean.install(built)
        result = await built.execute(query)
        answers.append((result.data, [(e.message, e.path) for e in result.errors or []]))
    assert answers[0] == answers[1]
    if "broken" in query:
        assert "Whole" in completed  # by graphql-core, which reports the error
        assert answers[1][0] is None
        assert [path for _, path in answers[1][1]] == [["whole", "brokenPart"]]
    else:
        assert completed == []  # everything below `whole` in one pass
        assert answers[1] == (
            {
                "whole": {
                    "__typename": "Whole",
                    "parts": [{"amount": 1, "unit": "a"}, {"amount": 2, "unit": None}],
                    "maybeParts": [None, {"__typename": "Part", "n": 3}],
                    "part": None,
                }
            },
            [],
        )


async def test_literal_arguments_are_coerced_once_and_variables_on_each_request() -> None:
    built = build(lean_fields=True)
    context = Context(Viewer(frozenset({Permission.CAMPAIGNS_READ, Permission.ANALYTICS_READ})))

    async def run(document: Any, variables: dict[str, Any]) -> Any:
        result = graphql_execute(
            built._schema,
            document,
            context_value=context,
            variable_values=variables,
            executor_class=lean.Executor,
        )
        result = await result if isawaitable(result) else result
        return result.data, [e.formatted for e in result.errors or []]

    expected = await build(lean_fields=False).execute(QUERY, context_value=context)
    document = parse(QUERY)
    for _ in range(2):  # the second request reuses the first one's arguments
        assert await run(document, {}) == (
            expected.data,
            [e.formatted for e in expected.errors or []],
        )
    document = parse("query Q($l: String!, $c: Color!) { thing(label: $l) { window(color: $c) } }")
    answers = [
        (await run(document, {"l": label, "c": c}))[0] for label, c in [("a", "RED"), ("b", "BLUE")]
    ]
    assert answers == [
        {"thing": {"window": "a always red 2"}},
        {"thing": {"window": "b always blue 2"}},
    ]
