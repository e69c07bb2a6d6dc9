"""/join/{slug}, /portal/sign-in, /portal and /static/portal/*: static files, no templating.

Each page is an HTML shell whose module script fetches everything through /graphql, so the
routes hold no logic and the policy can be strict: scripts, styles and connections from this
origin only, images from here or data: URLs (the QR code), never framed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

PACKAGE = "server.web.portal"
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {
    "content-security-policy": PAGE_POLICY,
    # The sign-in link's token lives in the fragment and the portal token in sessionStorage:
    # nothing to cache, nothing to leak through Referer.
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
}


def _page(name: str) -> str:
    return files(PACKAGE).joinpath("pages", name).read_text(encoding="utf-8")


def routes() -> list[BaseRoute]:
    join, sign_in, portal = _page("join.html"), _page("sign-in.html"), _page("portal.html")

    def serve(html: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(_request: Request) -> Response:
            return HTMLResponse(html, headers=_HEADERS)

        return endpoint

    return [
        Route("/join/{slug}", serve(join), methods=["GET", "HEAD"]),
        Route("/portal/sign-in", serve(sign_in), methods=["GET", "HEAD"]),
        Route("/portal", serve(portal), methods=["GET", "HEAD"]),
        Mount(
            "/static/portal",
            app=StaticFiles(packages=[(PACKAGE, "static")]),
            name="portal-static",
        ),
    ]
