"""The advocate's way in, end to end against a real SMTP server: join from the hosted page's
API, receive the welcome and sign-in emails, exchange the magic link once for a portal token;
the join form's honeypot, timing token and rate limit; nothing reveals an enrolment."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from server.advocates.models import Advocate
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.email.models import EmailKind, EmailMessage
from server.email.sender import Deliverer
from tests.conftest import gql, make_client
from tests.factories import live_campaign
from tests.mail_server import Inbox

JOIN_PAGE = """query($slug: String!) { joinPage(slug: $slug) { __typename
  ... on JoinPage { campaignName pitch terms open formToken
                    branding { logoUrl accentColor senderName } }
  ... on UserError { code field } } }"""
JOIN = """mutation($input: JoinCampaignInput!) { joinCampaign(input: $input) { __typename
  ... on JoinAccepted { message } ... on UserError { code field message } } }"""
REQUEST = """mutation($input: RequestPortalLinkInput!) { requestPortalLink(input: $input) {
  __typename ... on JoinAccepted { message } ... on UserError { code field } } }"""
EXCHANGE = """mutation($token: String!) { exchangePortalLink(token: $token) { __typename
  ... on PortalSession { portalToken expiresAt } ... on UserError { code field } } }"""
PORTAL = "{ portal { advocateName code shareUrl } }"


async def form_token(anonymous: httpx.AsyncClient, slug: str = "give-10") -> str:
    page = (await gql(anonymous, JOIN_PAGE, slug=slug))["joinPage"]
    assert page["__typename"] == "JoinPage", page
    return str(page["formToken"])


async def join(
    anonymous: httpx.AsyncClient, clock: FrozenClock, email: str, **extra: Any
) -> dict[str, Any]:
    token = await form_token(anonymous)
    clock.advance(timedelta(seconds=5))  # a person takes a few seconds to fill the form in
    data = {
        "slug": "give-10",
        "name": "Ada Lovelace",
        "email": email,
        "consent": True,
        "formToken": token,
        **extra,
    }
    result: dict[str, Any] = (await gql(anonymous, JOIN, input=data))["joinCampaign"]
    return result


def sign_in_token(inbox: Inbox) -> str:
    found = re.search(r"#token=(\S+)", inbox.text(inbox.of_kind("sign-in link")[-1]))
    assert found, inbox.messages
    return found.group(1)


async def test_join_welcome_sign_in_and_portal(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    app: Starlette,
    clock: FrozenClock,
    inbox: Inbox,
    deliverer: Deliverer,
) -> None:
    await live_campaign(client, description="Give $10, get $10", terms="Be nice.")
    page = (await gql(anonymous, JOIN_PAGE, slug="give-10"))["joinPage"]
    assert page["campaignName"] == "Give 10" and page["open"] is True
    assert page["pitch"] == "Give $10, get $10" and page["terms"] == "Be nice."
    joined = await join(anonymous, clock, "Ada@Example.com")
    assert joined["__typename"] == "JoinAccepted", joined

    assert await deliverer.run_once(clock=clock) == 2
    (welcome,) = inbox.of_kind("Welcome to Give 10")
    link = await EmailMessage.get(kind=EmailKind.WELCOME)
    assert welcome["To"] == "ada@example.com"
    assert welcome["From"] == "Give 10 <vouch@localhost>"
    assert welcome["List-Unsubscribe"].startswith("<https://vouch.example.com/unsubscribe/")
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = next(r for r in inbox.raw if b"Subject: Welcome" in r)
    assert b"\r\nList-Unsubscribe: <https://vouch.example.com/unsubscribe/" in raw  # unfolded
    assert welcome["Message-ID"] == link.message_id
    assert "https://vouch.example.com/r/" in inbox.text(welcome)
    assert "Welcome, Ada!" in inbox.html(welcome)
    (sign_in,) = inbox.of_kind("sign-in link")
    assert sign_in["List-Unsubscribe"] is None  # transactional
    token = sign_in_token(inbox)
    assert f"https://vouch.example.com/portal/sign-in#token={token}" in inbox.text(sign_in)

    session = (await gql(anonymous, EXCHANGE, token=token))["exchangePortalLink"]
    assert session["__typename"] == "PortalSession", session
    again = (await gql(anonymous, EXCHANGE, token=token))["exchangePortalLink"]
    assert again == {"__typename": "UserError", "code": "ALREADY_USED", "field": "token"}
    forged = (await gql(anonymous, EXCHANGE, token=token[:-2] + "xx"))["exchangePortalLink"]
    assert forged["code"] == "INVALID_TOKEN"
    async with make_client(app, session["portalToken"]) as portal:
        mine = (await gql(portal, PORTAL))["portal"]
    assert mine["advocateName"] == "Ada Lovelace"
    assert mine["shareUrl"] in inbox.text(welcome)

    # A second link, asked for from the sign-in page, that is used too late.
    clock.advance(timedelta(minutes=1))
    asked = await gql(
        anonymous,
        REQUEST,
        input={
            "slug": "give-10",
            "email": "ada@example.com",
            "formToken": await form_token(anonymous),
        },
    )
    assert asked["requestPortalLink"]["__typename"] == "UserError"  # too fast: a bot
    token_form = await form_token(anonymous)
    clock.advance(timedelta(seconds=3))
    asked = await gql(
        anonymous,
        REQUEST,
        input={"slug": "give-10", "email": "ADA@example.com", "formToken": token_form},
    )
    assert asked["requestPortalLink"]["__typename"] == "JoinAccepted"
    assert await deliverer.run_once(clock=clock) == 1
    late = sign_in_token(inbox)
    assert late != token
    clock.advance(timedelta(minutes=31))
    expired = (await gql(anonymous, EXCHANGE, token=late))["exchangePortalLink"]
    assert expired["code"] == "EXPIRED"
    # The portal token from a magic link lasts 30 days.
    clock.advance(timedelta(days=31))
    async with make_client(app, session["portalToken"]) as portal:
        response = await portal.post("/graphql", json={"query": PORTAL})
    assert response.status_code == 401 and "expired" in response.text


async def test_existing_and_unknown_addresses_get_the_same_answer(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    clock: FrozenClock,
    inbox: Inbox,
    deliverer: Deliverer,
) -> None:
    await live_campaign(client)
    first = await join(anonymous, clock, "ada@example.com")
    second = await join(anonymous, clock, "ADA@example.com")
    assert first == second and first["__typename"] == "JoinAccepted"
    token = await form_token(anonymous)
    clock.advance(timedelta(seconds=5))
    unknown = await gql(
        anonymous,
        REQUEST,
        input={"slug": "give-10", "email": "who@example.com", "formToken": token},
    )
    assert unknown["requestPortalLink"] == {
        "__typename": "JoinAccepted",
        "message": first["message"],
    }
    await deliverer.run_once(clock=clock)
    # One welcome (one enrolment), a sign-in link per join; nothing to the unknown inbox.
    kinds = sorted(m.kind.value for m in await EmailMessage.all())
    assert kinds == ["sign_in", "sign_in", "welcome"]
    assert {m["To"] for m in inbox.messages} == {"ada@example.com"}
    assert await Advocate.all().count() == 1
    joins = await AuditEvent.filter(action="advocate.join").order_by("id")
    assert [e.diff["consent"] for e in joins] == [[None, True], [None, True]]


async def test_honeypot_timing_consent_and_rate_limit(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, clock: FrozenClock
) -> None:
    await live_campaign(client)
    trapped = await join(anonymous, clock, "bot@example.com", website="http://spam.example")
    assert trapped["__typename"] == "JoinAccepted"
    assert await Advocate.all().count() == 0 and await EmailMessage.all().count() == 0

    token = await form_token(anonymous)  # sent at once: faster than a person
    fast = (
        await gql(
            anonymous,
            JOIN,
            input={
                "slug": "give-10",
                "name": "",
                "consent": True,
                "email": "ada@example.com",
                "formToken": token,
            },
        )
    )["joinCampaign"]
    assert (fast["code"], fast["field"]) == ("INVALID_INPUT", "formToken")
    clock.advance(timedelta(hours=3))  # left open too long
    stale = (
        await gql(
            anonymous,
            JOIN,
            input={
                "slug": "give-10",
                "name": "",
                "consent": True,
                "email": "ada@example.com",
                "formToken": token,
            },
        )
    )["joinCampaign"]
    assert (stale["code"], stale["field"]) == ("INVALID_INPUT", "formToken")
    other = await form_token(anonymous)
    clock.advance(timedelta(seconds=5))
    bad = (
        await gql(
            anonymous,
            JOIN,
            input={
                "slug": "give-10",
                "name": "",
                "consent": False,
                "email": "ada@example.com",
                "formToken": other,
            },
        )
    )["joinCampaign"]
    assert (bad["code"], bad["field"]) == ("INVALID_INPUT", "consent")
    assert await Advocate.all().count() == 0
    # Five join attempts a minute per address (VOUCH_JOIN_LIMIT): the sixth is refused.
    assert (await join(anonymous, clock, "eve@example.com"))["__typename"] == "JoinAccepted"
    limited = await join(anonymous, clock, "fay@example.com")
    assert (limited["__typename"], limited.get("code")) == ("UserError", "RATE_LIMITED")
