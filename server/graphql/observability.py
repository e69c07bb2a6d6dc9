"""Per-operation metrics and log context: the operation name, its type and the caller kind."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import structlog
from strawberry.extensions import SchemaExtension

from server import metrics


class Observe(SchemaExtension):
    def _state(self) -> dict[str, object] | None:
        context = self.execution_context.context
        request = getattr(context, "request", None)
        state = getattr(request, "scope", {}).get("state") if request is not None else None
        return state if isinstance(state, dict) else None

    def on_execute(self) -> Iterator[None]:
        name = metrics.operation_label(self.execution_context.operation_name)
        structlog.contextvars.bind_contextvars(operation=name)
        state = self._state()
        if state is not None:
            state["operation"] = name
        yield

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        name = metrics.operation_label(ctx.operation_name)
        try:
            kind = ctx.operation_type.value
        except Exception:  # an unparsable document has no operation type
            kind = "unknown"
        failed = ctx.result is None or bool(ctx.result.errors) or bool(ctx.pre_execution_errors)
        count, latency = _series(name, kind, "error" if failed else "ok")
        count.inc()
        latency.observe(time.perf_counter() - started)


# Labelled children looked up once (labels() costs more than the increment). Operation names
# are already bounded by metrics.operation_label; the dict is bounded all the same.
_children: dict[tuple[str, str, str], tuple[Any, Any]] = {}


def _series(name: str, kind: str, outcome: str) -> tuple[Any, Any]:
    key = (name, kind, outcome)
    found = _children.get(key)
    if found is None:
        if len(_children) > 4096:
            _children.clear()
        found = _children[key] = (
            metrics.GRAPHQL_OPERATIONS.labels(operation=name, type=kind, outcome=outcome),
            metrics.GRAPHQL_LATENCY.labels(operation=name, type=kind),
        )
    return found
