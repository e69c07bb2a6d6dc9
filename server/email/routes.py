"""GET/POST /unsubscribe/{token}: a server-rendered page (no script) and the RFC 8058
one-click POST that mail clients send for `List-Unsubscribe-Post`."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from server.clock import Clock
from server.email import unsubscribe
from server.middleware import html_policy
from server.settings import Settings

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
    "color:#18181b;line-height:1.5}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;"
    "border:0;background:#3730a3;color:#fff;cursor:pointer}button:focus{outline:3px solid "
    "#b45309;outline-offset:2px}"
)
_PAGE = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>{title}</title>\n<style>" + _STYLE.replace("{", "{{").replace("}", "}}") + "</style>"
    "</head>\n<body><main><h1>{title}</h1>{body}</main></body></html>"
)
# The policy is computed from the fixed style block only, never from a filled-in page.
_POLICY = html_policy(f"<style>{_STYLE}</style>")


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(_PAGE.format(title=escape(title), body=body), status_code=status)
    response.headers["cache-control"] = "no-store"
    response.headers["content-security-policy"] = _POLICY
    response.headers["referrer-policy"] = "no-referrer"
    return response


def routes(settings: Settings, clock: Clock) -> list[BaseRoute]:
    async def page(request: Request) -> Response:
        token = str(request.path_params["token"])
        if await unsubscribe.address(settings, token) is None:
            return _page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404)
        if request.method == "GET":
            # A GET changes nothing: link scanners open every link in a message.
            return _page(
                "Unsubscribe",
                "<p>Stop emails about referral programs to this inbox?"
                " You will still get sign-in links you ask for.</p>"
                f'<form method="post" action="/unsubscribe/{escape(token)}">'
                '<button type="submit">Unsubscribe</button></form>',
            )
        if not await unsubscribe.unsubscribe(settings=settings, token=token, clock=clock):
            return _page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404)
        return _page(
            "You are unsubscribed",
            "<p>We will not send referral program emails to this inbox any more."
            " Sign-in links you ask for still arrive.</p>",
        )

    return [Route("/unsubscribe/{token}", page, methods=["GET", "POST"])]
