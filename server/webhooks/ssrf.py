"""The SSRF guard: in production an endpoint may only be a public address, checked when it
is saved and again at every delivery (DNS can change in between)."""

from __future__ import annotations

import asyncio
import socket
from urllib.parse import urlsplit

from server.webhooks import rules


class Refused(Exception):
    """The endpoint may not be reached."""


async def check_destination(url: str) -> None:
    """Every address the host resolves to must be public (checked at each delivery)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"cannot resolve {host}: {exc}") from None
    for info in infos:
        address = str(info[4][0])
        if rules.forbidden_address(address):
            raise Refused(f"refused: {host} resolves to a non-public address ({address})")
