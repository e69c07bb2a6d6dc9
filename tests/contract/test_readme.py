"""The README's Quickstart and example operations must stay true."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import httpx

from server import demo
from server.clock import FrozenClock
from tests.conftest import gql

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_quickstart_is_two_commands_first() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quickstart, flags=re.S)
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/vouch up",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest",
    ]


def _user_errors(value: object) -> list[object]:
    if isinstance(value, dict):
        found: list[object] = [value] if {"code", "message"} <= value.keys() else []
        return found + [e for v in value.values() for e in _user_errors(v)]
    if isinstance(value, list):
        return [e for v in value for e in _user_errors(v)]
    return []


async def test_example_operations_work_on_demo_data(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    await demo.seed(clock=clock)
    runnable = README.split("These work as written", 1)[1]
    examples = re.findall(r"```graphql\n(.*?)```", runnable, flags=re.S)
    assert len(examples) >= 4
    for text in examples:
        data = await gql(client, text)
        assert not _user_errors(data), (text, data)
        assert all(value is not None for value in data.values()), (text, data)


async def test_rehearse_preflight_go_live_flow_as_documented(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """The section's examples, in order, do what its prose says on the demo's rehearsal."""
    await demo.seed(clock=clock)
    section = README.split("## Rehearse, preflight, go live", 1)[1].split("\n## ", 1)[0]
    advance, preflight, go_live = re.findall(r"```graphql\n(.*?)```", section, flags=re.S)

    advanced = (await gql(client, advance))["advanceTestClock"]
    assert advanced["campaign"] == {
        "slug": "spring-rehearsal",
        "testMode": True,
        "testClock": advanced["campaign"]["testClock"],
    }
    report = (await gql(client, preflight))["campaignPreflight"]
    assert report["warnings"] == []
    journeys = report["journeys"]
    assert sum(j["newAdvocate"] for j in journeys) == 2 and len(journeys) > 2
    shared = [j for j in journeys if j["coupon"] is None]
    assert all(j["creditedCode"] == j["clickedCode"] for j in shared)
    for j in shared:
        paid = {(p["recipient"], p["email"]) for p in j["payees"]}
        assert paid <= {("ADVOCATE", j["sharerEmail"]), ("FRIEND", j["friendEmail"])}, j
    assert any(j["payees"] for j in shared)
    live = (await gql(client, go_live))["goLive"]
    assert live["testMode"] is False and live["stats"] == {"clicks": 0, "conversions": 0}
    assert datetime.fromisoformat(live["testClock"]) == clock.now()
