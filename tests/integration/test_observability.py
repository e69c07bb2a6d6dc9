"""Liveness, readiness, Prometheus metrics, structured logs and the trusted-proxy setting."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from starlette.applications import Starlette

from server import db, logs
from server.app import create_app
from server.clock import FrozenClock
from server.notifications.models import Notification, NotificationStatus
from server.settings import Settings
from tests.conftest import make_client
from tests.factories import convert, enroll, live_campaign

TOKEN = "metrics-token-for-tests-0000000000"


def _app(settings: Settings, clock: FrozenClock, **changes: Any) -> Starlette:
    return create_app(
        settings.model_copy(update=changes), clock=clock, manage_db=False, run_jobs=False
    )


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_healthz_and_readyz(anonymous: httpx.AsyncClient) -> None:
    assert (await anonymous.get("/healthz")).json() == {"status": "ok", "database": "up"}
    ready = await anonymous.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "database": "ok",
        "migrations": "ok",
        "rate_limit_storage": "ok",
    }


async def test_readyz_waits_for_migrations_and_the_limiter_storage(
    anonymous: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = db.connection()
    rows = await conn.execute_query_dict(
        "SELECT app, name, applied_at FROM tortoise_migrations ORDER BY applied_at DESC"
    )
    newest = rows[0]
    await conn.execute_query_dict(
        f"DELETE FROM tortoise_migrations WHERE name = '{newest['name']}'"  # noqa: S608
    )
    try:
        behind = await anonymous.get("/readyz")
    finally:
        await db.connection().execute_query(
            "INSERT INTO tortoise_migrations (app, name, applied_at) VALUES ("  # noqa: S608
            + ", ".join(["$1", "$2", "$3"] if db.dialect() == "postgres" else "???")
            + ")",
            [newest["app"], newest["name"], newest["applied_at"]],
        )
    assert behind.status_code == 503
    assert behind.json()["migrations"] == "1 not applied"
    assert (await anonymous.get("/readyz")).status_code == 200

    async def unreachable() -> bool:
        raise ConnectionError("storage down")

    storage = app.state.services.limiter._limiter.storage
    monkeypatch.setattr(storage, "check", unreachable)
    down = await anonymous.get("/readyz")
    assert down.status_code == 503
    assert down.json()["rate_limit_storage"] == "down"
    assert down.json()["database"] == "ok"


async def test_metrics_need_the_token(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    assert (await client.get("/metrics")).status_code == 404  # off without a token
    async with make_client(_app(settings, clock, metrics_token=SecretStr(TOKEN))) as c:
        assert (await c.get("/metrics")).status_code == 401
        wrong = await c.get("/metrics", headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = await c.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        assert ok.headers["content-type"].startswith("text/plain")


async def test_metrics_count_requests_operations_redirects_conversions_and_outbox(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    app = _app(settings, clock, metrics_token=SecretStr(TOKEN))
    auth = {"authorization": f"Bearer {TOKEN}"}
    async with make_client(app) as scraper:
        before = _samples((await scraper.get("/metrics", headers=auth)).text)
        cid = await live_campaign(client)
        link = await enroll(client, cid, "ada@example.com")
        await client.post(
            "/graphql", json={"query": "query WhoAmI { me { role } }", "operationName": "WhoAmI"}
        )
        assert (await scraper.get(f"/r/{link['code']}")).status_code == 302
        assert (await scraper.get("/r/NOSUCHCODE")).status_code == 404
        first = await convert(
            client, "metrics-key-1", "o-1", 1000, referralCode=link["code"], email="bob@example.org"
        )
        await convert(
            client, "metrics-key-1", "o-1", 1000, referralCode=link["code"], email="bob@example.org"
        )
        assert first["replayed"] is False
        after = _samples((await scraper.get("/metrics", headers=auth)).text)

    def delta(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert (
        delta("vouch_graphql_operations_total", operation="WhoAmI", type="query", outcome="ok") == 1
    )
    assert delta("vouch_http_requests_total", route="/r/{code}", method="GET", status="302") == 1
    assert delta("vouch_http_requests_total", route="/r/{code}", method="GET", status="404") == 1
    assert delta("vouch_http_request_duration_seconds_count", route="/graphql", method="POST") >= 4
    assert delta("vouch_redirects_total", outcome="redirected") == 1
    assert delta("vouch_redirects_total", outcome="not_found") == 1
    assert delta("vouch_conversions_total", outcome="recorded") == 1
    assert delta("vouch_conversions_total", outcome="replayed") == 1
    waiting = await Notification.filter(
        status__in=[NotificationStatus.PENDING, NotificationStatus.CLAIMED]
    ).count()
    assert waiting > 0  # the first referral's milestone
    assert _value(after, "vouch_outbox_depth", stream="notifications") == waiting
    assert _value(after, "vouch_outbox_oldest_age_seconds", stream="notifications") >= 0


@contextmanager
def captured_logs(fmt: str) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    out = io.StringIO()
    logs.configure(fmt, "info", stream=out)
    try:
        yield out
    finally:
        root.handlers, root.level = saved[0], saved[1]
        logging.getLogger("uvicorn.access").disabled = False


async def test_json_logs_carry_request_operation_and_caller_and_no_personal_data(
    client: httpx.AsyncClient,
) -> None:
    with captured_logs("json") as out:
        await _log_a_request_and_a_warning(client)
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line]
    request = next(line for line in lines if line.get("event") == "request")
    assert request["request_id"] == "req-abc-123"
    assert (request["operation"], request["caller_kind"]) == ("WhoAmI", "staff")
    assert (request["route"], request["status"], request["method"]) == ("/graphql", 200, "POST")
    warning = next(line for line in lines if line.get("level") == "warning")
    assert warning["event"] == "login failed for [email] from [ip] with Bearer [secret]"
    assert warning["attempt"] == 2 and "password" not in warning and "email" not in warning
    text = "\n".join(json.dumps(line) for line in lines)
    for leak in ("ada@example.com", "198.51.100.23", "203.0.113.7", "hunter2", "vch_live"):
        assert leak not in text


async def _log_a_request_and_a_warning(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "query WhoAmI { me { role } }", "operationName": "WhoAmI"},
        headers={"x-request-id": "req-abc-123"},
    )
    assert response.headers["x-request-id"] == "req-abc-123"
    logging.getLogger("vouch").warning(
        "login failed for ada@example.com from 198.51.100.23 with Bearer vch_live_abc_123",
        extra={"password": "hunter2", "email": "ada@example.com", "attempt": 2},
    )


async def test_uvicorn_colour_copies_of_messages_are_not_logged() -> None:
    with captured_logs("json") as out:
        logging.getLogger("uvicorn.error").info(
            "Uvicorn running on %s", "http://x", extra={"color_message": "\x1b[1mUvicorn\x1b[0m"}
        )
    line = json.loads(out.getvalue().splitlines()[0])
    assert line["event"] == "Uvicorn running on http://x" and "color_message" not in line


async def test_text_logs_are_not_json() -> None:
    with captured_logs("text") as out:
        logging.getLogger("vouch").info("hello from %s", "ada@example.com")
    err = out.getvalue()
    assert "hello from [email]" in err and not err.lstrip().startswith("{")


async def test_per_ip_limits_see_the_client_only_behind_a_trusted_proxy(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid, "ada@example.com"))["code"]
    app = _app(settings, clock, forwarded_allow_ips="10.0.0.1", redirect_limit="1/minute")

    async def visit(proxy: str, client_ip: str) -> int:
        transport = httpx.ASGITransport(app=app, client=(proxy, 5000))
        async with httpx.AsyncClient(
            transport=transport, base_url="https://vouch.example.com"
        ) as c:
            r = await c.get(f"/r/{code}", headers={"x-forwarded-for": client_ip})
            return r.status_code

    # Trusted proxy: two friends are two addresses, each within its own limit.
    assert await visit("10.0.0.1", "198.51.100.1") == 302
    assert await visit("10.0.0.1", "198.51.100.2") == 302
    assert await visit("10.0.0.1", "198.51.100.1") == 429
    # Untrusted proxy: its header is ignored, so everyone behind it shares its address.
    assert await visit("10.0.0.2", "198.51.100.3") == 302
    assert await visit("10.0.0.2", "198.51.100.4") == 429
