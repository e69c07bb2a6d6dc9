"""The redirect's hand-built answer is exactly what the libraries it replaces would build."""

from __future__ import annotations

import pytest
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.responses import RedirectResponse

from server.tracking.landing import RefCookieSerializer, landing_location, redirect

KEY = "0f" * 32


def _library_with_params(url: str, params: dict[str, str]) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com/",
        "https://shop.example.com/landing?utm_source=x&ref=old#top",
        "https://shop.example.com/p?a=&b=%20c&vt=keep",
        "http://shop.example.com",
        "https://shop.example.com/caf\u00e9?x=\u00fc",
    ],
)
@pytest.mark.parametrize("code", ["ABCD2345", "ab/c d+%"])
@pytest.mark.parametrize("visit_token", [None, "t-1_x"])
def test_landing_location_is_the_one_the_libraries_build(
    url: str, code: str, visit_token: str | None
) -> None:
    params = {"ref": code, "vw": "30", **({"vt": visit_token} if visit_token else {})}
    expected = RedirectResponse(_library_with_params(url, params)).headers["location"]
    assert landing_location(url, code, 30, visit_token) == expected
    assert landing_location(url, code, 30, visit_token) == expected  # cached split, same answer


@pytest.mark.parametrize("secure", [True, False])
@pytest.mark.parametrize("cookie", [None, "eyJjIjoiQUJDRCJ9.sig-_x"])
def test_redirect_headers_match_starlette(cookie: str | None, secure: bool) -> None:
    url = "https://shop.example.com/caf\u00e9?ref=ABCD&vw=30"
    ours = redirect(url, cookie=cookie, max_age=30 * 86400, secure=secure)
    theirs = RedirectResponse(
        url,
        status_code=302,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
    if cookie is not None:
        theirs.set_cookie(
            "vouch_ref", cookie, max_age=30 * 86400, httponly=True, samesite="lax", secure=secure
        )
    assert ours.status_code == 302
    assert sorted(ours.raw_headers) == sorted(theirs.raw_headers)
    assert ours.body == theirs.body


def test_ref_cookie_signature_is_itsdangerous_and_reads_both_ways() -> None:
    ours = RefCookieSerializer(KEY, salt="vouch-ref")
    theirs = URLSafeSerializer(KEY, salt="vouch-ref")
    value = {"c": "ABCD2345", "v": "Zm9vYmFyYmF6cXV4MTIzNA"}
    assert theirs.loads(ours.dumps(value)) == value
    assert ours.loads(theirs.dumps(value)) == value
    assert ours.dumps(value) == theirs.dumps(value)  # byte for byte: same key, digest, layout
    accented = {"c": "ABCD2345", "v": "caf\u00e9"}
    assert ours.dumps(accented) == theirs.dumps(accented)
    long = {"c": "A" * 500}  # a payload zlib shortens: the library compresses, we read it
    assert ours.loads(theirs.dumps(long)) == long
    assert ours.loads(ours.dumps(long)) == long
    forged = ours.dumps(value)[:-2] + "xx"
    with pytest.raises(BadSignature):
        ours.loads(forged)


@pytest.mark.parametrize(
    "value",
    [
        {"c": "ABCD2345"},
        {"c": "ABCD2345", "v": ""},
        {"c": 'a"b', "v": "back\\slash"},
        {"c": "tab\there", "v": "new\nline\x00\x1f\x7f"},
        {"c": "caf\u00e9 \u2028 \U0001f600"},
        {"c": 5, "v": None},
        {"n": {"c": "x"}},
        ["c", "v"],
    ],
)
def test_ref_cookie_payload_is_the_librarys_json(value: object) -> None:
    ours = RefCookieSerializer(KEY, salt="vouch-ref")
    theirs = URLSafeSerializer(KEY, salt="vouch-ref")
    assert ours.dumps(value) == theirs.dumps(value)
