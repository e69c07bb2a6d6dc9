"""The redirect baseline: bare Starlette answering /r/{code} with a 302 and no database.

Run by bench/redirect.py as `uvicorn --app-dir bench _baseline_app:app`.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

TARGET = "https://shop.example.com/give-10-get-10?utm_source=vouch"


async def redirect(request: Request) -> Response:
    code = request.path_params["code"]
    return RedirectResponse(f"{TARGET}&ref={code}", status_code=302)


async def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[
        Route("/healthz", healthz, methods=["GET"]),
        Route("/r/{code}", redirect, methods=["GET", "HEAD"]),
    ]
)
