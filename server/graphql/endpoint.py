"""The GraphQL endpoint over HTTP and WebSocket: authentication into the typed context,
outage answers (503 + Retry-After), trusted documents and the IDE's policy."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from functools import cached_property, lru_cache
from typing import Any, cast

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType as AllowedType
from strawberry.types.unset import UNSET, UnsetType

from server import logcontext
from server.accounts import sessions as accounts
from server.accounts.rules import is_slack_user_id
from server.accounts.viewer import ANONYMOUS, Viewer
from server.clock import Clock
from server.errors import DomainError, ErrorCode
from server.graphql.context import Context, Services
from server.graphql.deadline import Deadline
from server.graphql.http import CredentialRefused, GraphQLOverHTTP, header, request_error
from server.graphql.loaders import Loaders
from server.graphql.schema import build_schema
from server.graphql.ws import CheckedTransportWSHandler, refused_text
from server.middleware import html_policy
from server.referrals.rules import keyed_hash
from server.settings import Settings
from server.transient import (
    RETRY_AFTER_SECONDS,
    Throttled,
    is_transient,
    retrying,
    unavailable,
)
from server.web import session_cookies

log = logging.getLogger("vouch")


class VouchGraphQL(GraphQLOverHTTP[Context, None]):
    graphql_transport_ws_handler_class = CheckedTransportWSHandler

    def __init__(self, settings: Settings, clock: Clock, services: Services) -> None:
        super().__init__(
            build_schema(production=settings.is_production),
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,
            # graphql-transport-ws only: the legacy graphql-ws protocol is unmaintained.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            # A browser page from any other site is refused at the handshake (403).
            allowed_origins=[*settings.allowed_origins, settings.public_origin],
        )
        self.settings = settings
        self.clock = clock
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Bound every request's execution; a timeout cancels (and so rolls back) its work."""
        if scope["type"] == "websocket":  # a subscription lives as long as its socket
            await super().__call__(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            # In this task (wait_for would start another one per request).
            with Deadline(self.settings.request_timeout_seconds):
                # Strawberry's `__call__` for HTTP, in this coroutine.
                try:
                    response = cast("Response", await self.run(Request(scope, receive)))
                except HTTPException as e:
                    response = request_error(e.status_code, e.reason)
                await response(scope, receive, tracking_send)
        except TimeoutError:
            log.warning("GraphQL request exceeded %ss", self.settings.request_timeout_seconds)
            response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": "The request took too long and was stopped.",
                            "extensions": {
                                "code": "TIMEOUT",
                                "retryable": True,
                                "retryAfter": RETRY_AFTER_SECONDS,
                            },
                        }
                    ]
                },
                status_code=503,
                # Stopped means rolled back: retrying is safe, as after SERVICE_UNAVAILABLE.
                headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
            )
            await response(scope, receive, send)
        except (session_cookies.CsrfRefused, CredentialRefused) as exc:
            await exc.response()(scope, receive, send)
        except Exception as exc:
            # The database (or what authentication needs) is down or busy: typed and
            # retryable, never a bare 500. get_context runs outside GraphQL's error handling.
            if started or not is_transient(exc):
                raise
            _unavailable_log.warning("request refused, a dependency is unavailable: %s", exc)
            await unavailable_response()(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL (development only) under a policy made from its own template: its inline
        blocks by hash and its files from the CDN it names, nothing else."""
        return HTMLResponse(
            self.graphql_ide_html,
            headers={"content-security-policy": self._ide_policy},
        )

    @cached_property
    def _ide_policy(self) -> str:
        return html_policy(self.graphql_ide_html, sources=["https://unpkg.com"])

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate in connection_init: `{"authorization": "Bearer <key or token>"}`."""
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        credential = params.get("authorization")
        try:
            viewer = await accounts.authenticate(
                authorization=credential if isinstance(credential, str) else None,
                acting_slack_user=None,
                pepper=self.services.api_key_pepper,
                policy=self.services.session_policy,
                clock=self.clock,
            )
        except DomainError as exc:
            raise ConnectionRejectionError({"message": exc.message}) from None
        except Exception as exc:
            if not is_transient(exc):
                raise
            down = unavailable()
            raise ConnectionRejectionError(
                {"message": down.message, "code": down.code.value, "retryAfter": down.retry_after}
            ) from None
        if not viewer.authenticated:
            raise ConnectionRejectionError({"message": "Send an API key or session token."})
        context.viewer = viewer
        context.credential = credential if isinstance(credential, str) else None
        unset: UnsetType = UNSET
        return unset

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """NUL and lone surrogates (`"\\ud800"` in JSON) are refused up front: PostgreSQL cannot
        store either in text and UTF-8 cannot encode a surrogate, so neither may get as far as a
        password hash, a template or a write."""
        data = await super().parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            if (refused := refused_text(item.query, item.variables)) is not None:
                raise HTTPException(400, refused)
        return data

    async def get_context(self, request: Request | WebSocket, response: object) -> Context:
        # Set by the RequestLog middleware (the caller's X-Request-Id when well formed).
        request_id = str(request.scope.get("state", {}).get("request_id") or secrets.token_hex(8))
        client = request.client
        ip = client.host if client else ""
        if isinstance(request, WebSocket):
            # Authenticated by on_ws_connect from the connection_init payload.
            return self._context(request, ANONYMOUS, request_id, ip)
        acting = header(request, b"x-vouch-acting-slack-user")
        if acting is not None and not is_slack_user_id(acting):
            # Like X-Request-Id, it reaches the audit log and rate-limit keys: plain ids only.
            raise CredentialRefused("X-Vouch-Acting-Slack-User is not a Slack user id.")
        authorization = header(request, b"authorization")
        # The session cookie counts only when no Authorization header is sent.
        cookie = session_cookies.session_token(request) if authorization is None else None
        if cookie:
            authorization = f"Bearer {cookie}"
        try:
            viewer = await retrying(
                lambda: accounts.authenticate(
                    authorization=authorization,
                    acting_slack_user=acting,
                    pepper=self.services.api_key_pepper,
                    policy=self.services.session_policy,
                    clock=self.clock,
                )
            )
        except DomainError as exc:
            if not cookie:
                raise CredentialRefused(exc.message) from None
            viewer = ANONYMOUS  # an ended session's cookie: signed out, free to sign in again
        if cookie and viewer.authenticated:
            session_cookies.check_csrf(request, self.settings, cookie)
        context = self._context(request, viewer, request_id, ip)
        context.response = response if isinstance(response, Response) else None
        caller_kind = viewer.kind
        request.scope.setdefault("state", {})["caller_kind"] = caller_kind
        logcontext.bind("caller_kind", caller_kind)
        return context

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        return await self._execute(request_data, context, request_adapter.method)

    async def _execute(
        self, data: GraphQLRequestData, context: Context, method: str
    ) -> ExecutionResult:
        """One operation, as Strawberry's view runs it (the same refusals as HTTP 400). A query
        that met a passing database failure is run again (reads are safe to repeat); a mutation
        never is: it answers SERVICE_UNAVAILABLE and the client decides."""
        allowed = AllowedType.from_http("GET" if method == "GET" else "POST")
        for delay in (0.05, 0.2, None):
            try:
                result = await self.schema.execute(
                    data.query,
                    variable_values=data.variables,
                    context_value=context,
                    operation_name=data.operation_name,
                    allowed_operation_types=allowed,
                    operation_extensions=data.extensions,
                )
            except CannotGetOperationTypeError as e:
                raise HTTPException(400, e.as_http_error_reason()) from e
            except InvalidOperationTypeError as e:
                raise HTTPException(400, e.as_http_error_reason(method)) from e
            except MissingQueryError as e:
                raise HTTPException(400, "No GraphQL query found in the request") from e
            if delay is None or not _transient_errors(result) or not _is_query(data):
                return result
            context.loaders = Loaders.create()  # a failed load must not be served from cache
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def run(  # type: ignore[override]
        self,
        request: Request | WebSocket,
        context: Context | UnsetType = UNSET,
        root_value: UnsetType | None = UNSET,
    ) -> Response | WebSocket:
        """The common request (a POST of one JSON operation) answered in a few steps, in the
        order and with the answers of Strawberry's view (`super().run`), which takes every
        other request: GET, the IDE, batches, other media types, and any body that is not
        plainly well formed (its 400 comes after authentication, as there)."""
        if (
            isinstance(request, Request)
            and context is UNSET
            and root_value is UNSET
            and request.method == "POST"
            and (data := await _plain_operation(request)) is not None
        ):
            sub_response = await self.get_sub_response(request)
            ctx = await self.get_context(request, response=sub_response)
            result = await self._execute(data, ctx, "POST")
            return self.create_response(await self.process_result(request, result), sub_response)
        return await super().run(request, context, root_value)  # type: ignore[arg-type]

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        results = response_data if isinstance(response_data, list) else [response_data]
        if any(_has_code(r, ErrorCode.SERVICE_UNAVAILABLE) for r in results):
            response.status_code = 503
            response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        return response

    def _context(
        self, request: Request | WebSocket, viewer: Viewer, request_id: str, ip: str
    ) -> Context:
        return Context(
            request=request,
            settings=self.settings,
            clock=self.clock,
            services=self.services,
            viewer=viewer,
            request_id=request_id,
            ip_hash=_keyed_hash(self.services.ip_key, ip),
        )


_unavailable_log = Throttled(log, 10.0)
# Addresses repeat from request to request: an HMAC each time is work done again.
_keyed_hash = lru_cache(maxsize=4096)(keyed_hash)


def unavailable_response() -> JSONResponse:
    """HTTP 503 + Retry-After with a GraphQL-shaped body, for a request that could not run."""
    down = unavailable()
    error = {
        "message": down.message,
        "extensions": {"code": down.code.value, "retryable": True, "retryAfter": down.retry_after},
    }
    return JSONResponse(
        {"errors": [error]},
        status_code=503,
        headers={"Retry-After": str(down.retry_after), "Cache-Control": "no-store"},
    )


_JSON_TYPES = frozenset(
    {"application/json", "application/json; charset=utf-8", "application/json;charset=utf-8"}
)
_OPTIONAL_OBJECT = (dict, type(None))
_OPTIONAL_TEXT = (str, type(None))


async def _plain_operation(request: Request) -> GraphQLRequestData | None:
    """The body as one operation when it is a JSON object whose members have the types the
    view accepts and whose text passes `refused_text`; None for anything else."""
    content_type = header(request, b"content-type")
    if content_type is None or content_type.lower() not in _JSON_TYPES:
        return None
    raw = await request.body()  # kept by the request for a second read
    try:
        # An object's `{` and a second byte that is not NUL: `json.loads` would detect UTF-8.
        text = (
            raw.decode("utf-8", "surrogatepass") if raw[:1] == b"{" and raw[1:2] != b"\0" else raw
        )
        body: Any = json.loads(text)
    except (ValueError, RecursionError):  # also UnicodeDecodeError
        return None
    if not isinstance(body, dict):
        return None
    query, variables = body.get("query"), body.get("variables")
    operation_name, extensions = body.get("operationName"), body.get("extensions")
    if (
        not isinstance(query, _OPTIONAL_TEXT)
        or not isinstance(operation_name, _OPTIONAL_TEXT)
        or not isinstance(variables, _OPTIONAL_OBJECT)
        or not isinstance(extensions, _OPTIONAL_OBJECT)
        or refused_text(query, variables) is not None
    ):
        return None
    return GraphQLRequestData(
        query=query, variables=variables, operation_name=operation_name, extensions=extensions
    )


def _transient_errors(result: ExecutionResult) -> bool:
    return any(
        e.original_error is not None and is_transient(e.original_error) for e in result.errors or []
    )


def _is_query(data: GraphQLRequestData) -> bool:
    try:
        operation = get_operation_ast(parse(data.query or ""), data.operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation is OperationType.QUERY


def _has_code(result: GraphQLHTTPResponse, code: ErrorCode) -> bool:
    return any(
        isinstance(e, dict) and (e.get("extensions") or {}).get("code") == code.value
        for e in result.get("errors") or []
    )
