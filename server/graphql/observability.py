"""Per-operation metrics and log context: the operation name, its type and the caller kind."""

from __future__ import annotations

import time
from typing import Any

from strawberry.types import ExecutionContext

from server import logcontext, metrics


def executing(ec: ExecutionContext) -> None:
    """The operation's name goes into the log context and the request log line."""
    name = metrics.operation_label(ec.operation_name)
    logcontext.bind("operation", name)
    request = getattr(ec.context, "request", None)
    state = getattr(request, "scope", {}).get("state") if request is not None else None
    if isinstance(state, dict):
        state["operation"] = name


def finished(ec: ExecutionContext, started: float) -> None:
    """Count the operation and observe its latency (since `started`, a perf_counter)."""
    name = metrics.operation_label(ec.operation_name)
    try:
        kind = ec.operation_type.value
    except Exception:  # an unparsable document has no operation type
        kind = "unknown"
    failed = ec.result is None or bool(ec.result.errors) or bool(ec.pre_execution_errors)
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
