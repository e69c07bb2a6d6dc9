"""URLs read from outside: split without raising, and checked before one is saved.

`urllib.parse.urlsplit` raises ValueError on some malformed text (`//[x`, an unclosed IPv6
literal) and `.port` on a port that is not a number from 0 to 65535: text from a provider's
payload or a shopper's browser must never turn into an unhandled error. A URL staff save to be
requested or linked to later (a webhook endpoint, a landing page, a logo) must also be one an
HTTP client can use: a host name or address, a port from 1 to 65535, no spaces or control
characters (the client would refuse it at every delivery instead)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

# One DNS label (underscores allowed, as some hosts use them), dot-separated, optional root dot.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
MAX_HOST = 253


def split(text: str) -> SplitResult | None:
    """The URL's parts, or None when it cannot be split or its port is not a number."""
    try:
        parts = urlsplit(text)
        _ = parts.port, parts.hostname
    except ValueError:
        return None
    return parts


def _host_ok(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return True
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return len(ascii_host) <= MAX_HOST and _HOST.fullmatch(ascii_host.lower()) is not None


def absolute_http(url: str, *, schemes: frozenset[str]) -> SplitResult | None:
    """The parts of an absolute URL with one of `schemes` that an HTTP client can request,
    else None."""
    if any(c <= " " or c == "\x7f" or c == "\\" for c in url):
        return None
    parts = split(url)
    if parts is None or parts.scheme not in schemes or not parts.hostname:
        return None
    if parts.port is not None and not 1 <= parts.port <= 65535:
        return None
    return parts if _host_ok(parts.hostname) else None
