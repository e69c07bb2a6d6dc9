"""build_app(settings, api) -> AsyncApp, and the HTTP-mode Starlette app around it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import listeners
from bot.announcer import Announcer
from bot.deps import Deps

log = logging.getLogger("vouch.bot")
RATE_LIMIT_RETRIES = 3


def build_app(deps: Deps, *, process_before_response: bool = False) -> AsyncApp:
    """`process_before_response=True` (tests) runs listeners before answering Slack, so
    their failures surface; either way each listener acks first."""
    settings = deps.settings
    client = AsyncWebClient(
        token=settings.bot_token,
        base_url=settings.slack_api_url,
        # Connection errors as by default, and 429s after the Retry-After Slack sends.
        retry_handlers=[
            *async_default_handlers(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )
    app = AsyncApp(
        client=client,
        signing_secret=settings.signing_secret or "",
        # Socket Mode requests carry no signature; HTTP requests are always verified.
        request_verification_enabled=not settings.socket_mode,
        process_before_response=process_before_response,
    )

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("listener failed for %s: %r", body.get("type"), error, exc_info=error)

    listeners.register(app, deps)
    return app


Lifespan = Callable[[Starlette], AbstractAsyncContextManager[None]]


def http_app(app: AsyncApp, background: Lifespan | None = None) -> Starlette:
    """HTTP mode: Slack posts commands, interactions and events to /slack/events."""
    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def nothing(_app: Starlette) -> AsyncIterator[None]:
        yield

    return Starlette(
        routes=[
            Route("/slack/events", events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=background or nothing,
    )


def announcing(announcer: Announcer) -> Lifespan:
    """Run the announcer for as long as the HTTP server runs."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(announcer.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan
