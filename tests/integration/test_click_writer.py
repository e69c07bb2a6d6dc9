"""Redirects never wait behind conversions: a click is acknowledged while conversion
transactions are open or queued (issue #12)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import Context
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from server import db
from server.analytics import rollups
from server.referrals.models import Click, Conversion
from tests.conftest import make_client
from tests.factories import click, convert, enroll, live_campaign, signup

T = TypeVar("T")


async def _first(reached: list[int], orders: dict[int, asyncio.Task[Any]]) -> tuple[int, int]:
    """Wait until one conversion holds its transaction open at its counters; which one gets
    there first is the scheduler's choice (the other then waits on that one's row or lock)."""
    async with asyncio.timeout(20):
        while not reached:
            for order in orders.values():
                assert not order.done(), order.result()
            await asyncio.sleep(0.01)
    first = reached[0]
    return first, 3 - first


def _task(work: Awaitable[T]) -> asyncio.Task[T]:
    # A request of its own, as the server runs it: none of this test's context.
    async def run() -> T:
        return await work

    return asyncio.create_task(run(), context=Context())


async def test_a_redirect_completes_while_conversion_transactions_are_held_open(
    client: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = await live_campaign(client)
    friends = []
    for n in (1, 2):
        code = (await enroll(client, cid, f"adv{n}@example.com"))["code"]
        token = await click(client, code)
        await signup(client, visitToken=token, email=f"friend{n}@example.org")
        friends.append(token)
        # A first order before: the held ones are repeat orders. (A referral's first order
        # also counts it as converted on the day's click row, which on PostgreSQL locks that
        # row until the conversion commits: a click of the same campaign and day waits.)
        first = await convert(
            client,
            f"k-first-order-{n}",
            f"first-{n}",
            visitToken=token,
            email=f"friend{n}@example.org",
        )
        assert first["__typename"] == "ConversionRecorded", first
    shared = (await enroll(client, cid, "ada@example.com"))["code"]

    # Each conversion stops at its counters, inside its transaction with all its writes done,
    # until the test lets it commit.
    gates = {n: asyncio.Event() for n in (1, 2)}
    reached: list[int] = []
    original = rollups.conversion_recorded

    async def held(conn: Any, *, conversion: Any, **given: Any) -> None:
        await original(conn, conversion=conversion, **given)
        n = 1 if conversion.external_order_id == "o-1" else 2
        reached.append(n)
        await gates[n].wait()

    monkeypatch.setattr(rollups, "conversion_recorded", held)
    sqlite = db.dialect() == "sqlite"

    token = client.headers["authorization"].removeprefix("Bearer ")
    async with make_client(app, token) as shop, make_client(app) as visitor:
        orders = {
            n: _task(
                convert(
                    shop,
                    f"k-held-order-{n}",
                    f"o-{n}",
                    visitToken=friends[n - 1],
                    email=f"friend{n}@example.org",
                )
            )
            for n in (1, 2)
        }
        holder, waiter = await _first(reached, orders)  # a conversion's transaction is open
        redirect = _task(visitor.get(f"/r/{shared}", headers={"user-agent": "Held/1"}))
        if sqlite:
            # One writer at a time: the click takes the write lock when the open
            # conversion commits, before the queued one, which is still to come.
            await asyncio.sleep(0.2)
            assert not redirect.done()
            gates[holder].set()
        done = await asyncio.wait_for(redirect, timeout=20)
        assert done.status_code == 302
        # Acknowledged while a conversion transaction is still open (on PostgreSQL the first:
        # the second waits for its counters' row); the click is committed.
        assert not orders[waiter].done() and not gates[waiter].is_set()
        assert sqlite or not orders[holder].done()
        for gate in gates.values():
            gate.set()
        results = [await asyncio.wait_for(orders[n], timeout=20) for n in (1, 2)]
    assert [r["__typename"] for r in results] == ["ConversionRecorded"] * 2, results
    assert await Conversion.all().count() == 4
    vt = parse_qs(urlsplit(done.headers["location"]).query)["vt"][0]
    assert await Click.filter(visit_token=vt).exists()
