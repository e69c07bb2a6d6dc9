"""Generated operations (hypothesis-graphql) against the real app: whatever a caller sends,
the API answers without a 5xx and without leaking an internal error.

Operations are generated once, deterministically (`derandomize=True`), from schema.graphql, then
sent over HTTP as an owner and as an anonymous caller, and a smaller batch to an app with
production settings, where unexpected failures are masked as "Unexpected error." (each such
answer is a server bug). A few rows are seeded first, and generated IDs and strings are often
placeholders for their real ids and codes, so that operations reach resolvers with real data."""

from __future__ import annotations

import functools
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, TypeVar

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries
from starlette.applications import Starlette

from server.accounts.models import Role
from server.app import create_app
from server.clock import FrozenClock
from server.settings import Env, Settings
from tests.conftest import STAFF_PASSWORD, gql, make_client, staff_token
from tests.factories import convert, create_campaign, enroll, live_campaign, refund, signup

NUL_REFUSED = "Strings cannot contain NUL characters."

SCHEMA = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()

# Operations per caller and per kind. Development: the full run; production: a smaller batch.
POSITIVE = 150
NEGATIVE = 25
PRODUCTION = 50

# Generous limits, so that generated operations reach the resolvers instead of RATE_LIMITED.
NO_LIMITS = {
    "mutation_limit": "100000/minute",
    "login_limit": "100000/minute",
    "login_pair_limit": "100000/minute",
    "login_account_limit": "100000/minute",
    "query_budget": "100000000/minute",
}

# --- What generated values look like -------------------------------------------------------

ID_SLOTS = (
    "campaign",
    "draft",
    "link",
    "other_link",
    "advocate",
    "referral",
    "conversion",
    "owner",
    "analyst",
    "api_key",
)
STRING_SLOTS = ("code", "other_code")


def _slot(name: str) -> str:
    """A placeholder the test replaces with a seeded row's real id or code before sending."""
    return f"__vouch_{name}__"


_CHARACTERS = st.characters(codec="utf-8", max_codepoint=0xFFFF, exclude_categories=["Cs"])
T = TypeVar("T")


def _weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """One of `choices`, each drawn as often as its weight. Values that fail validation reject
    the whole operation, so they are kept rare: one field's junk must not hide the others."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


IDS: st.SearchStrategy[graphql.ValueNode] = _weighted(
    (6, st.sampled_from(ID_SLOTS).map(_slot).map(nodes.String)),
    (
        2,
        st.sampled_from(
            ["0", "-1", "1", "00001", " 1", "1e3", "0x10", "abc", "", "9223372036854775807"]
        ).map(nodes.String),
    ),
    (1, st.sampled_from(["9223372036854775808", "99999999999999999999999"]).map(nodes.String)),
    (1, st.integers().map(nodes.Int)),
)

STRING_SAMPLES = (
    "",
    " ",
    "give-10",
    "draft-1",
    "Give 10",
    "ada@example.com",
    "ADA@Example.com",
    "bob@example.org",
    "not-an-email",
    "https://shop.example.com/join",
    "http://localhost:8000/",
    "javascript:alert(1)",
    "USD",
    "EUR",
    "usd",
    "ZZZ",
    STAFF_PASSWORD,
    "owner@example.com",
    "campaign",
    "campaign.create",
    "cust-ada",
    "U0MIA1234",
    "#referrals",
    "key-00000001",
    "order-1",
    "'; DROP TABLE campaign; --",
    "%",
    "_",
    "\\",
    "\x00",
    "\u202e",
    "é🙂",
    "{advocate_name} {share_url}",
    "{unknown",
    "{0.__class__}",
    "x" * 1000,
)
STRINGS: st.SearchStrategy[graphql.ValueNode] = st.one_of(
    st.sampled_from(STRING_SAMPLES),
    st.sampled_from(STRING_SLOTS).map(_slot),
    st.text(_CHARACTERS, max_size=40),
).map(nodes.String)

BIG_INTS: st.SearchStrategy[graphql.ValueNode] = _weighted(
    (6, st.integers(min_value=-1_000, max_value=100_000).map(nodes.Int)),
    (2, st.sampled_from([0, -1, 2**31, 2**53 - 1, -(2**53) + 1]).map(nodes.Int)),
    (1, st.sampled_from(["100", "-5"]).map(nodes.String)),
    # Out of range or not an integer.
    (1, st.sampled_from([2**53, -(2**53), 2**63, -(2**63) - 1, 10**40]).map(nodes.Int)),
    (1, st.sampled_from(["1.5", "1e3", "abc", "", "9007199254740993"]).map(nodes.String)),
)

_ZONES: list[tzinfo] = [UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))]
_ZONES_OR_NAIVE: st.SearchStrategy[tzinfo | None] = st.sampled_from([*_ZONES, None])
DATE_TIMES: st.SearchStrategy[graphql.ValueNode] = _weighted(
    (
        6,
        st.datetimes(
            min_value=datetime(2025, 1, 1),
            max_value=datetime(2028, 1, 1),
            timezones=st.sampled_from(_ZONES),
        )
        .map(datetime.isoformat)
        .map(nodes.String),
    ),
    (1, st.datetimes(timezones=_ZONES_OR_NAIVE).map(datetime.isoformat).map(nodes.String)),
    # The ends of the calendar, which arithmetic or a change of time zone overflows.
    (
        2,
        st.sampled_from(
            [
                "0001-01-01T00:00:00+14:00",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59-12:00",
                "9999-12-31T23:59:59Z",
            ]
        ).map(nodes.String),
    ),
    # Not a date and time.
    (
        1,
        st.one_of(
            st.sampled_from(
                ["2026-02-30T00:00:00Z", "2026-03-02T25:00:00", "+99:00", "now", "", "1e10"]
            ),
            st.text(_CHARACTERS, max_size=30),
        ).map(nodes.String)
        | st.integers().map(nodes.Int),
    ),
)

DATES: st.SearchStrategy[graphql.ValueNode] = _weighted(
    (6, st.dates().map(lambda d: d.isoformat()).map(nodes.String)),
    (1, st.sampled_from(["2026-02-30", "2026-13-01", "", "today"]).map(nodes.String)),
)

JSONS: st.SearchStrategy[graphql.ValueNode] = st.one_of(
    st.text(_CHARACTERS, max_size=20).map(nodes.String),
    st.integers().map(nodes.Int),
    st.booleans().map(nodes.Boolean),
)

# hypothesis-graphql looks custom scalars up before the built-in ones, so ID and String are
# steered too: mostly realistic values and seeded rows, still with arbitrary text.
SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "BigInt": BIG_INTS,
    "DateTime": DATE_TIMES,
    "Date": DATES,
    "JSON": JSONS,
    "ID": IDS,
    "String": STRINGS,
}


def _collect(strategy: st.SearchStrategy[str], count: int) -> tuple[str, ...]:
    """`count` examples of `strategy`, the same ones on every run."""
    found: list[str] = []

    @hypothesis_settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation=strategy)
    def collect(operation: str) -> None:
        found.append(operation)

    collect()
    return tuple(dict.fromkeys(found))


@functools.cache
def operations(kind: str, mode: Mode, count: int) -> tuple[str, ...]:
    make = queries if kind == "query" else mutations
    return _collect(make(SCHEMA, custom_scalars=SCALARS, mode=mode), count)


@dataclass(frozen=True)
class Operation:
    """A generated operation; `lifted` ones are sent with their arguments as variables."""

    text: str
    lifted: bool = False


def development_batch() -> list[Operation]:
    positive = [
        *operations("query", Mode.POSITIVE, POSITIVE),
        *operations("mutation", Mode.POSITIVE, POSITIVE),
    ]
    negative = [
        *operations("query", Mode.NEGATIVE, NEGATIVE),
        *operations("mutation", Mode.NEGATIVE, NEGATIVE),
    ]
    return [
        *(Operation(text) for text in positive + negative),
        *(Operation(text, lifted=True) for text in positive),
    ]


def production_batch() -> list[Operation]:
    positive = [
        *operations("query", Mode.POSITIVE, PRODUCTION),
        *operations("mutation", Mode.POSITIVE, PRODUCTION),
    ]
    return [Operation(text, lifted=lifted) for lifted in (False, True) for text in positive]


# hypothesis-graphql writes arguments inline; real clients send variables, which the server
# coerces on another path (parse_value instead of parse_literal). Every third lifted operation
# gets one variable of the wrong shape.
WRONG_VARIABLES: tuple[Any, ...] = (
    "abc",
    1.5,
    [1],
    {"x": 1},
    None,
    True,
    2**40,
    -(2**63),
    "",
    "2026-02-30T00:00:00Z",
)
PARSED_SCHEMA = graphql.build_schema(SCHEMA)


def as_variables(operation: str, number: int) -> tuple[str, dict[str, Any]]:
    """The operation with each argument lifted into a variable of the argument's type."""
    type_info = graphql.TypeInfo(PARSED_SCHEMA)
    variables: dict[str, Any] = {}
    definitions: list[graphql.VariableDefinitionNode] = []

    class Lift(graphql.Visitor):
        def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
            argument = type_info.get_argument()
            if argument is None:
                return None
            name = graphql.NameNode(value=f"v{len(variables)}")
            variables[name.value] = graphql.value_from_ast_untyped(node.value)
            definitions.append(
                graphql.VariableDefinitionNode(
                    variable=graphql.VariableNode(name=name),
                    type=graphql.parse_type(str(argument.type)),
                    directives=(),
                )
            )
            return graphql.ArgumentNode(name=node.name, value=graphql.VariableNode(name=name))

        def leave_operation_definition(
            self, node: graphql.OperationDefinitionNode, *_: Any
        ) -> graphql.OperationDefinitionNode:
            return graphql.OperationDefinitionNode(
                operation=node.operation,
                name=node.name,
                variable_definitions=tuple(definitions),
                directives=node.directives,
                selection_set=node.selection_set,
            )

    document = graphql.visit(graphql.parse(operation), graphql.TypeInfoVisitor(type_info, Lift()))
    if variables and number % 3 == 0:
        victim = f"v{number // 3 % len(variables)}"
        variables[victim] = WRONG_VARIABLES[number // 3 % len(WRONG_VARIABLES)]
    return graphql.print_ast(document), variables


# --- Seeded rows ---------------------------------------------------------------------------

STAFF = """
mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) {
  ... on CreatedStaffUser { user { id } } ... on UserError { code message } } }"""
KEY = """
mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  ... on CreatedApiKey { apiKey { id } } ... on UserError { code message } } }"""


async def seed(client: httpx.AsyncClient) -> dict[str, str]:
    """A live and a draft campaign, two advocates, a referral with a partly refunded
    conversion, a second staff member and an API key; their ids and codes by slot name."""
    owner = (await gql(client, "{ me { user { id } } }"))["me"]["user"]["id"]
    analyst = await gql(
        client,
        STAFF,
        input={"email": "analyst@example.com", "name": "Ana", "role": "ANALYST"},
    )
    key = await gql(client, KEY, input={"name": "Shop", "role": "INTEGRATION"})
    cid = await live_campaign(client)
    draft = await create_campaign(client, name="Draft", slug="draft-1")
    link = await enroll(client, cid, "ada@example.com", externalId="cust-ada")
    other = await enroll(client, cid, "grace@example.com")
    referral = await signup(client, referralCode=link["code"], email="bob@example.org")
    done = await convert(
        client, "key-00000001", "order-1", 4999, campaignId=cid, email="bob@example.org"
    )
    conversion = done["conversion"]["id"]
    await refund(client, conversion, 1000, "key-refund-1")
    return {
        "campaign": cid,
        "draft": draft["id"],
        "link": link["id"],
        "other_link": other["id"],
        "advocate": link["advocate"]["id"],
        "referral": referral["id"],
        "conversion": conversion,
        "owner": owner,
        "analyst": analyst["createStaffUser"]["user"]["id"],
        "api_key": key["createApiKey"]["apiKey"]["id"],
        "code": link["code"],
        "other_code": other["code"],
    }


def render(operation: str, rows: dict[str, str]) -> str:
    for name, value in rows.items():
        operation = operation.replace(_slot(name), value)
    return operation


# --- Sending and judging -------------------------------------------------------------------

# What only an internal failure puts in a message. Matched after removing quoted GraphQL
# strings, which validation errors echo from the (generated) operation.
LEAKS = re.compile(
    r"Traceback|File \"|tortoise|pypika|sqlite|asyncpg|psycopg|NoneType|has no attribute"
    r"|not subscriptable|not iterable|unexpected keyword|positional argument|invalid literal"
    r"|with base 10|UNIQUE constraint|violates|duplicate key|value out of range"
    r"|integer out of range|Cannot return null"
    # Exception class names, as Python spells them.
    r"|(?-i:[a-z](?<!User)Error\b|Exception\b|DoesNotExist|MultipleObjectsReturned)",
    re.IGNORECASE,
)
GRAPHQL_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
UNEXPECTED = "Unexpected error."
# Strawberry's own scalars reject bad input with the parser's reason: a designed message.
COERCION = "Value cannot represent a "


@dataclass
class Finding:
    caller: str
    operation: str
    problem: str
    details: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The exception and where our code raised it, else the problem without its values."""
        lines = [line.strip() for detail in self.details for line in detail.splitlines()]
        where = [line for line in lines if line.startswith('File "') and "/server/" in line]
        raised = [line for line in lines if re.match(r"[\w.]+(Error|Exception)\b", line)]
        if where and raised:
            return f"{self.caller}: {raised[-1][:80]} at {where[-1]}"
        plain = re.sub(r"found: .*|'[^']*'|\"[^\"]*\"|\d+", "…", self.problem)
        return f"{self.caller}: {plain[:150]}"

    def __str__(self) -> str:
        details = "\n".join(self.details)
        return f"[{self.caller}] {self.problem}\n--- operation:\n{self.operation}\n{details}"


@dataclass
class Fuzz:
    """Sends operations as one caller and records every answer that reveals a server bug."""

    caller: str
    client: httpx.AsyncClient
    rows: dict[str, str]
    # Called when the caller's session has ended (logout, changePassword, a demotion...).
    reauthenticate: Callable[[], Awaitable[None]] | None = None
    findings: list[Finding] = field(default_factory=list)
    sent: int = 0
    unexpected: int = 0

    async def run(self, batch: list[Operation], caplog: pytest.LogCaptureFixture) -> None:
        for number, operation in enumerate(batch):
            text = render(operation.text, self.rows)
            variables = None
            if operation.lifted:
                text, variables = as_variables(text, number)
            caplog.clear()
            await self.send(text, variables, caplog)

    async def send(
        self, text: str, variables: dict[str, Any] | None, caplog: pytest.LogCaptureFixture
    ) -> None:
        self.sent += 1
        operation = text if variables is None else f"{text}\n--- variables: {variables!r:.2000}"
        try:
            response = await self.client.post(
                "/graphql", json={"query": text, "variables": variables}
            )
        except Exception as exc:  # an exception escaping the app: a 500 behind a real server
            self.report(operation, f"unhandled {type(exc).__name__}: {exc}", [_trace(exc)])
            return
        # The schema logs only failures of our own code (see VouchSchema.process_errors).
        logged = [_record(r) for r in caplog.records if r.levelno >= logging.ERROR]
        if response.status_code == 401 and self.reauthenticate is not None:
            await self.reauthenticate()
            return
        if response.status_code >= 500:
            self.report(operation, f"HTTP {response.status_code}: {response.text[:300]}", logged)
            return
        if response.status_code == 400 and response.text == NUL_REFUSED:
            return  # refused before execution, like any other malformed request
        try:
            body = response.json()
        except ValueError:
            self.report(operation, f"HTTP {response.status_code}, not JSON: {response.text[:200]}")
            return
        if not isinstance(body, dict):
            self.report(operation, f"HTTP {response.status_code}, not an object: {body!r:.200}")
            return
        problems = [p for error in body.get("errors") or [] if (p := self.judge(error))]
        if problems or logged:
            self.report(operation, "; ".join(dict.fromkeys(problems)) or "logged", logged)

    def judge(self, error: Any) -> str | None:
        """Why this error reveals a server bug, or None when it is the caller's business."""
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            return f"malformed error {error!r:.200}"
        message: str = error["message"]
        code = (error.get("extensions") or {}).get("code")
        if message == UNEXPECTED:
            self.unexpected += 1
            return f"{UNEXPECTED!r} at {error.get('path')}"
        if LEAKS.search(GRAPHQL_STRING.sub('""', message)) and not message.startswith(COERCION):
            return f"internal message {message!r:.300}"
        if error.get("path") is not None and code is None:
            # Execution errors are domain errors, which carry a code; anything else is ours.
            return f"untyped execution error {message!r:.300}"
        return None

    def report(self, operation: str, problem: str, details: list[str] | None = None) -> None:
        self.findings.append(Finding(self.caller, operation, problem, details or []))


def _record(record: logging.LogRecord) -> str:
    text = f"log {record.name} {record.levelname}: {record.getMessage()[:300]}"
    if record.exc_info and record.exc_info[1] is not None:
        text += "\n" + _trace(record.exc_info[1])
    return text


def _trace(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)[-8:])


def verdict(*runs: Fuzz) -> str:
    """One finding per kind of problem, with the shortest operation that showed it."""
    shortest: dict[str, Finding] = {}
    for run in runs:
        for finding in run.findings:
            best = shortest.get(finding.kind)
            if best is None or len(finding.operation) < len(best.operation):
                shortest[finding.kind] = finding
    total = sum(len(run.findings) for run in runs)
    sent = ", ".join(f"{run.caller}: {run.sent}" for run in runs)
    unexpected = sum(run.unexpected for run in runs)
    head = (
        f"{total} bad answers to {sent} operations ({unexpected} {UNEXPECTED!r}), "
        f"{len(shortest)} kinds; the shortest operation of each:"
    )
    return "\n\n".join([head, *(str(f) for f in shortest.values())])


def _owner_reauth(client: httpx.AsyncClient, app: Starlette) -> Callable[[], Awaitable[None]]:
    counter = iter(range(1, 10_000))

    async def reauthenticate() -> None:
        token = await staff_token(app, Role.OWNER, f"owner{next(counter)}@example.com")
        client.headers["authorization"] = f"Bearer {token}"

    return reauthenticate


def _app(settings: Settings, clock: FrozenClock, **changes: Any) -> Starlette:
    return create_app(
        settings.model_copy(update={**NO_LIMITS, **changes}),
        clock=clock,
        manage_db=False,
        run_jobs=False,
    )


# --- Tests ---------------------------------------------------------------------------------


@pytest.fixture
def app(settings: Settings, clock: FrozenClock) -> Starlette:
    """The suite's app (and so `client` and `anonymous`), without the rate limits."""
    return _app(settings, clock)


def test_generation_is_reproducible() -> None:
    """Derandomized: the same operations on every run, reaching the seeded rows."""
    assert _collect(queries(SCHEMA, custom_scalars=SCALARS), 20) == _collect(
        queries(SCHEMA, custom_scalars=SCALARS), 20
    )
    batch = development_batch()
    assert len(batch) > 500
    assert sum(_slot("campaign") in operation.text for operation in batch) > 20
    text, variables = as_variables('{ campaign(id: "7") { id } }', 1)
    assert (text, variables) == (
        "query ($v0: ID) {\n  campaign(id: $v0) {\n    id\n  }\n}",
        {"v0": "7"},
    )


async def test_generated_operations_as_owner(
    client: httpx.AsyncClient, app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    rows = await seed(client)
    run = Fuzz("owner", client, rows, reauthenticate=_owner_reauth(client, app))
    await run.run(development_batch(), caplog)
    assert not run.findings, verdict(run)


async def test_generated_operations_as_anonymous(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    rows = await seed(client)
    run = Fuzz("anonymous", anonymous, rows)
    await run.run(development_batch(), caplog)
    assert not run.findings, verdict(run)


async def test_generated_operations_in_production(
    settings: Settings, clock: FrozenClock, clean: None, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(settings, clock, env=Env.PRODUCTION)
    token = await staff_token(app, Role.OWNER)
    async with make_client(app, token) as owner, make_client(app) as anonymous:
        rows = await seed(owner)
        runs = [
            Fuzz("production owner", owner, rows, _owner_reauth(owner, app)),
            Fuzz("production anonymous", anonymous, rows),
        ]
        for run in runs:
            await run.run(production_batch(), caplog)
    assert not any(run.findings for run in runs), verdict(*runs)
