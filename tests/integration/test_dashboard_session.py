"""The dashboard's cookie session over HTTP: HttpOnly + SameSite=Strict session cookie, the token
never in the body, and a signed double-submit CSRF token on every cookie-authenticated request."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.settings import Env, Settings
from server.web import session_cookies
from tests.conftest import STAFF_PASSWORD, make_client, staff_token

LOGIN = """mutation($e: String!, $p: String!) {
  login(email: $e, password: $p) { __typename ... on SignedIn { token user { email } } }
}"""
ME = "{ me { user { email } permissions } }"
KEY = """mutation { createCampaign(input: {name: "Forged", slug: "forged",
  landingUrl: "https://shop.example.com/"}) { __typename } }"""
COOKIE_MODE = {"x-vouch-session": "cookie"}


async def cookie_login(c: httpx.AsyncClient) -> httpx.Response:
    response = await c.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"e": "manager@example.com", "p": STAFF_PASSWORD}},
        headers=COOKIE_MODE,
    )
    assert response.status_code == 200, response.text
    return response


def set_cookies(response: httpx.Response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


@asynccontextmanager
async def signed_in(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    await staff_token(app, Role.MANAGER)
    async with make_client(app) as c:
        await cookie_login(c)
        yield c


async def test_cookie_login_hides_the_token_and_sets_strict_cookies(
    clean: None, app: Starlette
) -> None:
    await staff_token(app, Role.MANAGER)
    async with make_client(app) as c:
        response = await cookie_login(c)
    signed = response.json()["data"]["login"]
    assert signed["__typename"] == "SignedIn"
    assert signed["token"] == ""  # not readable by any page script
    cookies = set_cookies(response)
    session, csrf = cookies["vouch_session"].lower(), cookies["vouch_csrf"].lower()
    assert "httponly" in session and "samesite=strict" in session and "path=/" in session
    assert "httponly" not in csrf and "samesite=strict" in csrf
    secure = app.state.settings.secure_cookies or app.state.settings.is_production
    assert ("secure" in session.split("; ")) is secure


async def test_bearer_login_is_unchanged(clean: None, app: Starlette) -> None:
    await staff_token(app, Role.MANAGER)
    async with make_client(app) as c:
        response = await c.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"e": "manager@example.com", "p": STAFF_PASSWORD}},
        )
    assert response.json()["data"]["login"]["token"]  # a bearer client still gets its token
    assert "vouch_session" not in set_cookies(response)


async def test_cookie_requests_need_the_csrf_header(clean: None, app: Starlette) -> None:
    async with signed_in(app) as c:
        csrf = c.cookies["vouch_csrf"]
        ok = await c.post("/graphql", json={"query": ME}, headers={"x-csrf-token": csrf})
        assert ok.json()["data"]["me"]["user"]["email"] == "manager@example.com"

        for headers in ({}, {"x-csrf-token": "0" * 32}, {"x-csrf-token": csrf[:-1]}):
            refused = await c.post("/graphql", json={"query": KEY}, headers=headers)
            assert refused.status_code == 403, refused.text
            error = refused.json()["errors"][0]
            assert error["extensions"] == {"code": "FORBIDDEN", "reason": "CSRF"}
            assert "X-CSRF-Token" in error["message"]
        # Reads by GET are refused the same way (a cross-site <img> cannot read them anyway).
        get = await c.get("/graphql", params={"query": ME})
        assert get.status_code == 403

        # A csrf cookie planted by another site cannot match: the value is keyed by the server.
        c.cookies.set("vouch_csrf", "attacker-chosen", domain="vouch.example.com")
        planted = await c.post(
            "/graphql", json={"query": KEY}, headers={"x-csrf-token": "attacker-chosen"}
        )
        assert planted.status_code == 403

        keys = await c.post(
            "/graphql",
            json={"query": "{ campaigns(first: 5) { edges { node { name } } } }"},
            headers={"x-csrf-token": csrf},
        )
        assert keys.json()["data"]["campaigns"]["edges"] == []  # nothing was created


async def test_authorization_header_wins_over_the_cookie(clean: None, app: Starlette) -> None:
    async with signed_in(app) as c:
        owner = await staff_token(app, Role.OWNER)
        response = await c.post(
            "/graphql", json={"query": ME}, headers={"authorization": f"Bearer {owner}"}
        )
        assert response.status_code == 200  # no CSRF header needed: not a cookie request
        assert response.json()["data"]["me"]["user"]["email"] == "owner@example.com"


async def test_logout_clears_the_cookies_and_a_stale_cookie_is_signed_out(
    clean: None, app: Starlette
) -> None:
    async with signed_in(app) as c:
        csrf = c.cookies["vouch_csrf"]
        stale = c.cookies["vouch_session"]
        out = await c.post(
            "/graphql",
            json={"query": "mutation { logout { __typename } }"},
            headers={"x-csrf-token": csrf},
        )
        assert out.json()["data"]["logout"]["__typename"] == "SessionsEnded"
        cleared = set_cookies(out)
        assert 'vouch_session=""' in cleared["vouch_session"]
        assert "max-age=0" in cleared["vouch_session"].lower()
    async with make_client(app) as c:
        c.cookies.set("vouch_session", stale, domain="vouch.example.com")
        me = await c.post("/graphql", json={"query": ME}, headers={"x-csrf-token": csrf})
        assert me.status_code == 200
        assert me.json()["data"]["me"]["user"] is None  # free to sign in again


async def test_dashboard_page_has_a_strict_policy(anonymous: httpx.AsyncClient) -> None:
    page = await anonymous.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "connect-src 'self'" in policy and "https:" not in policy
    assert '<script type="module" src="/dashboard/app.js?v=' in page.text
    script = await anonymous.get("/dashboard/app.js", headers={"accept-encoding": "gzip"})
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert script.headers["content-encoding"] == "gzip"
    # Split per screen: the shell's chunks are preloaded, each screen's chunk is imported
    # by the shell; every one is served from this origin.
    preloaded = re.findall(
        r'<link rel="modulepreload" href="(/dashboard/chunks/[^"]+\.js)">', page.text
    )
    screens = re.findall(r'import\("\./(chunks/[a-z]+-[A-Z0-9]+\.js)"\)', script.text)
    assert preloaded and {"overview", "webhooks", "blocklist", "audit"} <= {
        s.split("/")[1].split("-")[0] for s in screens
    }
    for chunk in [*preloaded, *(f"/dashboard/{s}" for s in screens)]:
        served = await anonymous.get(chunk)
        assert served.status_code == 200 and "javascript" in served.headers["content-type"], chunk


def test_session_cookies_are_secure_in_production(settings: Settings) -> None:
    from datetime import UTC, datetime

    from starlette.responses import Response

    prod = settings.model_copy(update={"env": Env.PRODUCTION, "cookie_secure": False})
    response = Response()
    session_cookies.issue(response, settings=prod, token="t", expires_at=datetime.now(UTC))
    for header in response.headers.getlist("set-cookie"):
        assert "secure" in header.lower().split("; "), header
