"""The redirect's answer: a 302 to the landing page carrying `ref` (and `vw`, `vt`) and the
signed `vouch_ref` cookie, built with what stays the same between visits computed once.

Per visit only the visit token changes; the landing URL's parsed query, the cookie signer's
derived key and the header names do not. The answer is byte for byte what Starlette's
`RedirectResponse` + `set_cookie` and itsdangerous's `URLSafeSerializer` produce
(tests/unit/test_landing.py compares them).
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from itsdangerous import Signer, URLSafeSerializer
from itsdangerous.encoding import base64_encode
from starlette.responses import Response

COOKIE = "vouch_ref"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# What Starlette's RedirectResponse leaves unquoted in a Location header.
_LOCATION_SAFE = ":/%#?=@[]!$&'()*+,;"


class _KeyedOnce(Signer):
    """itsdangerous's Signer with the signing key derived once, not on every signature."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key = super().derive_key()

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        return self._key if secret_key is None else super().derive_key(secret_key)


class RefCookieSerializer(URLSafeSerializer):
    """`URLSafeSerializer` with one signer for its life and no zlib attempt: the cookie holds a
    code and a visit token (~60 bytes of JSON) that compression never shortens. `loads` reads
    compressed and plain payloads alike, so cookies signed either way stay valid."""

    def __init__(self, secret_key: str, *, salt: str) -> None:
        super().__init__(secret_key, salt=salt, signer=_KeyedOnce)
        self._signer = super().make_signer()

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        return self._signer if salt is None else super().make_signer(salt)

    def dump_payload(self, obj: Any) -> bytes:
        return base64_encode(self.serializer.dumps(obj, **self.serializer_kwargs).encode())


@functools.lru_cache(maxsize=4096)
def _landing_parts(url: str, ours: tuple[str, ...]) -> tuple[str, str, str, str, str]:
    """The landing URL split once: scheme, host, path, its own query without the parameters
    we set (already encoded) and fragment."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
    return parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment


def with_params(url: str, params: dict[str, str]) -> str:
    """Append params to a URL, keeping its own query (ours replace same-named ones)."""
    scheme, netloc, path, kept, fragment = _landing_parts(url, tuple(params))
    added = urlencode(params)
    query = f"{kept}&{added}" if kept and added else kept or added
    return urlunsplit((scheme, netloc, path, query, fragment))


def redirect(
    url: str, *, cookie: str | None = None, max_age: int = 0, secure: bool = False
) -> Response:
    """A 302 to `url` that no cache keeps, optionally setting the ref cookie (HttpOnly, Lax)."""
    response = Response(status_code=302, headers=NO_STORE)
    headers = response.raw_headers
    headers.append((b"location", quote(url, safe=_LOCATION_SAFE).encode("latin-1")))
    if cookie is not None:
        value = f"{COOKIE}={cookie}; HttpOnly; Max-Age={max_age}; Path=/; SameSite=lax"
        headers.append((b"set-cookie", (value + "; Secure" if secure else value).encode()))
    return response
