"""HTTP mode verifies every request; Socket Mode (no signatures) relies on its app token."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt.middleware.request_verification.async_request_verification import (
    AsyncRequestVerification,
)

from bot.app import build_app
from tests.unit.test_bot_announcer import deps


async def test_http_mode_verifies_requests_and_socket_mode_does_not_need_to() -> None:
    http = deps()
    socket = replace(http, settings=replace(http.settings, signing_secret=None, app_token="xapp"))
    try:
        verifying = [
            any(
                isinstance(m, AsyncRequestVerification) for m in build_app(d)._async_middleware_list
            )
            for d in (http, socket)
        ]
    finally:
        await http.api.aclose()
    assert verifying == [True, False]
    assert build_app(http).client.base_url == "https://slack.com/api/"
