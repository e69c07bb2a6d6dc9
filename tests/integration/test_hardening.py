"""Limits and production behaviour of the HTTP and GraphQL layers."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
import pytest

from server.accounts.models import Role, StaffUser
from server.app import create_app
from server.clock import FrozenClock
from server.settings import Env, Settings
from tests.conftest import make_client, staff_token
from tests.factories import enroll, live_campaign


def _app(settings: Settings, clock: FrozenClock, **changes: Any) -> Any:
    return create_app(
        settings.model_copy(update=changes), clock=clock, manage_db=False, run_jobs=False
    )


async def test_security_headers_and_body_limit(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ me { role } }"})
    for header in (
        "x-content-type-options",
        "x-frame-options",
        "content-security-policy",
        "strict-transport-security",
        "referrer-policy",
    ):
        assert header in response.headers, header
    huge = await client.post("/graphql", json={"query": "{ me { role } }", "pad": "x" * 200_000})
    assert huge.status_code == 413 and huge.json()["errors"][0]["extensions"]["code"] == (
        "PAYLOAD_TOO_LARGE"
    )

    async def chunks() -> Any:
        for _ in range(30):
            yield b" " * 10_000

    streamed = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


async def test_query_limits(client: httpx.AsyncClient) -> None:
    deep = "{ campaigns { nodes { links { nodes { campaign { links { nodes { campaign { links { nodes { campaign { id } } } } } } } } } } } }"
    aliases = "{ " + " ".join(f"a{i}: me {{ role }}" for i in range(40)) + " }"
    costly = "{ campaigns(first: 100) { nodes { links(first: 100) { nodes { code advocate { email } } } } } }"
    for query, words in (
        (deep, "exceeds maximum operation depth"),
        (aliases, "aliases"),
        (costly, "Query cost"),
    ):
        body = (await client.post("/graphql", json={"query": query})).json()
        assert words in body["errors"][0]["message"], body
        assert body.get("data") is None


async def test_callers_mistakes_are_not_logged(
    anonymous: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="strawberry.execution"):
        for query in (
            "{ campaigns { nodes { id } } }",
            "{ nope }",
            '{ campaigns(after: "x") { nodes { id } } }',
        ):
            assert (await anonymous.post("/graphql", json={"query": query})).json()["errors"]
    assert caplog.records == []


async def test_nul_characters_are_refused_before_any_write(client: httpx.AsyncClient) -> None:
    query = (
        'mutation($n: String!) { createCampaign(input: {name: $n, slug: "nul", '
        'landingUrl: "https://x.example.com"}) { __typename } }'
    )
    response = await client.post("/graphql", json={"query": query, "variables": {"n": "a\x00b"}})
    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "Strings cannot contain NUL characters.",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        },
    )
    literal = await client.post(
        "/graphql", json={"query": '{ campaign(slug: "a\\u0000b") { id } }'}
    )
    assert literal.status_code == 400
    assert (await client.post("/graphql", json={"query": "{ campaigns { nodes { id } } }"})).json()[
        "data"
    ]["campaigns"]["nodes"] == []


async def test_lone_surrogates_are_refused_before_any_resolver(client: httpx.AsyncClient) -> None:
    """JSON may escape half a surrogate pair; UTF-8 (argon2, SMTP, PostgreSQL) cannot encode it."""
    login = 'mutation($p: String!) { login(email: "a@b.co", password: $p) { __typename } }'
    for variables in ({"p": "\ud800"}, {"p": "ok", "extra": ["\udfff"]}):
        # json.dumps escapes a lone surrogate as \\ud800, as a JavaScript client would send it
        body = json.dumps({"query": login, "variables": variables})
        response = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, response.text
        assert "no lone surrogates" in response.text
    paired = await client.post("/graphql", json={"query": login, "variables": {"p": "\U0001f600"}})
    assert paired.json()["data"]["login"]["__typename"] == "UserError"


@pytest.mark.parametrize(
    "body",
    [b"null", b'"{ me { role } }"', b"5", b'{"query": "{ me { role } }" \xff}', b"[" * 5000],
)
async def test_unusable_json_bodies_are_400(client: httpx.AsyncClient, body: bytes) -> None:
    """Not an object, not UTF-8, or nested past the decoder's recursion: the caller's mistake."""
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text


async def test_get_accepts_null_variables(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": "null", "extensions": "null"}
    )
    assert response.json()["data"] == {"__typename": "Query"}


async def test_batching_is_off(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=[{"query": "{ me { role } }"}] * 2)
    assert response.status_code == 400


async def test_cors_allows_only_listed_origins(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    app = _app(settings, clock, cors_origins="https://admin.example.com")
    async with make_client(app) as c:
        ok = await c.options(
            "/graphql",
            headers={
                "origin": "https://admin.example.com",
                "access-control-request-method": "POST",
            },
        )
        assert ok.headers["access-control-allow-origin"] == "https://admin.example.com"
        evil = await c.options(
            "/graphql",
            headers={"origin": "https://evil.example.net", "access-control-request-method": "POST"},
        )
        assert "access-control-allow-origin" not in evil.headers


async def test_production_hides_internals(
    settings: Settings, clock: FrozenClock, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(settings, clock, env=Env.PRODUCTION)
    token = await staff_token(app, Role.OWNER)
    async with make_client(app, token) as c:
        intro = (await c.post("/graphql", json={"query": "{ __schema { types { name } } }"})).json()
        assert "introspection" in intro["errors"][0]["message"].lower()
        typo = (await c.post("/graphql", json={"query": "{ campaignz { id } }"})).json()
        assert "Did you mean" not in typo["errors"][0]["message"]
        assert (await c.get("/graphql", headers={"accept": "text/html"})).status_code != 200

        async def boom(*_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr("server.analytics.service.stats", boom)
        cid = await live_campaign(c)
        masked = (
            await c.post(
                "/graphql",
                json={
                    "query": "query($id: ID!) { campaign(id: $id) { stats { clicks } } }",
                    "variables": {"id": cid},
                },
            )
        ).json()
        assert masked["errors"][0]["message"] == "Unexpected error."
        typed = (
            await c.post("/graphql", json={"query": "{ campaigns(first: 500) { nodes { id } } }"})
        ).json()
        assert typed["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_slow_requests_are_stopped(
    settings: Settings, clock: FrozenClock, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(settings, clock, request_timeout_seconds=0.2)
    token = await staff_token(app, Role.OWNER)

    async def slow(*_args: Any, **_kwargs: Any) -> Any:
        await asyncio.sleep(2)

    # Set up under the normal limit: only the request under test may be cut short.
    async with make_client(_app(settings, clock), token) as setup:
        cid = await live_campaign(setup)
    async with make_client(app, token) as c:
        monkeypatch.setattr("server.analytics.service.stats", slow)
        response = await c.post(
            "/graphql",
            json={
                "query": "query($id: ID!) { campaign(id: $id) { stats { clicks } } }",
                "variables": {"id": cid},
            },
        )
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        assert int(response.headers["retry-after"]) > 0  # a client's retry link waits, then retries


async def test_redirects_are_rate_limited_per_address(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    app = _app(settings, clock, redirect_limit="3/minute")
    token = await staff_token(app, Role.OWNER)
    async with make_client(app, token) as c:
        link = await enroll(c, await live_campaign(c))
        codes = [(await c.get(f"/r/{link['code']}")).status_code for _ in range(4)]
        assert codes == [302, 302, 302, 429]
        limited = await c.get(f"/r/{link['code']}")
        assert int(limited.headers["retry-after"]) > 0


async def test_mutations_are_rate_limited_per_caller(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    app = _app(settings, clock, mutation_limit="2/minute")
    token = await staff_token(app, Role.OWNER)
    query = "mutation { logoutEverywhere { __typename ... on UserError { code retryAfter } } }"
    async with make_client(app, token) as c:
        await c.post(
            "/graphql",
            json={
                "query": 'mutation { createCampaign(input: {name: "a", '
                'slug: "a", landingUrl: "https://x.example.com"}) { __typename } }'
            },
        )
        await c.post(
            "/graphql",
            json={
                "query": 'mutation { createCampaign(input: {name: "b", '
                'slug: "b", landingUrl: "https://x.example.com"}) { __typename } }'
            },
        )
        third = (await c.post("/graphql", json={"query": query})).json()["data"]["logoutEverywhere"]
        assert third["code"] == "RATE_LIMITED" and third["retryAfter"] > 0


@pytest.mark.usefixtures("any_bot_document")
async def test_a_bot_key_has_a_limit_per_person_it_acts_for(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    """One Slack bot key serves everyone in the workspace: a busy approver must not use up
    everybody else's requests."""
    from server.accounts import keys
    from server.accounts import service as accounts
    from server.accounts.viewer import ANONYMOUS
    from server.audit.service import CLI

    app = _app(settings, clock, mutation_limit="2/minute")
    services = app.state.services
    bot = await keys.create_api_key(
        name="slack",
        role=Role.BOT,
        test=False,
        expires_at=None,
        pepper=services.api_key_pepper,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=clock,
    )
    for email, slack in (("mia@example.com", "U0MIA00001"), ("max@example.com", "U0MAX00001")):
        await staff_token(app, Role.MANAGER, email)
        made = await StaffUser.get(email=email)
        await accounts.link_slack_user(user_id=made.id, slack_user_id=slack, actor=CLI, clock=clock)
    reject = 'mutation { rejectReward(id: "UmV3YXJkOjE=", reason: "fraud") { ... on UserError { code } } }'

    async def codes(slack: str, times: int) -> list[str]:
        async with make_client(app, bot.secret) as c:
            c.headers["x-vouch-acting-slack-user"] = slack
            return [
                (await c.post("/graphql", json={"query": reject})).json()["data"]["rejectReward"][
                    "code"
                ]
                for _ in range(times)
            ]

    assert await codes("U0MIA00001", 3) == ["NOT_FOUND", "NOT_FOUND", "RATE_LIMITED"]
    assert await codes("U0MAX00001", 2) == ["NOT_FOUND", "NOT_FOUND"]


async def test_fuzz_findings_are_input_errors(
    settings: Settings, clock: FrozenClock, clean: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Regressions for what the fuzz run found: each is a readable error, never masked or logged."""
    app = _app(settings, clock, env=Env.PRODUCTION)
    token = await staff_token(app, Role.OWNER)
    async with make_client(app, token) as c:
        cid = await live_campaign(c)
        cases: list[tuple[str, dict[str, Any]]] = [
            ("query($f: Int) { campaigns(first: $f) { nodes { id } } }", {"f": "abc"}),
            (
                'mutation { recordRefund(input: {conversionId: "1", amount: "abc", '
                'idempotencyKey: "key-1234567"}) { __typename } }',
                {},
            ),
            (
                "mutation($id: ID!) { updateCampaign(id: $id, input: {name: null}) "
                "{ ... on UserError { code field } } }",
                {"id": cid},
            ),
            (
                "mutation($id: ID!) { updateCampaign(id: $id, input: {startsAt: "
                '"0001-01-01T00:00:00+14:00"}) { ... on UserError { code field } } }',
                {"id": cid},
            ),
            (
                'query($id: ID!) { campaign(id: $id) { stats(to: "9999-12-31T23:59:59-12:00") '
                "{ clicks } } }",
                {"id": cid},
            ),
            ('{ auditLog(until: "0001-01-01T00:00:00+14:00") { nodes { id } } }', {}),
            (
                "query($id: ID!) { campaign(id: $id) { timeseries(metric: CLICKS, interval: MONTH, "
                'from: "8999-11-01T00:00:00Z", to: "9999-12-31T23:59:59Z") { value } } }',
                {"id": cid},
            ),
        ]
        with caplog.at_level(logging.ERROR):
            for query, variables in cases:
                body = (
                    await c.post("/graphql", json={"query": query, "variables": variables})
                ).json()
                assert "Unexpected error." not in str(body), (query, body)
                assert body.get("errors") or "INVALID_INPUT" in str(body), (query, body)
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_filters_longer_than_their_column_are_invalid_input(
    client: httpx.AsyncClient,
) -> None:
    """The ORM raises on a filter value longer than the column; the caller gets a typed error."""
    campaign = await live_campaign(client)
    long = "x" * 300
    for query, variables, field in (
        ("query($a: String) { auditLog(first: 1, action: $a) { nodes { id } } }", {"a": long},
         "action"),
        ("query($a: String) { auditLog(first: 1, targetId: $a) { nodes { id } } }", {"a": long},
         "targetId"),
        ("query($c: ID!, $o: String!) { conversionByOrder(campaignId: $c, externalOrderId: $o) "
         "{ id } }", {"c": campaign, "o": long}, "externalOrderId"),
    ):  # fmt: skip
        body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
        assert [e["extensions"] for e in body["errors"]] == [
            {"code": "INVALID_INPUT", "field": field}
        ], body
