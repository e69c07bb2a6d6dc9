"""create_app(settings) -> Starlette: /graphql, /r/{code}, /healthz."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType
from tortoise import Tortoise

from server import db, jobs
from server.accounts import service as accounts
from server.accounts.passwords import Passwords
from server.accounts.service import SessionPolicy
from server.accounts.viewer import ANONYMOUS, Viewer
from server.clock import Clock, SystemClock
from server.errors import DomainError
from server.graphql.context import Context, Services
from server.graphql.http import GraphQLOverHTTP
from server.graphql.schema import build_schema
from server.middleware import BodyLimit, SecurityHeaders
from server.ratelimit import RateLimiter
from server.referrals.rules import keyed_hash
from server.secretbox import SecretBox
from server.settings import Env, Settings, derived_key
from server.tracking.routes import routes as tracking_routes

log = logging.getLogger("vouch")


class VouchGraphQL(GraphQLOverHTTP[Context, None]):
    def __init__(self, settings: Settings, clock: Clock, services: Services) -> None:
        super().__init__(
            build_schema(production=settings.is_production),
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,
            # graphql-transport-ws only: the legacy graphql-ws protocol is unmaintained.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            # A browser page from any other site is refused at the handshake (403).
            allowed_origins=[*settings.allowed_origins, settings.public_url],
        )
        self.settings = settings
        self.clock = clock
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Bound every request's execution; a timeout cancels (and so rolls back) its work."""
        if scope["type"] == "websocket":  # a subscription lives as long as its socket
            await super().__call__(scope, receive, send)
            return
        try:
            await asyncio.wait_for(
                super().__call__(scope, receive, send), self.settings.request_timeout_seconds
            )
        except TimeoutError:
            log.warning("GraphQL request exceeded %ss", self.settings.request_timeout_seconds)
            response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": "The request took too long and was stopped.",
                            "extensions": {"code": "TIMEOUT"},
                        }
                    ]
                },
                status_code=503,
            )
            await response(scope, receive, send)

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
        if not viewer.authenticated:
            raise ConnectionRejectionError({"message": "Send an API key or session token."})
        context.viewer = viewer
        unset: UnsetType = UNSET
        return unset

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """NUL is refused up front: PostgreSQL cannot store it in text, so it must never get
        as far as a write."""
        data = await super().parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            escaped = item.query is not None and "\\u0000" in item.query.lower()
            if escaped or _has_nul(item.query) or _has_nul(item.variables):
                raise HTTPException(400, "Strings cannot contain NUL characters.")
        return data

    async def get_context(self, request: Request | WebSocket, response: object) -> Context:
        request_id = (request.headers.get("x-request-id") or secrets.token_hex(8))[:64]
        ip = request.client.host if request.client else ""
        if isinstance(request, WebSocket):
            # Authenticated by on_ws_connect from the connection_init payload.
            return self._context(request, ANONYMOUS, request_id, ip)
        try:
            viewer = await accounts.authenticate(
                authorization=request.headers.get("authorization"),
                acting_slack_user=request.headers.get("x-vouch-acting-slack-user"),
                pepper=self.services.api_key_pepper,
                policy=self.services.session_policy,
                clock=self.clock,
            )
        except DomainError as exc:
            raise HTTPException(401, exc.message) from None
        return self._context(request, viewer, request_id, ip)

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
            ip_hash=keyed_hash(self.services.ip_key, ip),
        )


def _middleware(settings: Settings) -> list[Middleware]:
    stack = [
        Middleware(SecurityHeaders, hsts=settings.public_url.startswith("https://")),
        Middleware(BodyLimit, limit=settings.max_body_bytes),
    ]
    if settings.allowed_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.allowed_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id"],
                max_age=600,
            )
        )
    return stack


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def make_services(settings: Settings) -> Services:
    return Services(
        passwords=Passwords(cheap=settings.env is Env.TEST),
        limiter=RateLimiter(settings.rate_limit_storage, enabled=settings.rate_limits_enabled),
        session_policy=SessionPolicy(
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_max_hours),
        ),
        api_key_pepper=derived_key(settings, "api-key-pepper"),
        ip_key=derived_key(settings, "audit-ip"),
        secret_box=SecretBox.from_settings(settings),
    )


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    manage_db: bool = True,
    run_jobs: bool = True,
) -> Starlette:
    """`manage_db=False` leaves Tortoise to the caller (tests open one database per session)."""
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if not manage_db:
            yield
            return
        await Tortoise.init(config=db.tortoise_config(settings), _enable_global_fallback=True)
        workers = (
            [
                asyncio.create_task(jobs.run_forever(clock=clock)),
                asyncio.create_task(
                    jobs.deliver_webhooks_forever(jobs.webhook_deliverer(settings), clock=clock)
                ),
            ]
            if run_jobs
            else []
        )
        try:
            yield
        finally:
            for worker in workers:
                worker.cancel()
            await Tortoise.close_connections()

    async def healthz(_request: Request) -> Response:
        try:
            await asyncio.wait_for(db.ping(), timeout=2)
        except Exception as exc:  # any failure means "not healthy", never a 500
            log.warning("health check failed: %s", exc)
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "up"})

    services = make_services(settings)
    graphql = VouchGraphQL(settings, clock, services)
    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            *tracking_routes(settings, clock, services.limiter),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ],
        lifespan=lifespan,
        middleware=_middleware(settings),
    )
    app.state.settings = settings
    app.state.clock = clock
    app.state.services = services
    return app
