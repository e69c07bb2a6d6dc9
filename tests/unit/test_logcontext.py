"""server.logcontext answers as structlog's own contextvars functions do."""

from __future__ import annotations

import contextvars

import structlog

from server import logcontext


def _in_fresh_context() -> None:
    structlog.contextvars.bind_contextvars(request_id="r1", caller_kind="staff")
    logcontext.bind("operation", "Stats")
    logcontext.bind("a_key_never_bound_before_here", 3)
    assert logcontext.bound() == structlog.contextvars.get_contextvars()
    assert logcontext.bound() == {
        "request_id": "r1",
        "caller_kind": "staff",
        "operation": "Stats",
        "a_key_never_bound_before_here": 3,
    }
    logcontext.unbind_all()
    assert logcontext.bound() == structlog.contextvars.get_contextvars() == {}
    structlog.contextvars.bind_contextvars(request_id="r2")
    assert logcontext.bound() == structlog.contextvars.get_contextvars() == {"request_id": "r2"}


def test_bind_read_and_clear_as_structlog() -> None:
    contextvars.Context().run(_in_fresh_context)


def test_values_bound_in_another_context_are_not_seen() -> None:
    contextvars.Context().run(structlog.contextvars.bind_contextvars, elsewhere="x")
    assert "elsewhere" not in contextvars.Context().run(logcontext.bound)
