"""A local stand-in for Slack's Web API and response URLs: it records every call and
answers the way Slack does, so the real bot runs end to end without Slack."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import AsyncIterator, Generator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp


@dataclass
class Call:
    method: str
    params: dict[str, Any]

    def text(self) -> str:
        """Everything a reader would see: fallback text and blocks, as JSON."""
        return json.dumps([self.params.get("text"), self.params.get("blocks")])


@dataclass
class SlackStandIn:
    calls: list[Call] = field(default_factory=list)
    # Messages "in" each channel, newest last, as conversations.history returns them.
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Slack method names that answer ok=false once, to simulate a failing Slack.
    fail_next: set[str] = field(default_factory=set)
    _ts: int = 0
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def record(self, call: Call) -> None:
        self.calls.append(call)
        self._changed.set()

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """Poll for the recorded calls with a deadline (never a sleep-as-assertion)."""
        try:
            async with asyncio.timeout(10):
                while len(self.of(method)) < count:
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"expected {count} {method} call(s), got {self.calls!r}") from None
        return self.of(method)

    def _next_ts(self) -> str:
        self._ts += 1
        return f"1700000000.{self._ts:06d}"

    async def api(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await _params(request)
        self.record(Call(method, params))
        if method in self.fail_next:
            self.fail_next.discard(method)
            return JSONResponse({"ok": False, "error": "internal_error"})
        answer: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            answer |= {"user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Acme"}
        elif method == "chat.postMessage":
            ts = self._next_ts()
            channel = params["channel"]
            message = {"type": "message", "ts": ts, "text": params.get("text")}
            if "metadata" in params:
                message["metadata"] = _json(params["metadata"])
            self.history.setdefault(channel, []).append(message)
            answer |= {"channel": channel, "ts": ts, "message": message}
        elif method == "chat.update":
            answer |= {"channel": params["channel"], "ts": params["ts"]}
        elif method == "conversations.history":
            newest_first = list(reversed(self.history.get(params["channel"], [])))
            answer |= {"messages": newest_first, "has_more": False}
        elif method == "chat.postEphemeral":
            answer |= {"message_ts": self._next_ts()}
        elif method in ("views.open", "views.publish"):
            answer |= {"view": {"id": "V1"}}
        return JSONResponse(answer)

    async def respond(self, request: Request) -> JSONResponse:
        """A slash command's or action's response_url."""
        self.record(Call("response_url", await request.json()))
        return JSONResponse({"ok": True})

    def asgi(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/{method}", self.api, methods=["POST", "GET"]),
                Route("/respond/{id}", self.respond, methods=["POST"]),
            ]
        )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        body: dict[str, Any] = await request.json()
        return body
    params: dict[str, Any] = dict(request.query_params)
    params.update(parse_qsl((await request.body()).decode()))
    for key in ("blocks", "metadata", "view"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params


class _Server(uvicorn.Server):
    """Served inside the test's event loop; pytest keeps its own signal handlers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serve(app: ASGIApp, port: int | None = None) -> AsyncIterator[str]:
    """Run `app` on 127.0.0.1 in this event loop; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio"
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 10
    while not server.started:
        if task.done() or time.monotonic() > deadline:
            task.result()
            raise AssertionError("server did not start")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
