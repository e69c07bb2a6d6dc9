"""The attribution window runs from the touch that led to the referral, whatever order the
orders arrive in; concurrent first orders of one friend all count."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from server.clock import FrozenClock
from server.referrals.models import Conversion, Referral
from tests.factories import click, convert, enroll, live_campaign


def _at(clock: FrozenClock, days: float) -> str:
    return (clock.now() + timedelta(days=days)).isoformat()


async def test_an_earlier_order_reported_late_is_accepted(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, attributionWindowDays=30)
    link = await enroll(client, cid)
    token = await click(client, link["code"])
    start = clock.now()
    clock.advance(timedelta(days=3))
    later = await convert(
        client,
        "late-key-0002",
        "o-2",
        occurredAt=(start + timedelta(days=2)).isoformat(),
        visitToken=token,
        email="bob@example.org",
    )
    assert later["__typename"] == "ConversionRecorded", later
    # The shop reports the friend's first order only now: it happened a day earlier.
    earlier = await convert(
        client,
        "late-key-0001",
        "o-1",
        occurredAt=(start + timedelta(days=1)).isoformat(),
        campaignId=cid,
        email="bob@example.org",
    )
    assert earlier["__typename"] == "ConversionRecorded", earlier
    # By code only, too: each order carrying the code is its own touch.
    first = await convert(
        client, "late-key-0004", "o-4", occurredAt=_at(clock, -0.5), referralCode=link["code"],
        email="carol@example.org",
    )  # fmt: skip
    second = await convert(
        client, "late-key-0003", "o-3", occurredAt=_at(clock, -1), referralCode=link["code"],
        email="carol@example.org",
    )  # fmt: skip
    assert first["__typename"] == second["__typename"] == "ConversionRecorded", (first, second)
    assert await Conversion.all().count() == 4


async def test_the_window_runs_from_the_touch_not_from_the_first_order(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, attributionWindowDays=7)
    link = await enroll(client, cid)
    token = await click(client, link["code"])
    clock.advance(timedelta(days=6))
    inside = await convert(client, "win-key-0001", "o-1", visitToken=token, email="b@x.org")
    assert inside["__typename"] == "ConversionRecorded", inside
    referral = await Referral.get()
    assert referral.touched_at is not None and referral.touched_at < referral.created_at
    clock.advance(timedelta(days=2))  # 8 days after the click: the window has closed
    outside = await convert(client, "win-key-0002", "o-2", campaignId=cid, email="b@x.org")
    assert (outside["code"], outside["field"]) == ("INVALID_STATE", "occurredAt")
    # An order from before the click never counts, reported late or not.
    before = await convert(
        client, "win-key-0003", "o-3", occurredAt=_at(clock, -9), campaignId=cid, email="b@x.org"
    )
    assert before["code"] == "INVALID_STATE"
    # The same friend typing the code again at checkout opens a touch of its own.
    again = await convert(client, "win-key-0004", "o-4", referralCode=link["code"], email="b@x.org")
    assert again["__typename"] == "ConversionRecorded", again


async def test_concurrent_first_orders_of_a_new_friend_all_count(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, attributionWindowDays=30)
    link = await enroll(client, cid)
    friends, per_friend = 8, 3
    for f in range(friends):

        async def order(n: int, f: int = f) -> dict[str, object]:
            # Distinct times, arriving in any order: whichever commits first creates the
            # referral, and the others must still fall in its window.
            return await convert(
                client,
                f"race-key-{f:03d}-{n}",
                f"o-{f}-{n}",
                occurredAt=_at(clock, -n / 24),
                referralCode=link["code"],
                email=f"friend{f}@example.org",
            )

        results = await asyncio.gather(*(order(n) for n in range(per_friend)))
        refused = [r for r in results if r["__typename"] != "ConversionRecorded"]
        # Only a retryable answer could ever be acceptable; none is expected.
        assert refused == [], refused
    assert await Conversion.all().count() == friends * per_friend
    assert await Referral.all().count() == friends
