"""create_app(settings) -> Starlette: /graphql, /r/{code}, /healthz, /readyz, /metrics."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from tortoise import Tortoise
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from server import db, jobs, metrics
from server.accounts.passwords import Passwords
from server.accounts.sessions import SessionPolicy
from server.advocates.downloads import routes as export_routes
from server.audit import service as audit
from server.clock import Clock, SystemClock
from server.email.routes import routes as email_routes
from server.graphql.context import Services
from server.graphql.endpoint import VouchGraphQL
from server.integrations import routes as provider_routes
from server.logs import RequestLog
from server.middleware import SecurityHeaders
from server.payouts.stripe_credit import credits_from_settings
from server.ratelimit import RateLimiter
from server.referrals import admission
from server.referrals import queries as redirect_links
from server.secretbox import SecretBox
from server.serving import DRAIN, install_log_filters
from server.settings import Env, Settings, derived_key
from server.tracking.lane import RedirectsFirst
from server.tracking.routes import routes as tracking_routes
from server.transient import (
    quiet_library_outage_logs,
)
from server.web import dashboard
from server.web.portal.routes import routes as portal_pages

log = logging.getLogger("vouch")
# How long stopping waits for the background workers to let go of what they hold.
SHUTDOWN_GRACE_SECONDS = 5


def _middleware(settings: Settings, routes: list[BaseRoute]) -> list[Middleware]:
    stack = [
        # Outermost: the client address every later layer sees is the real one only when the
        # connecting proxy is in FORWARDED_ALLOW_IPS (uvicorn's own setting and middleware).
        Middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips),
        Middleware(RequestLog, routes=routes),
        Middleware(
            SecurityHeaders,
            hsts=settings.public_url.startswith("https://"),
            body_limit=settings.max_body_bytes,
            larger_bodies=(provider_routes.PATH_PREFIX, provider_routes.MAX_BODY_BYTES),
        ),
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


def make_services(settings: Settings) -> Services:
    return Services(
        passwords=Passwords(cheap=settings.env is Env.TEST, workers=settings.password_workers),
        limiter=RateLimiter(settings.rate_limit_storage, enabled=settings.rate_limits_enabled),
        session_policy=SessionPolicy(
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_max_hours),
        ),
        api_key_pepper=derived_key(settings, "api-key-pepper"),
        ip_key=derived_key(settings, "audit-ip"),
        account_key=derived_key(settings, "sign-in-account"),
        secret_box=SecretBox.from_settings(settings),
    )


async def readiness(services: Services) -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(db.ping(), timeout=2)
        read_only = await asyncio.wait_for(db.read_only(), timeout=2)
        checks["database"] = "read-only" if read_only else "ok"
        missing = await asyncio.wait_for(db.unapplied_migrations(), timeout=2)
        checks["migrations"] = "ok" if not missing else f"{len(missing)} not applied"
    except Exception as exc:  # not ready, never a 500
        log.warning("readiness: database check failed: %s", type(exc).__name__)
        checks.setdefault("database", "down")
        checks.setdefault("migrations", "unknown")
    try:
        reachable = await asyncio.wait_for(services.limiter.reachable(), timeout=2)
    except Exception:
        reachable = False
    checks["rate_limit_storage"] = "ok" if reachable else "down"
    return checks


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    manage_db: bool = True,
    run_jobs: bool = True,
) -> Starlette:
    """`manage_db=False` leaves Tortoise to the caller (tests open one database per session)."""
    clock = clock or SystemClock()
    audit.use_clock(clock)
    admission.configure(settings.conversion_concurrency)
    quiet_library_outage_logs()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if not manage_db:
            yield
            return
        await Tortoise.init(config=db.tortoise_config(settings), _enable_global_fallback=True)
        gc.freeze()  # start-up objects leave the full collections (README: Performance)
        redirect_links.notified_links()  # PostgreSQL: the link cache's LISTEN connection
        workers = (
            [
                asyncio.create_task(
                    jobs.run_forever(clock=clock, stripe=credits_from_settings(settings))
                ),
                asyncio.create_task(
                    jobs.deliver_forever("webhook", jobs.webhook_deliverer(settings), clock=clock)
                ),
                asyncio.create_task(
                    jobs.deliver_forever("email", jobs.email_deliverer(settings), clock=clock)
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
            # Each worker lets go of what it holds (the runner lease) before the database
            # closes; a worker stuck past the grace period is left behind.
            if workers:
                await asyncio.wait(workers, timeout=SHUTDOWN_GRACE_SECONDS)
            await Tortoise.close_connections()

    async def healthz(_request: Request) -> Response:
        try:
            await asyncio.wait_for(db.ping(), timeout=2)
        except Exception as exc:  # any failure means "not healthy", never a 500
            log.warning("health check failed: %s", exc)
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "up"})

    services = make_services(settings)
    install_log_filters(services.ip_key)

    async def readyz(_request: Request) -> Response:
        """Ready for traffic: the database answers and takes writes, every migration is applied,
        and the rate-limit storage is reachable."""
        if DRAIN.draining:  # shutting down: keep serving, stop being sent traffic
            return JSONResponse({"status": "draining"}, status_code=503)
        checks = await readiness(services)
        ok = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "unavailable", **checks}, status_code=200 if ok else 503
        )

    graphql = VouchGraphQL(settings, clock, services)
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    redirects = tracking_routes(settings, clock, services.limiter)
    graphql_http = Route("/graphql", graphql, methods=["GET", "POST"])
    routes: list[BaseRoute] = [  # the busiest first: the router tries them in order
        *redirects,
        graphql_http,
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
        Route("/metrics", metrics.endpoint(token), methods=["GET"]),
        *export_routes(settings, clock),
        *portal_pages(),
        *email_routes(settings, clock),
        *provider_routes.routes(clock, services.secret_box, settings),
        *dashboard.routes(),
    ]
    app = RedirectsFirst(  # the redirects and GraphQL skip two layers: server/tracking/lane.py
        first=redirects,
        graphql=graphql_http,
        routes=routes,
        lifespan=lifespan,
        middleware=_middleware(settings, routes),
    )
    app.state.settings = settings
    app.state.clock = clock
    app.state.services = services
    return app
