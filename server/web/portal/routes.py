"""/join/{slug}, /portal/sign-in, /portal and /static/portal/*: static files, no templating.

Each page is an HTML shell whose module script fetches everything through /graphql, so the
routes hold no logic and the policy can be strict: scripts, styles and connections from this
origin only, images from here, data: URLs (the QR code) and the campaigns' own logo URLs
(exact URLs, not hosts), never framed."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from server.email.models import CampaignEmailSettings

log = logging.getLogger("vouch.pages")
PACKAGE = "server.web.portal"
MAX_LOGOS = 100
_UNSAFE_IN_POLICY = frozenset(" ;,'\"\r\n\t")


def page_policy(logos: list[str]) -> str:
    images = " ".join(["'self'", "data:", *logos])
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; "
        "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


async def logo_sources() -> list[str]:
    """The campaigns' branding logo URLs (one small query; no logo if it fails)."""
    try:
        rows = (
            await CampaignEmailSettings.filter(logo_url__isnull=False)
            .order_by("-updated_at")
            .limit(MAX_LOGOS)
            .values("logo_url")
        )
    except Exception as exc:  # the page still works, without a logo
        log.warning("could not read logo URLs: %s", type(exc).__name__)
        return []
    # Validated as https URLs on the way in; a character that could end a CSP source
    # expression is refused here too, whatever put it there.
    urls = {str(r["logo_url"]) for r in rows if r["logo_url"]}
    return sorted(u for u in urls if not _UNSAFE_IN_POLICY & set(u))


def _page(name: str) -> str:
    return files(PACKAGE).joinpath("pages", name).read_text(encoding="utf-8")


def routes() -> list[BaseRoute]:
    def serve(html: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(_request: Request) -> Response:
            return HTMLResponse(
                html,
                headers={
                    "content-security-policy": page_policy(await logo_sources()),
                    # The sign-in token lives in the fragment and the portal token in
                    # sessionStorage: nothing to cache, nothing to leak through Referer.
                    "cache-control": "no-store",
                    "referrer-policy": "no-referrer",
                },
            )

        return endpoint

    return [
        Route("/join/{slug}", serve(_page("join.html")), methods=["GET", "HEAD"]),
        Route("/portal/sign-in", serve(_page("sign-in.html")), methods=["GET", "HEAD"]),
        Route("/portal", serve(_page("portal.html")), methods=["GET", "HEAD"]),
        Mount(
            "/static/portal",
            app=StaticFiles(packages=[(PACKAGE, "static")]),
            name="portal-static",
        ),
    ]
