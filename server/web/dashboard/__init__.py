"""The staff dashboard: a prebuilt single-page app (source in web/dashboard, built bundle
committed under static/) that talks to /graphql like any other client."""

from __future__ import annotations

from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"

# Only our own files: no inline script or style, no other origin, requests to this origin.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def routes() -> list[BaseRoute]:
    index = (STATIC / "index.html").read_text()

    async def page(_request: Request) -> Response:
        return HTMLResponse(
            index, headers={"content-security-policy": POLICY, "cache-control": "no-cache"}
        )

    return [
        Route("/", page, methods=["GET", "HEAD"]),
        # The shell is ~460 kB minified (~136 kB gzipped), each screen a chunk of 15-70 kB;
        # revalidated by ETag afterwards.
        Mount(
            "/dashboard",
            app=GZipMiddleware(StaticFiles(directory=STATIC), compresslevel=6),
            name="dashboard",
        ),
    ]
