"""/r/{code}: the busiest path. One indexed lookup, one insert, a 302."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from server import metrics
from server.campaigns import rules as campaign_rules
from server.campaigns.cache import CampaignCache
from server.clock import Clock
from server.middleware import html_policy
from server.ratelimit import RateLimiter
from server.referrals import service
from server.referrals.models import LinkStatus
from server.referrals.queries import RedirectLink
from server.settings import Settings, derived_key
from server.tracking import fallback, lost_clicks
from server.tracking.landing import (
    NO_STORE,
    RefCookieSerializer,
    landing_location,
    redirect,
    redirect_quoted,
)
from server.tracking.visitor import VisitorHashes
from server.transient import RETRY_AFTER_SECONDS, is_transient

_NOT_FOUND = files("server.tracking").joinpath("not_found.html").read_text(encoding="utf-8")
_NOT_FOUND_HEADERS = {**NO_STORE, "content-security-policy": html_policy(_NOT_FOUND)}


class _Plain:
    """A request handler as a plain ASGI app, so Starlette's Route calls it directly rather
    than wrapping it for exception handlers (none apply to the redirect: its failures are
    answers or 500s) and for its send; the busiest path skips two layers per message."""

    __slots__ = ("handle",)

    def __init__(self, handle: Callable[[Request], Awaitable[Response]]) -> None:
        self.handle = handle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handle(Request(scope, receive))
        await response(scope, receive, send)


def _user_agent(scope: Scope) -> str:
    """`request.headers.get("user-agent", "")` without building the request's header map."""
    for name, value in scope["headers"]:
        if name == b"user-agent":
            return str(value.decode("latin-1"))
    return ""


def routes(settings: Settings, clock: Clock, limiter: RateLimiter) -> list[Route]:
    hashes = VisitorHashes(derived_key(settings, "visitor-hash"))
    signer = RefCookieSerializer(derived_key(settings, "ref-cookie").hex(), salt="vouch-ref")
    cache = CampaignCache()  # campaign config, per app (process); see server/campaigns/cache.py

    async def follow(request: Request, link: RedirectLink | None) -> Response:
        scope = request.scope
        # `request.client.host` and `request.method` read from the scope: no Address per visit.
        client = scope.get("client")
        ip_hash = hashes.ip(client[0] if client else "")
        # Fail open: a friend must reach the shop even when the limit storage is down.
        wait = await limiter.retry_after(
            settings.redirect_limit, "redirect", ip_hash, fail_open=True
        )
        if wait is not None:
            return PlainTextResponse(
                "Too many requests; please wait a moment.",
                status_code=429,
                headers={**NO_STORE, "Retry-After": str(wait)},
            )
        if link is None or link.status is LinkStatus.BLOCKED:
            return HTMLResponse(_NOT_FOUND, status_code=404, headers=_NOT_FOUND_HEADERS)
        campaign = link.campaign
        now = campaign.now(clock)
        live = campaign.phase(now)
        # Link previewers probe with HEAD; only a real visit (GET) is a click.
        if live is not campaign_rules.Phase.LIVE or scope["method"] == "HEAD":
            return redirect(campaign.landing_url)
        fallback.remember(link)
        try:
            click = await service.record_click(
                link=link,
                ip_hash=ip_hash,
                ua_hash=hashes.user_agent(_user_agent(scope)),
                now=now,
            )
        except Exception as exc:
            if not is_transient(exc):
                raise
            # The click is lost, not the friend: the code still travels in `ref` and the cookie.
            lost_clicks.count("database", exc)
            return landing(link.code, campaign.landing_url, campaign.attribution_window_days)
        return landing(
            link.code, campaign.landing_url, campaign.attribution_window_days, click.visit_token
        )

    def landing(code: str, url: str, window_days: int, visit_token: str | None = None) -> Response:
        # `vw`: the attribution window in days, for vouch.js's first-party cookie.
        cookie = {"c": code, "v": visit_token} if visit_token else {"c": code}
        return redirect_quoted(
            landing_location(url, code, window_days, visit_token),
            cookie=signer.dumps(cookie),
            max_age=window_days * 86400,
            secure=settings.secure_cookies,
        )

    async def degraded(request: Request, key: str, exc: Exception) -> Response:
        """The link cannot be looked up: use what this worker last knew of it, else ask the
        friend to come back in a moment."""
        if not is_transient(exc):
            raise exc
        lost_clicks.count("database", exc)
        known = fallback.recall(key)
        if known is None or request.method == "HEAD":
            return PlainTextResponse(
                "This link is briefly unavailable; please try again in a moment.",
                status_code=503,
                headers={**NO_STORE, "Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return landing(known.code, known.landing_url, known.window_days)

    async def by_code(request: Request) -> Response:
        code = request.path_params["code"]
        try:
            link = await service.link_for_redirect(cache, code)
        except Exception as exc:
            return await degraded(request, fallback.code_key(code), exc)
        return metrics.count_redirect(await follow(request, link))

    async def by_vanity(request: Request) -> Response:
        p = request.path_params
        try:
            link = await service.vanity_link_for_redirect(cache, p["slug"], p["vanity"])
        except Exception as exc:
            return await degraded(request, fallback.vanity_key(p["slug"], p["vanity"]), exc)
        return metrics.count_redirect(await follow(request, link))

    return [
        Route("/r/{code}", _Plain(by_code), methods=["GET", "HEAD"]),
        Route("/r/{slug}/{vanity}", _Plain(by_vanity), methods=["GET", "HEAD"]),
    ]
