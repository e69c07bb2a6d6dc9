"""Strawberry's `Schema.execute` as one straight function, for a schema whose only extension is
the Pipeline (server.graphql.pipeline).

Strawberry's version builds, per request, the extension list, a runner, a middleware manager
(empty: the Pipeline wraps no resolver), four phase context managers and the keyword
arguments of graphql-core's `execute`, and goes through five nested coroutines. Here the
Pipeline's phases are called in the same order, with the same answers: a parse or pipeline
failure is a request error without the operation's end (as Strawberry's phase that raises on
entry), the three refusals propagate (HTTP 400), validation errors end the operation, and the
extensions results are the Pipeline's plus the context's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from graphql import DocumentNode, GraphQLError, default_field_resolver, default_type_resolver
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.execution.executor import UNEXPECTED_MULTIPLE_PAYLOADS
from graphql.execution.values import get_variable_values
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError

from server.graphql.pipeline import NoOperation

if TYPE_CHECKING:
    from strawberry.schema import Schema

    from server.graphql.pipeline import Pipeline


async def run(
    schema: Schema,
    pipeline: Pipeline,
    ec: ExecutionContext,
) -> ExecutionResult:
    """Run `ec` (made by the schema, the Pipeline's `execution_context`) to its result."""
    try:
        pipeline.begin()
        refused = _prepare(ec, pipeline)
        if refused is not None:
            answer = _answer(schema, ec, pipeline, refused, processed=False)
            await pipeline.end()
            return answer
        result = await _execute(schema, ec, pipeline)
        await pipeline.end()
    except (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError):
        raise
    except Exception as exc:
        error = exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)
        return _answer(
            schema, ec, pipeline, PreExecutionError(data=None, errors=[error]), processed=False
        )
    return _answer(schema, ec, pipeline, result, processed=True)


def _prepare(ec: ExecutionContext, pipeline: Pipeline) -> PreExecutionError | None:
    """Parse, check the operation's type and validate (the Pipeline always sets the errors)."""
    if not ec.query and ec.graphql_document is None:
        raise MissingQueryError
    pipeline.parse()
    try:
        operation_type = ec.operation_type
    except RuntimeError as error:
        raise NoOperation(ec.operation_name, ec.graphql_document) from error
    if operation_type not in ec.allowed_operations:
        raise InvalidOperationTypeError(operation_type)
    pipeline.validate()
    if ec.pre_execution_errors:
        return PreExecutionError(data=None, errors=ec.pre_execution_errors)
    return None


async def _execute(
    schema: Schema, ec: ExecutionContext, pipeline: Pipeline
) -> GraphQLExecutionResult | ExecutionResult:
    await pipeline.execute()
    # The budget's refusal when it set one; graphql-core's `execute` never answers an
    # incremental result (Strawberry's experimental incremental execution is off here).
    result = cast("GraphQLExecutionResult | ExecutionResult | None", ec.result)
    if not result:
        assert ec.graphql_document is not None
        # graphql-core's `execute` without its two wrappers (and the coroutine one of them
        # adds): the executor built and run as they do, with their answers.
        executor = _build(schema, ec)
        outcome: Any = (
            GraphQLExecutionResult(None, errors=executor)
            if isinstance(executor, list)
            else executor.execute_operation()
        )
        result = await outcome if optimized_is_awaitable(outcome) else outcome
        if not isinstance(result, GraphQLExecutionResult):
            raise GraphQLError(UNEXPECTED_MULTIPLE_PAYLOADS)
        ec.result = result
    if isinstance(result, GraphQLExecutionResult) and result.errors:
        ec.pre_execution_errors = result.errors
        schema._process_errors(result.errors, ec)
    return result


# Per document (kept alive with it) and operation name: the operation and fragments that
# graphql-core's `build` finds by walking the document, for a document whose fragments declare
# no variables (their signatures are checked per request). Bounded as the parse cache.
_FOUND: dict[tuple[int, str | None], tuple[DocumentNode, Any, Any, Any]] = {}
_FOUND_BOUND = 512


def _build(schema: Schema, ec: ExecutionContext) -> Any:
    """graphql-core's `Executor.build` with Strawberry's arguments, the document walked on its
    first request only; the variables are coerced on every request, as there."""
    document = ec.graphql_document
    assert document is not None
    cls = cast("Any", schema.execution_context_class)
    key = (id(document), ec.operation_name)
    found = _FOUND.get(key)
    if found is None or found[0] is not document:
        executor = cls.build(
            schema._schema,
            document,
            ec.root_value,
            ec.context,
            ec.variables,
            ec.operation_name,
            is_awaitable=optimized_is_awaitable,
            operation_extensions=ec.operation_extensions,
        )
        if not isinstance(executor, list) and not any(
            f.variable_definitions for f in executor.fragment_definitions.values()
        ):
            if len(_FOUND) >= _FOUND_BOUND:
                _FOUND.clear()
            _FOUND[key] = (
                document,
                executor.operation,
                executor.fragment_definitions,
                executor.fragments,
            )
        return executor
    _, operation, fragment_definitions, fragments = found
    variables = get_variable_values(
        schema._schema, operation.variable_definitions or (), ec.variables or {}, max_errors=50
    )
    if isinstance(variables, list):
        return variables
    return cls(
        schema._schema,
        dict(fragment_definitions),
        dict(fragments),
        ec.root_value,
        ec.context,
        operation,
        variables,
        default_field_resolver,
        default_type_resolver,
        default_field_resolver,
        False,
        None,
        optimized_is_awaitable,
        None,
        hide_suggestions=False,
        abort_signal=None,
        hooks=None,
        operation_extensions=ec.operation_extensions,
    )


def _answer(
    schema: Schema,
    ec: ExecutionContext,
    pipeline: Pipeline,
    result: GraphQLExecutionResult | ExecutionResult,
    *,
    processed: bool,
) -> ExecutionResult:
    """Strawberry's `_handle_execution_result` with the Pipeline's extensions results."""
    if result.errors:
        ec.pre_execution_errors = result.errors
        if not processed:
            schema._process_errors(result.errors, ec)
    if isinstance(result, GraphQLExecutionResult):
        result = ExecutionResult(data=result.data, errors=result.errors)
    result.extensions = {**pipeline.get_results(), **ec.extensions_results}
    ec.result = result
    return result
