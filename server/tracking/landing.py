"""The redirect's answer: a 302 to the landing page carrying `ref` (and `vw`, `vt`) and the
signed `vouch_ref` cookie, built with what stays the same between visits computed once.

Per visit only the code and the visit token change; the landing URL's split (and quoted)
query, the cookie signer's derived key and the fixed headers do not. The answer is byte for
byte what Starlette's `RedirectResponse` + `set_cookie`, `urlencode` and itsdangerous's
`URLSafeSerializer` produce (tests/unit/test_landing.py compares them).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import re
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from itsdangerous import URLSafeSerializer
from starlette.responses import Response

COOKIE = "vouch_ref"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# What Starlette's RedirectResponse leaves unquoted in a Location header.
_LOCATION_SAFE = ":/%#?=@[]!$&'()*+,;"
# What Starlette's Response(status_code=302, headers=NO_STORE) starts with.
_FIXED = [
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-length", b"0"),
]


# itsdangerous's compact JSON, its encoder built once (json.dumps builds one per call when
# given options).
_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# What that encoder writes unescaped (ensure_ascii=False escapes only `"`, `\` and control
# characters): a string made of these alone is encoded as itself between quotes.
_PLAIN = re.compile(r'[^\x00-\x1f"\\]*')


def _compact(obj: Any) -> str:
    """`_COMPACT_JSON.encode(obj)`; a cookie's flat dict of plain strings (a code, a visit
    token) is written directly, at a fraction of the encoder's cost."""
    if type(obj) is dict and all(
        type(k) is str and type(v) is str and _PLAIN.fullmatch(k) and _PLAIN.fullmatch(v)
        for k, v in obj.items()
    ):
        return "{" + ",".join([f'"{k}":"{v}"' for k, v in obj.items()]) + "}"
    return _COMPACT_JSON.encode(obj)


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


class RefCookieSerializer(URLSafeSerializer):
    """`URLSafeSerializer` whose `dumps` signs with the key derived once and one HMAC call, and
    never tries zlib: the cookie holds a code and a visit token (~60 bytes of JSON) that
    compression never shortens. `loads` is the library's: compressed and plain payloads read
    alike, so cookies signed either way stay valid."""

    def __init__(self, secret_key: str, *, salt: str) -> None:
        super().__init__(secret_key, salt=salt)
        signer = super().make_signer()
        # The library's defaults, which the test compares against: django-concat key
        # derivation, HMAC-SHA1 signatures, "." between payload and signature.
        # An HMAC keyed once and copied per cookie: OpenSSL 3 looks the digest up on every
        # one-shot call (~5 us), a copy costs a fraction of that.
        self._mac = hmac.new(signer.derive_key(), digestmod=hashlib.sha1)
        self._sep = signer.sep

    def dumps(self, obj: Any, salt: str | bytes | None = None) -> str:
        if salt is not None:
            return super().dumps(obj, salt)
        payload = _b64(_compact(obj).encode())
        mac = self._mac.copy()
        mac.update(payload)
        return (payload + self._sep + _b64(mac.digest())).decode()


@functools.lru_cache(maxsize=4096)
def _landing_parts(url: str, with_token: bool) -> tuple[str, str]:
    """The landing URL split once, quoted as a Location header: everything up to our
    parameters (its own query without the ones we set, then `&`) and its `#fragment`."""
    ours = ("ref", "vw", "vt") if with_token else ("ref", "vw")
    parts = urlsplit(url)
    kept = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
    )
    head = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")) + "?"
    head += f"{kept}&" if kept else ""
    tail = f"#{parts.fragment}" if parts.fragment else ""
    return quote(head, safe=_LOCATION_SAFE), quote(tail, safe=_LOCATION_SAFE)


def landing_location(url: str, code: str, window_days: int, visit_token: str | None) -> str:
    """`url` with `ref`, `vw` (and `vt`) set, quoted as Starlette quotes a Location. Our own
    values come out of `quote_plus` holding only characters the Location quoting keeps."""
    head, tail = _landing_parts(url, visit_token is not None)
    query = f"ref={quote_plus(code)}&vw={window_days}"
    if visit_token is not None:
        query += f"&vt={quote_plus(visit_token)}"
    return head + query + tail


class _Redirect(Response):
    """A 302 with its raw headers given: no header mapping to convert per answer."""

    def __init__(self, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self.status_code = 302
        self.background = None
        self.body = b""
        self.raw_headers = raw_headers


def redirect_quoted(
    location: str, *, cookie: str | None = None, max_age: int = 0, secure: bool = False
) -> Response:
    """A 302 to an already quoted `location` that no cache keeps, optionally setting the ref
    cookie (HttpOnly, Lax)."""
    headers = [*_FIXED, (b"location", location.encode("latin-1"))]
    if cookie is not None:
        value = f"{COOKIE}={cookie}; HttpOnly; Max-Age={max_age}; Path=/; SameSite=lax"
        headers.append((b"set-cookie", (value + "; Secure" if secure else value).encode()))
    return _Redirect(headers)


def redirect(
    url: str, *, cookie: str | None = None, max_age: int = 0, secure: bool = False
) -> Response:
    """A 302 to `url` (quoted as Starlette's RedirectResponse quotes it)."""
    return redirect_quoted(
        quote(url, safe=_LOCATION_SAFE), cookie=cookie, max_age=max_age, secure=secure
    )
