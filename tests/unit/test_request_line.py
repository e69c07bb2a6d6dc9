"""The request line's own rendering keeps what the general log path guarantees: the caller's
values masked, secret-named keys dropped, the configured layout, levels respected."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

from server import logs


@contextmanager
def configured(fmt: str, level: str = "info") -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    out = io.StringIO()
    logs.configure(fmt, level, stream=out)
    structlog.contextvars.bind_contextvars(request_id="vch_live_abc123")
    try:
        yield out
    finally:
        structlog.contextvars.clear_contextvars()
        root.handlers, root.level = saved
        logs._render_request = None
        logging.getLogger("uvicorn.access").disabled = False


def _line(**extra: object) -> None:
    logs.request_line(
        method="POST",
        route="/graphql",
        status=200,
        duration_ms=1.5,
        operation="Find ada@example.com from 10.1.2.3",
        caller_kind="staff",
        **extra,
    )


def test_json_request_line_masks_caller_values_and_drops_secret_keys() -> None:
    with configured("json") as out:
        _line(api_key="vch_live_abc123", client_addr="10.1.2.3")
    line = json.loads(out.getvalue())
    assert line["event"] == "request" and line["logger"] == "vouch.request"
    assert line["operation"] == "Find [email] from [ip]"
    assert line["request_id"] == "[secret]"
    assert "api_key" not in line and "client_addr" not in line
    assert (line["route"], line["status"], line["method"]) == ("/graphql", 200, "POST")
    assert line["level"] == "info" and line["timestamp"].endswith("Z")


def test_text_request_line_has_the_console_layout() -> None:
    with configured("text") as out:
        _line()
    text = out.getvalue().strip()
    assert not text.startswith("{")
    assert "[info     ] request" in text and "[vouch.request]" in text
    assert "operation=Find [email] from [ip]" in text and "status=200" in text


def test_request_line_respects_the_level() -> None:
    with configured("json", level="warning") as out:
        _line()
    assert out.getvalue() == ""


def test_a_filter_anywhere_on_the_way_still_sees_the_request_line() -> None:
    seen: list[str] = []

    def keep(record: logging.LogRecord) -> bool:
        seen.append(record.getMessage())
        return False  # and it can drop it

    with configured("json") as out:
        _line()  # straight to the handler's stream
        assert json.loads(out.getvalue())["route"] == "/graphql"
        handler = logging.getLogger().handlers[0]
        handler.addFilter(keep)
        try:
            _line()
        finally:
            handler.removeFilter(keep)
    assert len(seen) == 1 and json.loads(seen[0])["event"] == "request"
    assert len(out.getvalue().splitlines()) == 1  # the filtered line was not written


def test_a_generated_request_id_is_kept_and_a_callers_secret_is_masked() -> None:
    assert logs.mask("3f9a0c55e1b2d4a7") == "3f9a0c55e1b2d4a7"
    assert logs.mask("GET") == "GET"
    assert logs.mask("fe80::1:2:3") == "[ip]"
    # This machine's own addresses are nobody's: uvicorn's startup line stays readable.
    assert logs.mask("Uvicorn running on http://127.0.0.1:8000") == (
        "Uvicorn running on http://127.0.0.1:8000"
    )
    assert logs.mask("on http://0.0.0.0:8000 from 10.1.2.3") == "on http://0.0.0.0:8000 from [ip]"
    assert logs.mask("id vch_live_x") == "id [secret]"
    assert logs.mask("Bearer\x1fabc") == "Bearer [secret]"  # \\x1f is whitespace to the regex
    assert logs.mask("bearer\u00a0abc") == "Bearer [secret]"
