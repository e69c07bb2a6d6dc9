"""The SSRF guard for requests to URLs staff give (webhook endpoints, a campaign's landing
page): in production such a URL may only reach a public address, checked when it is saved and
again before every request (DNS can change in between), and the request then goes to the very
address that was checked: resolving the name a second time to connect would let a name that
answers a public address to the check and a private one to the connection (DNS rebinding)
through."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from server import urls
from server.webhooks import rules


class Refused(Exception):
    """The endpoint may not be reached."""


@dataclass(frozen=True, slots=True)
class Target:
    """How to send a request to a URL: to `url`, with these headers and httpx extensions."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)


async def check_destination(url: str) -> str:
    """Every address the host resolves to must be public; returns the one to connect to."""
    parts = urls.split(url)
    if parts is None or not parts.hostname:
        raise Refused("not a valid URL")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"cannot resolve {host}: {exc}") from None
    if not infos:
        raise Refused(f"cannot resolve {host}: no address")
    for info in infos:
        address = str(info[4][0])
        if rules.forbidden_address(address):
            raise Refused(f"refused: {host} resolves to a non-public address ({address})")
    return str(infos[0][4][0])


async def target(url: str, *, production: bool) -> Target:
    """Outside production the URL as it is; in production the URL with its host replaced by
    the checked address, the name kept for the `Host` header and for TLS (SNI and the
    certificate check), so the connection cannot resolve the name again. Either way a URL
    the client could not request (one saved before URLs were checked so) is refused."""
    if urls.absolute_http(url, schemes=rules.HTTP_SCHEMES) is None:
        raise Refused("not a valid http(s) URL")
    if not production:
        return Target(url)
    address = await check_destination(url)
    parts = urlsplit(url)
    literal = f"[{address}]" if ipaddress.ip_address(address).version == 6 else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return Target(pinned, {"host": parts.netloc}, {"sni_hostname": parts.hostname or ""})
