"""Production hardening of what the server says about itself and what it writes down: no
`server` header, a strict Content-Security-Policy on every HTML page, logs without raw client
addresses, and a client's X-Request-Id limited before it reaches logs or the audit table."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import re
import shlex
from pathlib import Path

import httpx
import uvicorn
import websockets
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from server.audit.models import AuditEvent
from server.middleware import STRICT_HTML_POLICY, SecurityHeaders
from server.serving import uvicorn_options
from tests.integration.test_notifications import _free_port

INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def _hashes(html: str, tag: str) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for found, body in INLINE.findall(html)
        if found == tag
    }


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {name: values for name, *values in parts}


async def test_every_html_page_has_a_strict_policy(anonymous: httpx.AsyncClient) -> None:
    missing = await anonymous.get("/r/NO-SUCH-CODE")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    policy = _directives(missing.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    # Its one inline style is allowed by hash, nothing else and nothing inline.
    assert set(policy["style-src"]) == _hashes(missing.text, "style") != set()
    assert policy["script-src"] == ["'none'"]
    assert "unsafe-inline" not in missing.headers["content-security-policy"]

    # GraphiQL (development only): its inline script by hash, its files from one CDN.
    ide = await anonymous.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and ide.headers["content-type"].startswith("text/html")
    policy = _directives(ide.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert set(policy["script-src"]) == _hashes(ide.text, "script") | {"https://unpkg.com"}
    assert set(policy["style-src"]) == _hashes(ide.text, "style") | {"https://unpkg.com"}
    assert "unsafe" not in ide.headers["content-security-policy"]


async def test_html_without_a_policy_of_its_own_gets_the_strictest() -> None:
    async def page(_request: object) -> HTMLResponse:
        return HTMLResponse("<p>hello</p>")

    app = SecurityHeaders(Starlette(routes=[Route("/", page)]), hsts=True)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://x.example.com"
    ) as c:
        response = await c.get("/")
    assert response.headers["content-security-policy"] == STRICT_HTML_POLICY


LOGIN = 'mutation($e: String!) { login(email: $e, password: "wrong-pw") { __typename } }'


async def test_a_clients_request_id_is_limited(anonymous: httpx.AsyncClient) -> None:
    given = [
        "req-42.abc:Z_9",  # kept
        "a" * 65,
        "<script>alert(1)</script>",
        "two words",
        "naïve",
        "\x1b[31mred",
        "",
    ]
    for n, value in enumerate(given):
        await anonymous.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"e": f"u{n}@example.com"}},
            headers={b"x-request-id": value.encode()},
        )
    stored = [
        e.request_id for e in await AuditEvent.filter(action="staff.login_failed").order_by("id")
    ]
    assert len(stored) == len(given)
    assert stored[0] == "req-42.abc:Z_9"
    for replaced in stored[1:]:
        assert replaced is not None and re.fullmatch(r"[0-9a-f]{16}", replaced), replaced


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def test_uvicorn_sends_no_server_header_and_logs_no_client_address(
    anonymous: httpx.AsyncClient, app: Starlette
) -> None:
    port = _free_port()
    # The options `vouch serve` runs with; uvicorn configures its loggers here.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan="off", **uvicorn_options("info")
    )
    collect = _Collect()
    for name in ("uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).addHandler(collect)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.01)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c:
            response = await c.get("/healthz")
        assert response.status_code == 200
        assert "server" not in response.headers
        ws = await websockets.connect(
            f"ws://127.0.0.1:{port}/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        )
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        await ws.wait_closed()
    finally:
        server.should_exit = True
        await task
        for name in ("uvicorn.access", "uvicorn.error"):
            logging.getLogger(name).removeHandler(collect)
    access = [line for line in collect.lines if "GET /healthz" in line]
    sockets = [line for line in collect.lines if '"WebSocket /graphql"' in line]
    assert access and sockets, collect.lines
    for line in access + sockets:
        assert "127.0.0.1" not in line and re.match(r"ip:[0-9a-f]{12} - ", line), line


def test_the_procfile_runs_uvicorn_the_same_way() -> None:
    procfile = Path(__file__).resolve().parents[2] / "Procfile"
    web = next(
        line.split(":", 1)[1] for line in procfile.read_text().splitlines() if line[:4] == "web:"
    )
    argv = shlex.split(web.replace("$PORT", "8000"))
    assert argv[0] == "uvicorn"
    params = uvicorn.main.make_context("uvicorn", argv[1:]).params
    options = uvicorn_options("info")
    assert params["server_header"] is options["server_header"] is False
    assert params["proxy_headers"] is options["proxy_headers"] is False
