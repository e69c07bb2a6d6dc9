"""The hosted join page cannot tell whether an address is enrolled by how long it takes: the
answer to joinCampaign (and requestPortalLink) runs the same statements for a new and an
enrolled address — one row written to the join-request outbox, nothing looked up — and the
enrolment, magic link and emails are the email worker's. Statements are recorded from
Tortoise's query log up to the moment the response starts, and none run after it."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.types import Message, Receive, Scope, Send

from server.advocates.models import Advocate
from server.clock import FrozenClock
from server.email import requests
from server.email.models import EmailKind, EmailMessage, JoinRequest, PortalSignIn
from server.secretbox import SecretBox
from tests.conftest import gql
from tests.factories import live_campaign
from tests.integration.test_email_join import JOIN, REQUEST, form_token


class _Before(logging.Handler):
    """Statement texts (values apart) logged before the answer started."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.answered = False
        self.after: list[str] = []
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.answered:
            self.after.append(record.getMessage()[:300])
            return
        text = (
            str(record.args[0])
            if isinstance(record.args, tuple) and record.args
            else str(record.msg)
        )
        self.statements.append(re.sub(r"\s+", " ", text).strip())


@contextmanager
def _recording() -> Iterator[_Before]:
    logger = logging.getLogger("tortoise.db_client")
    handler = _Before()
    old_level, old_disabled = logger.level, logger.disabled
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.disabled = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.disabled = old_disabled


@asynccontextmanager
async def _timed_client(app: Starlette, handler: _Before) -> AsyncIterator[httpx.AsyncClient]:
    async def marking(scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                handler.answered = True
            await send(message)

        await app(scope, receive, marked)

    transport = httpx.ASGITransport(app=marking, client=("203.0.113.9", 4242))
    async with httpx.AsyncClient(
        transport=transport, base_url="https://vouch.example.com"
    ) as client:
        yield client


async def _answer_statements(
    app: Starlette, clock: FrozenClock, send: Callable[[httpx.AsyncClient, str], Awaitable[Any]]
) -> list[str]:
    with _recording() as handler:
        async with _timed_client(app, handler) as anonymous:
            token = await form_token(anonymous)
            clock.advance(timedelta(seconds=5))
            handler.statements.clear()
            handler.answered, handler.after = False, []  # the join page's answer started it
            await send(anonymous, token)
    assert handler.after == []  # no work is left running behind the answer
    return handler.statements


async def test_join_and_link_requests_answer_with_the_same_statements_for_every_address(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    await live_campaign(client)

    def join(email: str) -> Callable[[httpx.AsyncClient, str], Awaitable[Any]]:
        async def send(c: httpx.AsyncClient, token: str) -> Any:
            data = {"slug": "give-10", "name": "Ada", "email": email, "consent": True,
                    "formToken": token}  # fmt: skip
            done = (await gql(c, JOIN, input=data))["joinCampaign"]
            assert done["__typename"] == "JoinAccepted", done
            return done

        return send

    def request(email: str) -> Callable[[httpx.AsyncClient, str], Awaitable[Any]]:
        async def send(c: httpx.AsyncClient, token: str) -> Any:
            data = {"slug": "give-10", "email": email, "formToken": token}
            done = (await gql(c, REQUEST, input=data))["requestPortalLink"]
            assert done["__typename"] == "JoinAccepted", done
            return done

        return send

    box = SecretBox.from_settings(app.state.settings)
    new = await _answer_statements(app, clock, join("ada@example.com"))
    assert await Advocate.all().count() == 0  # the worker's to do
    assert await requests.run_once(box=box, clock=clock) == 1
    assert await Advocate.filter(email="ada@example.com").count() == 1
    again = await _answer_statements(app, clock, join("ada@example.com"))
    other_new = await _answer_statements(app, clock, join("grace@example.com"))
    assert new == again == other_new
    writes = [s for s in new if s.upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1 and writes[0].startswith('INSERT INTO "email_join_request"'), new
    assert not any("advocate" in s or "referral_link" in s for s in new), new

    enrolled = await _answer_statements(app, clock, request("ada@example.com"))
    stranger = await _answer_statements(app, clock, request("nobody@example.com"))
    assert enrolled == stranger
    assert [s for s in enrolled if s.startswith("INSERT")] == writes
    # Nothing in the table says which address is which, or whether it is enrolled.
    rows = await JoinRequest.all().order_by("id")
    assert not any("@" in r.sealed or "example" in r.sealed for r in rows)
    assert len({len(r.sealed) for r in rows[1:]}) == 1  # one size, whatever the address
    assert await requests.run_once(box=box, clock=clock) == 4
    assert {r.sealed for r in await JoinRequest.all()} == {""}  # the address is not kept
    # The work itself still happened: welcomes for both, sign-in links for each join and the
    # enrolled address's request, none for the stranger.
    kinds = [m.kind for m in await EmailMessage.all()]
    assert kinds.count(EmailKind.WELCOME) == 2
    assert kinds.count(EmailKind.SIGN_IN) == 4
    assert await PortalSignIn.all().count() == 4
