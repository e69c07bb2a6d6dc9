"""Structured logs (structlog over the standard library): one JSON object per line, or text.

Every line carries the request id, and during a GraphQL request the operation name and the
caller kind (staff, api_key, advocate, anonymous). Nothing that identifies a person or grants
access is written: keys named like secrets or addresses are dropped, and email addresses,
IP addresses, bearer tokens and Vouch/Slack secrets inside messages are masked.
uvicorn's access log (which holds raw client addresses) is replaced by our own request line.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, TextIO

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import logcontext
from server.metrics import HTTP_LATENCY, HTTP_REQUESTS, route_of

log = structlog.get_logger("vouch.request")

_DROP = re.compile(
    r"(pass(word)?|secret|token|authorization|cookie|api_?key|email|^ip$|client_?addr|^client$)",
    re.IGNORECASE,
)


def _ip_mask(address: str) -> str:
    """An IPv4 address is someone's, except loopback and the unspecified address: those name
    this machine (uvicorn's "running on http://127.0.0.1:8000" stays readable)."""
    return address if address.startswith("127.") or address == "0.0.0.0" else "[ip]"  # noqa: S104


_MASKS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?i:bearer)\s+\S+"), "Bearer [secret]"),
    (re.compile(r"\b(?:vch|xox[abpr]|xapp)[-_][\w-]+"), "[secret]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), lambda m: _ip_mask(m.group())),
    (re.compile(r"\b(?:[0-9A-Fa-f]{0,4}:){3,7}[0-9A-Fa-f]{0,4}\b"), "[ip]"),
]
# 1-64 plain characters: it reaches logs and the audit table (no control characters or markup).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_KEEP = {"request_id", "operation", "caller_kind", "event", "level", "logger", "timestamp"}


# One search says whether any mask can apply: most values (routes, methods, ids) match none,
# and one scan is cheaper than five substitutions.
_ANY_MASK = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _MASKS))


# Every mask needs one of these characters (whitespace after "bearer", "-" or "_" after a
# secret's prefix, "@", the dots of IPv4, the colons of IPv6): ASCII text without any (a
# generated request id, a method) skips the search, whose IPv6 branch backtracks on long hex
# strings. Other text (Unicode whitespace, digits) is always searched.
_MASK_NEEDS = frozenset([c for c in map(chr, range(128)) if re.fullmatch(r"\s", c)] + list("-_@.:"))


def mask(text: str) -> str:
    if (text.isascii() and _MASK_NEEDS.isdisjoint(text)) or not _ANY_MASK.search(text):
        return text
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


@functools.lru_cache(maxsize=1024)
def _dropped(key: str) -> bool:
    return _DROP.search(key) is not None


def redact(
    _logger: object, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    event.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message: noise
    for key in list(event):
        if key in _KEEP:
            if isinstance(event[key], str):
                event[key] = mask(event[key])
        elif _dropped(key):
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
    formatter = _Formatter(
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
    global _render_request, _handler
    _render_request = renderer if fmt == "json" else _text_line
    _handler = handler
    # No formatter here prints thread or process names: every record (one per request at
    # least) skips looking them up.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
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


class _Formatter(structlog.stdlib.ProcessorFormatter):
    """structlog's formatter, except that a request line arrives already rendered."""

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "vouch_rendered", False):
            return record.getMessage()
        return super().format(record)


# The renderer and handler configure() chose; None until it ran (the request line then takes
# the general path). Every request writes one line, so that line skips structlog's chain and
# the stdlib formatter's (~250 us here, more than a whole INSERT+302): the same fields,
# masking and renderer, rendered once. While the standard library would do nothing with it
# but hand it to that one handler (no filters anywhere on the way, no other handler), it is
# written to the handler's stream directly, under the handler's lock; otherwise it goes to
# the standard library as a finished record, so levels, filters and handlers still apply.
_render_request: Any = None
_handler: logging.StreamHandler[TextIO] | None = None


def _text_line(_logger: object, _name: str, event: dict[str, Any]) -> str:
    """The request line in the text format's layout (structlog's ConsoleRenderer without
    colours: time, level, event, logger, then sorted key=value pairs) at a fraction of its
    cost: the head's padded level, event and logger formatted once per combination."""
    stamp = event.pop("timestamp")
    key = (event.pop("level"), event.pop("event"), event.pop("logger"))
    head = _heads.get(key)
    if head is None:
        if len(_heads) > 64:
            _heads.clear()
        head = _heads[key] = f" [{key[0]:<9}] {key[1]:<30} [{key[2]}] "
    keys = tuple(event)
    order = _orders.get(keys)
    if order is None:
        if len(_orders) > 256:
            _orders.clear()
        order = _orders[keys] = sorted(keys)
    pairs = " ".join(
        [f"{k}={v}" if isinstance(v := event[k], str) else f"{k}={v!r}" for k in order]
    )
    return f"{stamp}{head}{pairs}"


_heads: dict[tuple[Any, Any, Any], str] = {}
# The sorted order of each set of keys (in their order): the same few every time.
_orders: dict[tuple[str, ...], list[str]] = {}


class _Stamp:
    """structlog's ISO UTC timestamp (`2026-12-01T04:01:50.801745Z`), the date and time
    formatted once per second."""

    __slots__ = ("prefix", "second")

    def __init__(self) -> None:
        self.second = -1
        self.prefix = ""

    def now(self) -> str:
        t = time.time()
        second = int(t)
        if second != self.second:
            self.prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self.second = second
        return f"{self.prefix}.{int((t - second) * 1e6):06d}Z"


_stamp = _Stamp()
# Values of the request line that Vouch itself chose (a route template, not the path): nothing
# in them needs masking. The rest (request id, operation name, method) is masked like any line.
_OURS = frozenset({"event", "level", "logger", "route", "status", "duration_ms", "caller_kind"})
_MASKED, _DROPPED, _AS_IS = "masked", "dropped", "as is"
# Which keys of a request line are masked and which dropped, decided once per set of keys (in
# their order): the request line's keys are the same few every time.
_plans: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _verdict(key: str) -> str:
    if key in _OURS:
        return _AS_IS
    if key not in _KEEP and _dropped(key):
        return _DROPPED
    return _MASKED


def _plan(keys: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    verdicts = [_verdict(key) for key in keys]
    plan = (
        tuple(k for k, v in zip(keys, verdicts, strict=True) if v is _MASKED),
        tuple(k for k, v in zip(keys, verdicts, strict=True) if v is _DROPPED),
    )
    if len(_plans) > 256:
        _plans.clear()
    _plans[keys] = plan
    return plan


_request_logger = logging.getLogger("vouch.request")
_root = logging.getLogger()


def _direct() -> logging.StreamHandler[TextIO] | None:
    """The one handler a request line would reach, when nothing else could act on it."""
    handler = _handler
    logger = _request_logger
    if (
        handler is None
        or logger.filters
        or logger.handlers
        or not logger.propagate
        or _root.filters
        or handler.filters
        or _root.handlers != [handler]
        or handler.level > logging.INFO
    ):
        return None
    return handler


def request_line(**fields: Any) -> None:
    """Log the one line per request (event "request") with the bound context (request id)."""
    render = _render_request
    if render is None:
        log.info("request", **fields)
        return
    if not _request_logger.isEnabledFor(logging.INFO):
        return
    event = logcontext.bound()
    event.update(fields)
    event["event"] = "request"
    event["level"] = "info"
    event["logger"] = "vouch.request"
    keys = tuple(event)
    masked, doomed = _plans.get(keys) or _plan(keys)
    for key in masked:
        value = event[key]
        if isinstance(value, str):
            event[key] = mask(value)
    for key in doomed:
        del event[key]
    event["timestamp"] = _stamp.now()
    line = render(None, "info", event)
    handler = _direct()
    if handler is None:
        _request_logger.handle(_finished(line))
        return
    try:
        with handler.lock:  # type: ignore[union-attr]  # set by Handler.__init__
            handler.stream.write(line + handler.terminator)
            handler.flush()
    except Exception:
        handler.handleError(_finished(line))  # what StreamHandler.emit does


def _finished(line: str) -> logging.LogRecord:
    record = _request_logger.makeRecord("vouch.request", logging.INFO, __file__, 0, line, (), None)
    record.vouch_rendered = True
    return record


if not structlog.is_configured():  # records go to the standard library until configure()
    _route_structlog_to_stdlib()


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = str(value.decode("latin-1"))
            if _REQUEST_ID.fullmatch(text):
                return text
    return os.urandom(8).hex()  # secrets.token_hex(8), without its three calls


@dataclass(frozen=True, slots=True)
class _Series:
    count: Any
    latency: Any

    def observe(self, seconds: float) -> None:
        self.count.inc()
        self.latency.observe(seconds)


class RequestLog:
    """Give each request an id (the caller's `X-Request-Id` when well formed), bind it to every
    log line, echo it in the response, log one line per request when it ends and count and time
    it by route template (Prometheus). GraphQL fills in `operation` and `caller_kind` in the
    request state as it learns them. One layer for all of it: every ASGI layer costs each
    request a wrapped `send`."""

    def __init__(self, app: ASGIApp, routes: list[Any]) -> None:
        self.app = app
        self.routes = routes
        self._children: dict[tuple[str, str, int], _Series] = {}

    def _series(self, route: str, method: str, status: int) -> _Series:
        """The labelled Prometheus children of one route, method and status, looked up once
        (`labels()` costs more than the increment). Bounded: routes are templates, methods
        and statuses few; a client inventing methods only ever refills it."""
        key = (route, method, status)
        found = self._children.get(key)
        if found is None:
            if len(self._children) > 4096:
                self._children.clear()
            found = self._children[key] = _Series(
                HTTP_REQUESTS.labels(route=route, method=method, status=str(status)),
                HTTP_LATENCY.labels(route=route, method=method),
            )
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        logcontext.unbind_all()
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
                self._series(route, method, status or 500).observe(took)
                request_line(
                    method=method,
                    route=route,
                    status=status or 500,
                    duration_ms=round(took * 1000, 1),
                    operation=state.get("operation"),
                    caller_kind=state.get("caller_kind"),
                )
            logcontext.unbind_all()
