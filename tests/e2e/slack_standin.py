"""A local stand-in for Slack's Web API and response URLs: it records every call and
answers the way Slack does, so the real bot runs end to end without Slack."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Callable, Generator
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
    answer: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """Everything a reader would see: fallback text and blocks, as JSON."""
        return json.dumps([self.params.get("text"), self.params.get("blocks")])


@dataclass
class SlackStandIn:
    calls: list[Call] = field(default_factory=list)
    # Messages "in" each channel, newest last, as conversations.history returns them.
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Channels the bot joined: only those can be read back.
    members: set[str] = field(default_factory=set)
    # Slack method names that answer ok=false once, to simulate a failing Slack.
    fail_next: set[str] = field(default_factory=set)
    # Slack method names answered once with HTTP 429 and this Retry-After (seconds).
    rate_limit_next: dict[str, int] = field(default_factory=dict)
    # Methods whose answer never comes (Slack did the work; the caller "crashes" waiting).
    hold: set[str] = field(default_factory=set)
    _ts: int = 0
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def record(self, call: Call) -> None:
        self.calls.append(call)
        self._changed.set()

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        await self.wait_until(lambda: len(self.of(method)) >= count)
        return self.of(method)

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait, with a deadline, until the recorded calls satisfy `condition`."""
        try:
            async with asyncio.timeout(30):
                while not condition():
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"condition never met; calls: {self.calls!r}") from None

    def _next_ts(self) -> str:
        self._ts += 1
        return f"1700000000.{self._ts:06d}"

    async def api(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await _params(request)
        call = Call(method, params)
        if method in self.rate_limit_next:
            wait = self.rate_limit_next.pop(method)
            call.answer = {"ok": False, "error": "ratelimited"}
            self.record(call)
            return JSONResponse(call.answer, status_code=429, headers={"Retry-After": str(wait)})
        if method in self.fail_next:
            self.fail_next.discard(method)
            self.record(call)
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
        elif method == "conversations.join":
            self.members.add(params["channel"])
            answer |= {"channel": {"id": params["channel"]}}
        elif method == "conversations.history":
            if params["channel"] not in self.members:
                # Like Slack: posting with chat:write.public needs no membership, reading does.
                answer = {"ok": False, "error": "not_in_channel"}
            else:
                newest_first = list(reversed(self.history.get(params["channel"], [])))
                answer |= {"messages": newest_first, "has_more": False}
        elif method == "chat.postEphemeral":
            answer |= {"message_ts": self._next_ts()}
        elif method in ("views.open", "views.publish"):
            answer |= {"view": {"id": "V1"}}
        call.answer = answer
        self.record(call)
        if method in self.hold:
            await self._release.wait()
        return JSONResponse(answer)

    def release(self) -> None:
        self.hold.clear()
        self._release.set()

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


class Served:
    """`app` served on 127.0.0.1 in this event loop; it can stop and start again on the
    same port (the API "restarting" under the bot)."""

    def __init__(self, app: ASGIApp, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", ws="websockets-sansio"
        )
        server = self._server = _Server(config)
        task = self._task = asyncio.create_task(server.serve())
        async with asyncio.timeout(10):
            while not server.started:
                if task.done():
                    task.result()
                    raise AssertionError("server exited at start")
                await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
            self._server = self._task = None


@contextlib.asynccontextmanager
async def serve(app: ASGIApp, port: int | None = None) -> AsyncIterator[str]:
    served = Served(app, port)
    await served.start()
    try:
        yield served.url
    finally:
        await served.stop()
