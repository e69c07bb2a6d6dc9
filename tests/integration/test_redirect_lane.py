"""The redirect's own lane (server/tracking/lane.py) answers and logs exactly as the whole
middleware stack does for every other route: same headers, request line, client address rule
and 500s."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Router

from server.app import create_app
from server.clock import FrozenClock
from server.referrals import service
from server.settings import Settings
from tests.factories import enroll, live_campaign
from tests.integration.test_observability import captured_logs

_VISIT = re.compile(r"(vt=|vouch_ref=)[^&;]+")


def _reference(app: Starlette) -> Starlette:
    """The same routes and middleware through Starlette's own stack, as other routes go."""
    return Starlette(routes=app.routes, middleware=app.user_middleware)


async def _answers(app: Starlette, paths: list[tuple[str, str]]) -> list[Any]:
    transport = httpx.ASGITransport(app=app, client=("10.0.0.1", 4242), raise_app_exceptions=False)
    found = []
    async with httpx.AsyncClient(transport=transport, base_url="https://vouch.example.com") as c:
        for method, path in paths:
            r = await c.request(
                method,
                path,
                headers={"x-request-id": "req-lane-0001", "x-forwarded-for": "198.51.100.9"},
            )
            # Each visit has its own token; everything else must match.
            headers = sorted((k, _VISIT.sub(r"\1*", v)) for k, v in r.headers.multi_items())
            found.append((method, path, r.status_code, headers, r.content))
    return found


def _request_lines(out: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines() if line]
    requests = [line for line in lines if line.get("event") == "request"]
    for line in requests:
        del line["timestamp"], line["duration_ms"]
    return requests


async def test_redirects_answer_and_log_as_the_whole_stack_does(
    client: httpx.AsyncClient,
    settings: Settings,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cid = await live_campaign(client, landingUrl="https://shop.example.com/join?x=1#top")
    code = (await enroll(client, cid))["code"]
    app = create_app(
        settings.model_copy(update={"forwarded_allow_ips": "10.0.0.1"}),
        clock=clock,
        manage_db=False,
        run_jobs=False,
    )
    paths = [
        ("GET", f"/r/{code}"),
        ("HEAD", f"/r/{code}"),
        ("GET", "/r/NOSUCHCODE"),
        ("GET", "/r/give-10/nosuchvanity"),
        ("POST", f"/r/{code}"),  # not a redirect method: the whole stack's 405
        ("GET", "/r/"),
    ]
    with captured_logs("json") as out:
        lane = await _answers(app, paths)
        lane_lines = _request_lines(out.getvalue())
    with captured_logs("json") as out:
        whole = await _answers(_reference(app), paths)
        whole_lines = _request_lines(out.getvalue())
    assert lane == whole
    assert [a[2] for a in lane] == [302, 302, 404, 404, 405, 404]
    assert lane_lines == whole_lines and len(lane_lines) == len(paths)
    assert {line["request_id"] for line in lane_lines} == {"req-lane-0001"}

    async def broken(*_args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(service, "link_for_redirect", broken)
    with captured_logs("json") as out:
        lane = await _answers(app, paths[:1])
        lane_lines = _request_lines(out.getvalue())
    with captured_logs("json") as out:
        whole = await _answers(_reference(app), paths[:1])
        whole_lines = _request_lines(out.getvalue())
    assert lane == whole and lane[0][2] == 500
    assert lane_lines == whole_lines and lane_lines[0]["status"] == 500


async def test_redirects_do_not_go_through_the_router(
    client: httpx.AsyncClient,
    settings: Settings,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    app = create_app(settings, clock=clock, manage_db=False, run_jobs=False)

    async def unreachable(*_args: Any) -> None:
        raise AssertionError("the router was used")

    monkeypatch.setattr(Router, "__call__", unreachable)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://vouch.example.com") as c:
        assert (await c.get(f"/r/{code}")).status_code == 302
        assert (await c.get("/healthz")).status_code == 500


# The caller's budget left moves from request to request.
_LEFT = re.compile(rb'("remaining":\s*)\d+')


async def _graphql_answers(app: Starlette, router_used: list[int]) -> tuple[list[Any], list[bool]]:
    transport = httpx.ASGITransport(app=app, client=("10.0.0.1", 4242), raise_app_exceptions=False)
    found: list[Any] = []
    routed: list[bool] = []
    posts = [
        ("application/json", b'{"query": "{ __typename }"}'),
        ("application/json; charset=utf-8", b'{"query": "{ nosuchfield }"}'),
        ("application/json", b"not json"),
        ("text/plain", b"{ __typename }"),  # the whole stack (refused)
        ("multipart/form-data; boundary=x", b"--x\r\nbroken"),  # the whole stack
    ]
    async with httpx.AsyncClient(transport=transport, base_url="https://vouch.example.com") as c:
        for content_type, body in posts:
            used = len(router_used)
            r = await c.post(
                "/graphql",
                headers={"x-request-id": "req-lane-0002", "content-type": content_type},
                content=body,
            )
            headers = sorted(
                (k, v) for k, v in r.headers.multi_items() if k != "ratelimit-remaining"
            )
            found.append((r.status_code, headers, _LEFT.sub(rb"\1*", r.content)))
            routed.append(len(router_used) > used)
    return found, routed


async def test_graphql_json_posts_answer_and_log_as_the_whole_stack_does(
    settings: Settings, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(settings, clock=clock, manage_db=False, run_jobs=False)
    router_used: list[int] = []
    call = Router.__call__

    async def counted(self: Router, *args: Any) -> None:
        router_used.append(1)
        await call(self, *args)

    monkeypatch.setattr(Router, "__call__", counted)
    with captured_logs("json") as out:
        lane, lane_routed = await _graphql_answers(app, router_used)
        lane_lines = _request_lines(out.getvalue())
    with captured_logs("json") as out:
        whole, whole_routed = await _graphql_answers(_reference(app), router_used)
        whole_lines = _request_lines(out.getvalue())
    assert lane == whole
    assert [a[0] for a in lane] == [200, 200, 400, 400, 400]
    # JSON posts skip the router; every other request takes the whole stack, as all do there.
    assert lane_routed == [False, False, False, True, True]
    assert all(whole_routed)
    assert lane_lines == whole_lines and len(lane_lines) == 5
