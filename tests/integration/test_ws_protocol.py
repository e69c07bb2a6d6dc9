"""graphql-transport-ws messages of the wrong shape, and strings no column can hold, close the
socket with 4400 (as the protocol says) over a real uvicorn socket: never an exception inside
Strawberry, and never a write the HTTP transport would have refused."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from starlette.applications import Starlette
from websockets.exceptions import ConnectionClosed

from server.accounts.models import Role
from tests.conftest import gql, make_client, staff_token
from tests.integration.test_notifications import _connect, _serve

CREATE = (
    'mutation($n: String!) { createCampaign(input: {name: $n, slug: "ws-made", '
    'landingUrl: "https://shop.example.com"}) { __typename } }'
)
MALFORMED = [
    '"subscribe"',
    "[1, 2]",
    '{"type": 5}',
    '{"type": "subscribe", "id": 5, "payload": {"query": "{ __typename }"}}',
    '{"type": "subscribe", "id": {"a": 1}, "payload": {"query": "{ __typename }"}}',
    '{"type": "subscribe", "id": "1", "payload": "{ __typename }"}',
    '{"type": "subscribe", "id": "1", "payload": {"query": 5}}',
    '{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "variables": [1]}}',
    json.dumps(
        {"type": "subscribe", "id": "1", "payload": {"query": CREATE, "variables": {"n": "a\x00b"}}}
    ),
    json.dumps(
        {"type": "subscribe", "id": "1", "payload": {"query": CREATE, "variables": {"n": "\ud800"}}}
    ),
]


async def test_malformed_messages_close_with_4400(
    app: Starlette, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = await staff_token(app, Role.OWNER, "ws@example.com")
    init = json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    codes = []
    with caplog.at_level(logging.ERROR):
        async with _serve(app) as url:
            for message in MALFORMED:
                ws = await _connect(url, open_timeout=10)
                await ws.send(init)
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                await ws.send(message)
                try:
                    answer = await ws.recv()
                except ConnectionClosed as closed:
                    codes.append(closed.rcvd.code if closed.rcvd else None)
                else:
                    pytest.fail(f"{message} answered {answer!r}")
            # A well-formed operation on the same server still runs.
            ws = await _connect(url, open_timeout=10)
            await ws.send(init)
            await ws.recv()
            await ws.send(json.dumps({"type": "subscribe", "id": "q", "payload": {
                "query": "{ campaigns(first: 1) { nodes { id } } }"}}))  # fmt: skip
            assert json.loads(await ws.recv())["type"] == "next"
            await ws.close()
    assert codes == [4400] * len(MALFORMED)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    made = await gql(client, "{ campaigns(first: 5) { nodes { slug } } }")
    assert made["campaigns"]["nodes"] == []


async def test_errors_over_the_socket_carry_the_codes_http_gives(
    clean: None, app: Starlette
) -> None:
    """A query or mutation sent over graphql-transport-ws is refused with the same typed
    errors as over HTTP: a permission refusal FORBIDDEN, a bad page size INVALID_INPUT (they
    went out with no `extensions.code`, so a client could not tell them apart)."""
    token = await staff_token(app, Role.ANALYST, "ws-analyst@example.com")
    init = json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    operations = {
        "FORBIDDEN": "{ staffUsers { nodes { email } } }",
        "INVALID_INPUT": "{ campaigns(first: 1000) { nodes { id } } }",
    }
    async with _serve(app) as url:
        ws = await _connect(url, open_timeout=10)
        await ws.send(init)
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        for code, query in operations.items():
            await ws.send(
                json.dumps({"type": "subscribe", "id": code, "payload": {"query": query}})
            )
            answer = json.loads(await ws.recv())
            assert answer["type"] == "next", answer
            [error] = answer["payload"]["errors"]
            assert error["extensions"]["code"] == code, answer
            assert json.loads(await ws.recv())["type"] == "complete"
        await ws.close()


async def test_a_signed_out_session_runs_nothing_more_over_its_socket(
    clean: None, app: Starlette
) -> None:
    """Signing out (or revocation, deactivation) takes effect at once on an open socket too:
    queries and mutations sent over it after the session ended ran as if it were live."""
    token = await staff_token(app, Role.ADMIN, "ws-admin@example.com")
    init = json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    query = "{ staffUsers { nodes { email } } }"
    async with _serve(app) as url:
        ws = await _connect(url, open_timeout=10)
        await ws.send(init)
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": query}}))
        assert "ws-admin@example.com" in await ws.recv()
        assert json.loads(await ws.recv())["type"] == "complete"
        async with make_client(app, token) as http:
            ended = await gql(http, "mutation { logout { __typename } }")
            assert ended["logout"]["__typename"] == "SessionsEnded"
        await ws.send(json.dumps({"type": "subscribe", "id": "2", "payload": {"query": query}}))
        code = None
        try:
            answer = await ws.recv()
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
        else:
            pytest.fail(f"answered after sign-out: {answer!r}")
    assert code == 4403
