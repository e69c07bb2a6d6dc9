"""create_app(settings) -> Starlette: /graphql, /r/{code}, /healthz."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from tortoise import Tortoise

from server import db, jobs
from server.audit.service import Actor, Channel
from server.clock import Clock, SystemClock
from server.graphql.context import Context
from server.graphql.schema import build_schema
from server.referrals.rules import keyed_hash
from server.settings import Settings, derived_key
from server.tracking.routes import routes as tracking_routes

log = logging.getLogger("vouch")


class VouchGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, clock: Clock) -> None:
        super().__init__(
            build_schema(production=settings.is_production),
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.clock = clock
        self._ip_key = derived_key(settings, "audit-ip")

    async def get_context(self, request: Request | WebSocket, response: object) -> Context:
        request_id = request.headers.get("x-request-id") or secrets.token_hex(8)
        ip = request.client.host if request.client else ""
        actor = Actor(
            channel=Channel.GRAPHQL,
            request_id=request_id[:64],
            ip_hash=keyed_hash(self._ip_key, ip),
        )
        return Context(request=request, settings=self.settings, clock=self.clock, actor=actor)


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
        ticker = asyncio.create_task(jobs.run_forever(clock=clock)) if run_jobs else None
        try:
            yield
        finally:
            if ticker is not None:
                ticker.cancel()
            await Tortoise.close_connections()

    async def healthz(_request: Request) -> Response:
        try:
            await asyncio.wait_for(db.ping(), timeout=2)
        except Exception as exc:  # any failure means "not healthy", never a 500
            log.warning("health check failed: %s", exc)
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "up"})

    graphql = VouchGraphQL(settings, clock)
    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            *tracking_routes(settings, clock),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock
    return app
