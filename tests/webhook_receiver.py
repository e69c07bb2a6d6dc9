"""A real HTTP receiver for outbound webhook tests: uvicorn on 127.0.0.1, verifying every
request with the Standard Webhooks library the way a customer's server would."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    payload: Any
    # Which of the receiver's secrets verified it (index into Receiver.secrets).
    verified_by: list[int]


@dataclass
class Receiver:
    url: str = ""
    secrets: list[str] = field(default_factory=list)
    # "ok", "fail" (HTTP 500), "slow" (answers after `slow_seconds`), "binary" (a 200 whose
    # body is bytes with NUL in them, as an image or a compressed answer has) or "binary-fail"
    # (the same with HTTP 500).
    mode: str = "ok"
    slow_seconds: float = 3.0
    received: list[Received] = field(default_factory=list)

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        headers = dict(request.headers)
        verified = []
        for i, secret in enumerate(self.secrets):
            with contextlib.suppress(WebhookVerificationError):
                Webhook(secret).verify(body, headers)
                verified.append(i)
        payload = json.loads(body) if verified else None
        self.received.append(Received(headers, body, payload, verified))
        if not verified:
            return JSONResponse({"error": "bad signature"}, status_code=401)
        if self.mode == "fail":
            return JSONResponse({"error": "receiver is down"}, status_code=500)
        if self.mode.startswith("binary"):
            status = 500 if self.mode == "binary-fail" else 200
            return Response(b"\x89PNG\x00\x00\x00\rIHDR\x00", status_code=status)
        if self.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        return JSONResponse({"ok": True, "seen": len(self.received)})

    def payloads(self) -> list[Any]:
        return [r.payload for r in self.received if r.verified_by]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serve_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = Starlette(routes=[Route("/hook", receiver.handle, methods=["POST"])])
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    receiver.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task
