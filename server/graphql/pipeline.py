"""Everything Vouch does around one GraphQL operation, as one schema extension.

Strawberry builds every extension and wraps each of its hooks per request; with one extension
per concern that set-up was about a quarter of a trivial query's CPU. So the concerns live in
their own modules as plain functions and this one extension calls them in order:

- parse and validation caches (documents repeat), the token limit on parsing;
- trusted documents (server.graphql.trusted): persisted-query hashes, bot keys;
- depth, alias and cost limits (server.graphql.limits), introspection off in production;
- the per-caller query budget (server.graphql.budget);
- stable error codes for domain and transient failures, unexpected ones masked in production;
- metrics and log context (server.graphql.observability).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from functools import lru_cache
from typing import Any, ClassVar

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, GraphQLSyntaxError
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.language import OperationDefinitionNode
from graphql.language.parser import parse
from graphql.utilities import get_operation_ast
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import StreamExecutionResult
from strawberry.types.graphql import OperationType

from server.errors import DomainError
from server.graphql import answerable, budget, observability, trusted
from server.graphql.limits import LIMIT_RULES, MAX_TOKENS
from server.transient import Throttled, is_transient, unavailable

CACHE_SIZE = 512
# What made requests answer SERVICE_UNAVAILABLE (a full disk, a database that went away): one
# line per interval, the operator's only clue otherwise (each request's line says 503).
_outage = Throttled(logging.getLogger("vouch.graphql"), 10.0)
MASKED_MESSAGE = "Unexpected error."

_parse = lru_cache(maxsize=CACHE_SIZE)(parse)
# Validation results by schema, document text and rules: hashing the text is a cached string
# hash, where an lru_cache over the parsed document hashed its whole tree on every request.
_Rules = tuple[type[ASTValidationRule], ...]
_VALIDATED: OrderedDict[tuple[object, str, _Rules], list[GraphQLError]] = OrderedDict()


def _validate(
    schema: GraphQLSchema, query: str, document: DocumentNode, rules: _Rules
) -> list[GraphQLError]:
    """`document` is `query` parsed (by `_parse`, so one text is one document)."""
    key = (schema, query, rules)
    found = _VALIDATED.get(key)
    if found is not None:
        _VALIDATED.move_to_end(key)
        return found
    found = _VALIDATED[key] = validate_document(schema, document, rules)
    if len(_VALIDATED) > CACHE_SIZE:
        _VALIDATED.popitem(last=False)
    return found


def is_unexpected(error: GraphQLError) -> bool:
    """Only an exception raised while resolving a field (it has a path) that is not a domain
    error is ours; parse, validation and variable-coercion errors are the caller's."""
    original = error.original_error
    return (
        error.path is not None
        and original is not None
        and not isinstance(original, DomainError | GraphQLError)
        and not is_transient(original)
    )


# Request errors (nothing ran): the codes Apollo Server and most clients use for them.
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def _coded(errors: list[GraphQLError], code: str) -> list[GraphQLError]:
    for error in errors:
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": code}
    return errors


def _add_codes(errors: list[GraphQLError]) -> None:
    """Expected failures outside mutation payloads (bad cursor, page size) get a stable code;
    so do request errors: variables that do not fit their types (INVALID_INPUT); a syntax
    error and a document the schema refuses are coded where parsed and validated."""
    for error in errors:
        original = error.original_error
        if error.path is None and (original is None or isinstance(original, GraphQLError)):
            _coded([error], "INVALID_INPUT")
        elif isinstance(original, DomainError):
            error.extensions = {
                **(error.extensions or {}),
                "code": original.code.value,
                "field": original.field,
            }
        elif original is not None and is_transient(original):
            # The database is down or busy: a retryable code, never a bare message.
            _outage.warning("answered SERVICE_UNAVAILABLE, the database failed: %s", original)
            down = unavailable()
            error.message = down.message
            error.extensions = {
                **(error.extensions or {}),
                "code": down.code.value,
                "retryable": True,
                "retryAfter": down.retry_after,
            }


def _masked(errors: list[GraphQLError]) -> list[GraphQLError]:
    """Unexpected failures lose their message and cause; the rest stay readable."""
    return [
        GraphQLError(
            MASKED_MESSAGE,
            nodes=e.nodes,
            source=e.source,
            positions=e.positions,
            path=e.path,
            original_error=None,
        )
        if is_unexpected(e)
        else e
        for e in errors
    ]


def _mask_result(result: object) -> None:
    """A result, a streamed one, or incremental delivery's container (its initial result)."""
    if isinstance(result, GraphQLExecutionResult | ExecutionResult):
        if result.errors:
            result.errors = _masked(result.errors)
        return
    errors = getattr(result, "errors", None)
    if isinstance(errors, list) and errors:
        setattr(result, "errors", _masked(errors))  # noqa: B010
    elif (initial := getattr(result, "initial_result", None)) is not None:
        _mask_result(initial)


class NoOperation(CannotGetOperationTypeError):
    """No operation to run: the name matches none, or several and no name (a request error,
    HTTP 400, worded as graphql-core words it)."""

    def __init__(self, operation_name: str | None, document: DocumentNode | None) -> None:
        super().__init__(operation_name)
        self.several = document is not None and (
            sum(isinstance(d, OperationDefinitionNode) for d in document.definitions) > 1
        )

    def as_http_error_reason(self) -> str:
        if self.operation_name is None:
            if self.several:
                return "Must provide operation name if query contains multiple operations."
            return "Must provide an operation."
        return super().as_http_error_reason()


class Execution(ExecutionContext):
    """Strawberry's execution context with its operation looked up once per document and name:
    Strawberry scans the document again at each read of `operation_name` or `operation_type`,
    about six per request (its own, the budget's, the metrics')."""

    _found: tuple[DocumentNode | None, str | None, str | None, OperationType | None] | None = None

    def _operation(self) -> tuple[str | None, OperationType | None]:
        document, provided = self.graphql_document, self._provided_operation_name
        found = self._found
        if found is None or found[0] is not document or found[1] is not provided:
            # graphql-core's choice, as the spec's GetOperation: the named operation, or the
            # only one when no name is given. Strawberry would run the first of several: a
            # document of several with no name is a request error here (no operation).
            operation = get_operation_ast(document, provided) if document is not None else None
            name = operation.name.value if operation is not None and operation.name else provided
            kind = OperationType(operation.operation.value) if operation is not None else None
            found = self._found = (document, provided, name, kind)
        return found[2], found[3]

    @property
    def operation_name(self) -> str | None:
        return self._operation()[0]

    @property
    def operation_type(self) -> OperationType:
        kind = self._operation()[1]
        if kind is None:
            raise RuntimeError("Can't get GraphQL operation type")
        return kind


class Pipeline(SchemaExtension):
    """Development: every concern but masking; introspection stays on (the IDE needs it).

    Each phase is a plain method; `PipelineRunner` calls them directly. The `on_*` hooks are
    the same phases as Strawberry's generic runner expects them (any other runner)."""

    rules: ClassVar[tuple[type[ASTValidationRule], ...]] = LIMIT_RULES
    mask: ClassVar[bool] = False

    def __init__(self) -> None:
        self.refusal: GraphQLError | None = None
        self.spent: budget.Spent | None = None
        self.started = 0.0

    def begin(self) -> None:
        ec = self.execution_context
        self.started = time.perf_counter()
        ec.parse_options["max_tokens"] = MAX_TOKENS
        ec.validation_rules = ec.validation_rules + self.rules
        self.refusal = trusted.admit(ec)

    async def end(self) -> None:
        ec = self.execution_context
        if self.mask:
            _mask_result(ec.result)
        if self.spent is None:
            await budget.show_unspent(ec)
        result = ec.result
        if result is not None and result.errors:
            _add_codes(result.errors)
        observability.finished(ec, self.started)

    def parse(self) -> None:
        ec = self.execution_context
        try:
            ec.graphql_document = _parse(ec.query, **ec.parse_options)
        except GraphQLSyntaxError as error:
            _coded([error], PARSE_FAILED)
            raise

    def validate(self) -> None:
        ec = self.execution_context
        if self.refusal is not None:
            # Strawberry skips its own validation when errors are already set, and answers
            # them as a request error (HTTP and WebSocket alike); nothing executes.
            ec.pre_execution_errors = [self.refusal]
        else:
            assert ec.graphql_document is not None and ec.query is not None
            ec.pre_execution_errors = _coded(
                _validate(ec.schema._schema, ec.query, ec.graphql_document, ec.validation_rules),
                VALIDATION_FAILED,
            )

    async def execute(self) -> None:
        ec = self.execution_context
        observability.executing(ec)
        refused = answerable.refusal(ec)
        if refused is not None:  # before the budget: nothing runs, nothing is spent
            ec.result = GraphQLExecutionResult(data=None, errors=[refused])
            return
        self.spent = await budget.spend(ec)

    def stream_result(self, result: StreamExecutionResult) -> None:
        """Each result a WebSocket sends (a query, a mutation, every subscription event): it
        goes out before `end`, so it is masked and given its codes here, as over HTTP."""
        if self.mask:
            _mask_result(result)
        errors = getattr(result, "errors", None)
        if isinstance(errors, list) and errors:
            _add_codes(errors)

    async def on_operation(self) -> AsyncIterator[None]:
        self.begin()
        yield
        await self.end()

    def on_parse(self) -> Iterator[None]:
        self.parse()
        yield

    def on_validate(self) -> Iterator[None]:
        self.validate()
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        await self.execute()
        yield

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        self.stream_result(result)
        yield

    def get_results(self) -> dict[str, Any]:
        return budget.results(self.spent)


class ProductionPipeline(Pipeline):
    """Production: introspection is refused and unexpected failures are masked."""

    rules = (*Pipeline.rules, NoSchemaIntrospectionCustomRule)
    mask = True


def pipeline(*, production: bool) -> Callable[[], SchemaExtension]:
    return ProductionPipeline if production else Pipeline


class _Phase:
    """One phase as the runner's context manager: `before` on entry (awaited when it returns
    an awaitable), `after` on a clean exit only, as a generator hook that does not catch."""

    __slots__ = ("after", "before")

    def __init__(
        self,
        before: Callable[[], Awaitable[None] | None] | None,
        after: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.before = before
        self.after = after

    async def __aenter__(self) -> None:
        if self.before is not None and (pending := self.before()) is not None:
            await pending

    async def __aexit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        if exc_type is None and self.after is not None:
            await self.after()

    def __enter__(self) -> None:
        raise RuntimeError("The pipeline runs asynchronously only.")

    def __exit__(self, *_exc: object) -> None:  # pragma: no cover - __enter__ refuses
        return None


class PipelineRunner(SchemaExtensionsRunner):
    """Strawberry's runner builds, per request and per phase, a context manager that inspects
    every extension's hook (is it a generator? a coroutine?) and enters it on an exit stack:
    more CPU than a trivial query's own work. With the one Pipeline there is nothing to
    inspect: each phase calls its method."""

    def __init__(self, execution_context: ExecutionContext, extension: Pipeline) -> None:
        super().__init__(execution_context, [extension])
        self.pipeline = extension

    def operation(self) -> Any:
        return _Phase(self.pipeline.begin, self.pipeline.end)

    def parsing(self) -> Any:
        return _Phase(self.pipeline.parse)

    def validation(self) -> Any:
        return _Phase(self.pipeline.validate)

    def executing(self) -> Any:
        return _Phase(self.pipeline.execute)

    def on_stream_result(self, result: StreamExecutionResult) -> Any:
        return _Phase(lambda: self.pipeline.stream_result(result))

    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        return {**self.pipeline.get_results(), **ctx.extensions_results}


def runner(
    execution_context: ExecutionContext, extensions: list[SchemaExtension]
) -> SchemaExtensionsRunner:
    """The direct runner when the Pipeline is the only extension, else Strawberry's own."""
    if len(extensions) == 1 and isinstance(extensions[0], Pipeline):
        return PipelineRunner(execution_context, extensions[0])
    return SchemaExtensionsRunner(execution_context, extensions)
