"""Rollups kept live in the write transactions equal those rebuilt from the events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from server import db
from server.analytics import rebuild as rollups
from server.analytics.models import AdvocateDay, CampaignDay, Visitor
from server.analytics.rollups import ALL_TIME
from server.clock import FrozenClock
from tests.conftest import gql
from tests.factories import click, convert, enroll, live_campaign, refund, signup
from tests.integration.test_attribution import reattribute
from tests.integration.test_fraud import CONFIRM
from tests.integration.test_test_mode import RESET

STATS = """query($id: ID!) { campaign(id: $id) { stats { clicks uniqueVisitors referrals signups
  conversions revenue { amount currency } conversionRate } leaderboard { successfulReferrals revenue { amount }
  advocate { email } } } }"""


async def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every counter row that says something (a row counted up and down again says nothing)."""
    days = await CampaignDay.all().values_list(
        "campaign_id",
        "test",
        "day",
        "currency",
        "clicks",
        "visitors",
        "referrals",
        "signups",
        "conversions",
        "revenue",
        "converted",
    )
    advocates = await AdvocateDay.all().values_list(
        "campaign_id", "advocate_id", "test", "day", "currency", "successes", "revenue"
    )
    visitors = await Visitor.all().values_list("campaign_id", "test", "visitor", "first_at")
    return {
        "days": sorted(tuple(r) for r in days if any(r[4:])),
        "advocates": sorted(tuple(r) for r in advocates if any(r[5:])),
        "visitors": sorted(tuple(r) for r in visitors),
    }


async def _scenario(client: httpx.AsyncClient, clock: FrozenClock) -> dict[str, str]:
    live = await live_campaign(client)
    ada = await enroll(client, live, "ada@example.com")
    ken = await enroll(client, live, "ken@example.com")
    grace = await enroll(client, live, "grace@example.com")
    t1 = await click(client, ada["code"], "A")
    await click(client, ada["code"], "A")  # the same visitor again
    t2 = await click(client, ada["code"], "B")
    t3 = await click(client, ken["code"], "C")
    await signup(client, visitToken=t1, email="f1@example.org")
    await signup(client, visitToken=t2, email="f2@example.org")
    first = await convert(client, "k-r-0001", "o1", 5000, visitToken=t1, email="f1@example.org")
    await convert(client, "k-r-0002", "o2", 2000, visitToken=t3, email="f3@example.org")
    clock.advance(timedelta(days=2))
    await convert(client, "k-r-0003", "o3", 1200, campaignId=live, email="f1@example.org")
    gone = await convert(client, "k-r-0004", "o4", 999, campaignId=live, email="f2@example.org")
    await refund(client, gone["conversion"]["id"], 999, "r-r-0001")  # f2 stops counting
    await refund(client, first["conversion"]["id"], 5000, "r-r-0002")  # f1's success moves
    clock.advance(timedelta(days=1))
    part = await convert(client, "k-r-0005", "o5", 800, campaignId=live, email="f1@example.org")
    await refund(client, part["conversion"]["id"], 300, "r-r-0003")
    moved = await reattribute(
        client, referralId=first["conversion"]["referral"]["id"], linkId=grace["id"]
    )
    assert moved["__typename"] == "Referral", moved
    rejected = await gql(
        client, CONFIRM, id=gone["conversion"]["referral"]["id"], note="stolen card"
    )
    assert rejected["confirmFraud"]["__typename"] == "Referral", rejected
    # A rehearsal: its rows count only in its own numbers; one rehearsal is reset.
    for slug in ("rehearsal", "reset"):
        cid = await live_campaign(client, slug=slug, testMode=True)
        link = await enroll(client, cid, f"ada-{slug}@example.com")
        token = await click(client, link["code"], "A")
        await convert(client, f"k-{slug}-01", "t1", 700, visitToken=token, email="t@example.org")
        if slug == "reset":
            done = await gql(client, RESET, id=cid)
            assert done["resetTestData"]["__typename"] == "TestDataReset", done
    return {"live": live}


async def test_rebuild_equals_live_after_a_varied_scenario(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    ids = await _scenario(client, clock)
    live = await _snapshot()
    assert any(row[1] for row in live["days"])  # test-mode rows are kept, apart
    assert live["advocates"]  # the scenario exercised the leaderboard counters
    assert await rollups.rebuild() == 3
    assert await _snapshot() == live
    campaign = (await gql(client, STATS, id=ids["live"]))["campaign"]
    assert campaign["stats"] == {
        "clicks": 4,
        "uniqueVisitors": 3,
        "referrals": 2,  # f2 was confirmed fraud
        "signups": 2,
        "conversions": 3,
        "revenue": [{"amount": 2000 + 1200 + 500, "currency": "USD"}],
        "conversionRate": 1.0,  # both referrals left have an order that still counts
    }
    board = [
        (e["advocate"]["email"], e["successfulReferrals"], e["revenue"]["amount"])
        for e in campaign["leaderboard"]
    ]
    # Ada's friend moved to Grace with the orders that still count (1200 and 800 - 300).
    assert board == [("ken@example.com", 1, 2000), ("grace@example.com", 1, 1700)]


async def test_rebuild_repairs_counters(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    await _scenario(client, clock)
    live = await _snapshot()
    await CampaignDay.all().update(clicks=0, revenue=12345)
    await AdvocateDay.all().delete()
    await Visitor.all().delete()
    await rollups.rebuild()
    assert await _snapshot() == live


async def test_migration_fills_all_time_rows_from_day_rows(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """Migration 0024: rollups kept before the all-time rows existed get them from their day
    rows, equal to those kept live (a rerun replaces them)."""
    await _scenario(client, clock)
    live = await _snapshot()
    assert any(row[3] == ALL_TIME for row in live["advocates"])
    await AdvocateDay.filter(day=ALL_TIME).delete()
    await rollups.all_time_rows(db.connection())
    await rollups.all_time_rows(db.connection())
    assert await _snapshot() == live
