"""HTTP hardening that applies to every route: security headers and body size, one layer."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "errors": [
                {
                    "message": f"Request body over {limit} bytes.",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                }
            ]
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Every HTML page gets a Content-Security-Policy. A page that needs more than nothing declares
# its own with `html_policy` (hashes of its inline blocks, computed once from its template);
# any other HTML answer gets this one, which allows no script, style, frame or form at all.
STRICT_HTML_POLICY = (
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_INLINE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)


def html_policy(template: str, *, sources: Iterable[str] = ()) -> str:
    """A strict policy for one of our own static HTML templates: its inline `<script>` and
    `<style>` blocks allowed by SHA-256 hash (never 'unsafe-inline'), external files only from
    `sources`, connections only to this origin. Never call it on HTML holding user input."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for tag, attributes, body in _INLINE.findall(template):
        if "src=" in (attributes or "").lower():
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes[tag.lower()].append(f"'sha256-{digest}'")
    hosts = sorted(set(sources))
    script = " ".join([*hashes["script"], *hosts]) or "'none'"
    style = " ".join([*hashes["style"], *hosts]) or "'none'"
    fonts = " ".join(hosts) or "'none'"
    return (
        f"default-src 'none'; script-src {script}; style-src {style}; font-src {fonts}; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


class SecurityHeaders:
    """Conservative defaults on every answer; HTML pages get a strict policy unless they set a
    (still strict) one of their own. With `body_limit`, request bodies over that many bytes
    are refused with 413, whether or not Content-Length is sent. One layer for both: every
    ASGI layer costs each request a wrapped `send`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hsts: bool,
        body_limit: int | None = None,
        larger_bodies: tuple[str, int] | None = None,
    ) -> None:
        self.app = app
        self.limit = body_limit
        # (path prefix, limit): routes whose bodies come from elsewhere at their own size.
        self.larger = larger_bodies
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            *([(b"strict-transport-security", b"max-age=31536000")] if hsts else []),
        ]
        # Built once: per answer only the ones the route did not set itself are added.
        self.html = [*common, (b"content-security-policy", STRICT_HTML_POLICY.encode())]
        self.other = [
            *common,
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
        ]

    def _with_headers(self, message: Message) -> Message:
        headers = list(message.get("headers", []))
        names = set()
        html = False
        for name, value in headers:  # one pass: the names set, and whether it is HTML
            lowered = name.lower()
            names.add(lowered)
            if lowered == b"content-type" and value.startswith(b"text/html"):
                html = True
        extra = self.html if html else self.other
        headers += [(k, v) for k, v in extra if k not in names]
        return {**message, "headers": headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = self._with_headers(message)
            await send(message)

        limit = self.limit
        if limit is not None and self.larger is not None:
            prefix, larger = self.larger
            if scope["path"].startswith(prefix):
                limit = max(limit, larger)
        if limit is None:
            await self.app(scope, receive, with_headers)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(with_headers, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, with_headers)
        except BodyTooLarge:
            if not started:
                await _too_large(with_headers, limit)
