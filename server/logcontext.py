"""structlog's context-local values (the request id, operation and caller kind every log line
of a request carries), read, set and cleared over structlog's own variables: its functions
walk the whole context, every library's variables, on each call, and a request makes several."""

from __future__ import annotations

from typing import Any

import structlog
from structlog.contextvars import _CONTEXT_VARS as _STRUCTLOG_VARS
from structlog.contextvars import STRUCTLOG_KEY_PREFIX

_PREFIX_LENGTH = len(STRUCTLOG_KEY_PREFIX)


def bound() -> dict[str, Any]:
    """`structlog.contextvars.get_contextvars()`, reading structlog's own variables (each key
    it ever bound has one) where it walks the whole context, every library's variables."""
    found: dict[str, Any] = {}
    for name, var in list(_STRUCTLOG_VARS.items()):  # another thread may bind a new key
        value = var.get()
        if value is not Ellipsis:
            found[name[_PREFIX_LENGTH:]] = value
    return found


def bind(key: str, value: Any) -> None:
    """`structlog.contextvars.bind_contextvars(key=value)`: the key's variable set directly
    once structlog made it (without the tokens nobody here resets)."""
    var = _STRUCTLOG_VARS.get(STRUCTLOG_KEY_PREFIX + key)
    if var is None:
        structlog.contextvars.bind_contextvars(**{key: value})
    else:
        var.set(value)


def unbind_all() -> None:
    """`structlog.contextvars.clear_contextvars()`, over structlog's own variables likewise."""
    for var in list(_STRUCTLOG_VARS.values()):
        if var.get() is not Ellipsis:
            var.set(Ellipsis)
