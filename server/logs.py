"""Structured logs (structlog over the standard library): one JSON object per line, or text.

Every line carries the request id, and during a GraphQL request the operation name and the
caller kind (staff, api_key, advocate, anonymous). Nothing that identifies a person or grants
access is written: keys named like secrets or addresses are dropped, and email addresses,
IP addresses, bearer tokens and Vouch/Slack secrets inside messages are masked.
uvicorn's access log (which holds raw client addresses) is replaced by our own request line.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.metrics import HTTP_LATENCY, HTTP_REQUESTS, route_of

log = structlog.get_logger("vouch.request")

_DROP = re.compile(
    r"(pass(word)?|secret|token|authorization|cookie|api_?key|email|^ip$|client_?addr|^client$)",
    re.IGNORECASE,
)
_MASKS = [
    (re.compile(r"(?i)bearer\s+\S+"), "Bearer [secret]"),
    (re.compile(r"\b(?:vch|xox[abpr]|xapp)[-_][\w-]+"), "[secret]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[ip]"),
    (re.compile(r"\b(?:[0-9A-Fa-f]{0,4}:){3,7}[0-9A-Fa-f]{0,4}\b"), "[ip]"),
]
# 1-64 plain characters: it reaches logs and the audit table (no control characters or markup).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_KEEP = {"request_id", "operation", "caller_kind", "event", "level", "logger", "timestamp"}


def mask(text: str) -> str:
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def redact(
    _logger: object, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    event.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message: noise
    for key in list(event):
        if key in _KEEP:
            if isinstance(event[key], str):
                event[key] = mask(event[key])
        elif _DROP.search(key):
            del event[key]
        elif isinstance(event[key], str):
            event[key] = mask(event[key])
    return event


def _masked_exception(
    _logger: object, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    if isinstance(event.get("exception"), str):
        event["exception"] = mask(event["exception"])
    return event


def _shared() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _route_structlog_to_stdlib() -> None:
    structlog.configure(
        processors=[*_shared(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def configure(fmt: str = "text", level: str = "info", stream: TextIO | None = None) -> None:
    """Route the standard library's and structlog's records through one formatter."""
    shared = _shared()
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _masked_exception,
            redact,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        # Whatever an earlier logging config (uvicorn's own dictConfig) set: ours decides.
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers = []
        uvicorn_logger.propagate = True
        uvicorn_logger.disabled = False
        uvicorn_logger.setLevel(logging.NOTSET)
    logging.getLogger("uvicorn.access").disabled = True
    _route_structlog_to_stdlib()


if not structlog.is_configured():  # records go to the standard library until configure()
    _route_structlog_to_stdlib()


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = str(value.decode("latin-1"))
            if _REQUEST_ID.fullmatch(text):
                return text
    return secrets.token_hex(8)


class RequestLog:
    """Give each request an id (the caller's `X-Request-Id` when well formed), bind it to every
    log line, echo it in the response, log one line per request when it ends and count and time
    it by route template (Prometheus). GraphQL fills in `operation` and `caller_kind` in the
    request state as it learns them. One layer for all of it: every ASGI layer costs each
    request a wrapped `send`."""

    def __init__(self, app: ASGIApp, routes: list[Any]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 0

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        (b"x-request-id", request_id.encode()),
                    ],
                }
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            if scope["type"] == "http":
                took = time.perf_counter() - started
                route, method = route_of(self.routes, scope), scope["method"]
                HTTP_REQUESTS.labels(route=route, method=method, status=str(status or 500)).inc()
                HTTP_LATENCY.labels(route=route, method=method).observe(took)
                log.info(
                    "request",
                    method=method,
                    route=route,
                    status=status or 500,
                    duration_ms=round(took * 1000, 1),
                    operation=state.get("operation"),
                    caller_kind=state.get("caller_kind"),
                )
            structlog.contextvars.clear_contextvars()
