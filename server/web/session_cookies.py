"""Cookie sessions for the staff dashboard, with a CSRF defence.

A browser client signs in with the public `login` mutation and the header
`X-Vouch-Session: cookie`: the session token then travels only in an HttpOnly, SameSite=Strict
cookie (Secure in production and whenever `Settings.secure_cookies`), and the answer's `token`
is empty, so no page script can read it. A readable `vouch_csrf` cookie holds a keyed hash of
the session token; every cookie-authenticated request must echo it in `X-CSRF-Token` (signed
double submit: a value planted by another site cannot match, because only the server can
compute it). A request whose cookie names a live session but carries no matching header is
refused with a typed FORBIDDEN error before anything runs. An `Authorization` header always
wins over the cookie."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.errors import ErrorCode
from server.referrals.rules import keyed_hash
from server.settings import Settings, derived_key

SESSION_COOKIE = "vouch_session"
CSRF_COOKIE = "vouch_csrf"
MODE_HEADER = "x-vouch-session"
CSRF_HEADER = "x-csrf-token"


class CsrfRefused(Exception):
    """A cookie-authenticated request without the session's CSRF token."""

    def response(self) -> Response:
        return JSONResponse(
            {
                "errors": [
                    {
                        "message": str(self),
                        "extensions": {"code": ErrorCode.FORBIDDEN.value, "reason": "CSRF"},
                    }
                ]
            },
            status_code=403,
        )


def csrf_token(settings: Settings, session_token: str) -> str:
    return keyed_hash(derived_key(settings, "csrf"), session_token)


def session_token(request: Request) -> str | None:
    """The cookie's session token, when the request carries no Authorization header."""
    if request.headers.get("authorization") is not None:
        return None
    return request.cookies.get(SESSION_COOKIE) or None


def check_csrf(request: Request, settings: Settings, token: str) -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), csrf_token(settings, token).encode()):
        raise CsrfRefused(
            "A request signed in by cookie must send the vouch_csrf cookie's value in the "
            "X-CSRF-Token header."
        )


def wants_cookie(request: object) -> bool:
    headers = getattr(request, "headers", None)
    return headers is not None and headers.get(MODE_HEADER, "").lower() == "cookie"


def _secure(settings: Settings) -> bool:
    return settings.secure_cookies or settings.is_production


def issue(response: Response, *, settings: Settings, token: str, expires_at: datetime) -> None:
    for name, value, httponly in (
        (SESSION_COOKIE, token, True),
        (CSRF_COOKIE, csrf_token(settings, token), False),
    ):
        response.set_cookie(
            name,
            value,
            expires=expires_at.astimezone(UTC),
            path="/",
            secure=_secure(settings),
            httponly=httponly,
            samesite="strict",
        )


def clear(response: Response, *, settings: Settings) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            name,
            path="/",
            secure=_secure(settings),
            httponly=name == SESSION_COOKIE,
            samesite="strict",
        )
