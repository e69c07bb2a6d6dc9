from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest

from server.analytics.models import AdvocateDay
from server.analytics.rollups import ALL_TIME
from server.campaigns.models import Campaign
from server.clock import FrozenClock
from server.sql import trace
from tests.conftest import gql
from tests.factories import CONVERT, click, convert, enroll, live_campaign, refund, signup

STATS = """query($id: ID!, $from: DateTime, $to: DateTime) { campaign(id: $id) {
  stats(from: $from, to: $to) { clicks uniqueVisitors referrals signups conversions
    revenue { amount currency } conversionRate objectiveProgress }
  objective { progress { current target ratio reached } } } }"""


async def _activity(client: httpx.AsyncClient, clock: FrozenClock, cid: str) -> None:
    """Day 0: 3 clicks, 2 signups, Ada's friend buys for 50.00. Day 8: 1 click, Ken's friend buys
    for 20.00 (5.00 refunded); Ada's second friend's order is fully refunded and stops counting."""
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    ken = await enroll(client, cid, "ken@example.com", name="Ken")
    t1 = await click(client, ada["code"], "A")
    t2 = await click(client, ada["code"], "B")
    await click(client, ken["code"], "A")
    await signup(client, visitToken=t1, email="f1@example.org")
    await signup(client, visitToken=t2, email="f2@example.org")
    await convert(client, "k-day0-0001", "o1", 5000, campaignId=cid, email="f1@example.org")
    clock.advance(timedelta(days=8))
    t3 = await click(client, ken["code"], "C")
    conv = await convert(client, "k-day8-0001", "o2", 2000, visitToken=t3, email="f3@example.org")
    await refund(client, conv["conversion"]["id"], 500, "r-day8-0001")
    gone = await convert(client, "k-day8-0002", "o3", 999, campaignId=cid, email="f2@example.org")
    await refund(client, gone["conversion"]["id"], 999, "r-day8-0002")


async def test_stats_objective_and_ranges(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    cid = await live_campaign(client, objective={"metric": "CONVERSIONS", "target": 4})
    start = clock.now()
    await _activity(client, clock, cid)
    with trace.counting() as counted:
        campaign = (await gql(client, STATS, id=cid))["campaign"]
    # All-time stats and the objective's progress share one computation.
    assert counted["analytics.stats_totals"] == 1, counted
    assert campaign["stats"] == {
        "clicks": 4,
        "uniqueVisitors": 3,
        "referrals": 3,
        "signups": 2,
        "conversions": 2,
        "revenue": [{"amount": 6500, "currency": "USD"}],
        # Converted referrals / referred friends: f1 and f3 of three (f2's order was refunded).
        "conversionRate": pytest.approx(2 / 3),
        "objectiveProgress": 0.5,
    }
    assert campaign["objective"]["progress"] == {
        "current": 2,
        "target": 4,
        "ratio": 0.5,
        "reached": False,
    }
    first_day = (
        await gql(
            client,
            STATS,
            id=cid,
            **{"from": start.isoformat(), "to": (start + timedelta(days=1)).isoformat()},
        )
    )["campaign"]["stats"]
    assert (first_day["clicks"], first_day["conversions"], first_day["revenue"]) == (
        3,
        1,
        [{"amount": 5000, "currency": "USD"}],
    )
    assert first_day["objectiveProgress"] == 0.5  # the objective counts all time
    bad = await client.post(
        "/graphql",
        json={
            "query": STATS,
            "variables": {"id": cid, "from": "2026-03-05T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        },
    )
    assert bad.json()["errors"][0]["message"] == "'to' must be after 'from'."


async def test_timeseries_fills_gaps(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    cid = await live_campaign(client)
    await _activity(client, clock, cid)
    query = """query($id: ID!, $i: Interval!, $m: Metric!) { campaign(id: $id) {
      timeseries(metric: $m, interval: $i, from: "2026-03-01T00:00:00Z", to: "2026-03-16T00:00:00Z")
      { start value } } }"""
    daily = (await gql(client, query, id=cid, i="DAY", m="CLICKS"))["campaign"]["timeseries"]
    assert len(daily) == 15
    assert {p["start"]: p["value"] for p in daily if p["value"]} == {
        "2026-03-02": 3,
        "2026-03-10": 1,
    }
    weekly = (await gql(client, query, id=cid, i="WEEK", m="REVENUE"))["campaign"]["timeseries"]
    assert weekly == [
        {"start": "2026-02-23", "value": 0},
        {"start": "2026-03-02", "value": 5000},
        {"start": "2026-03-09", "value": 1500},
    ]
    monthly = (await gql(client, query, id=cid, i="MONTH", m="CONVERSIONS"))["campaign"][
        "timeseries"
    ]
    assert monthly == [{"start": "2026-03-01", "value": 2}]


async def test_ranges_on_whole_hours_read_rollup_rows_only(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """A day in another timezone (or any range on whole hours) is a sum of day and hour rows:
    no event is read, however many there are; only the part of an hour a range starts or ends
    in is read from events."""
    cid = await live_campaign(client)
    await _activity(client, clock, cid)  # at 12:00 UTC on 2 and 10 March

    async def stats(frm: str, to: str) -> tuple[dict[str, Any], Counter[str]]:
        with trace.counting() as counted:
            found = await gql(client, STATS, id=cid, **{"from": frm, "to": to})
        return found["campaign"]["stats"], counted

    # 2 March in New York (UTC-05:00): whole hours, then whole days, then whole hours.
    local_day, counted = await stats("2026-03-02T00:00:00-05:00", "2026-03-03T00:00:00-05:00")
    assert (local_day["clicks"], local_day["signups"], local_day["revenue"]) == (
        3,
        2,
        [{"amount": 5000, "currency": "USD"}],
    )
    one_hour, counted_too = await stats("2026-03-02T12:00:00Z", "2026-03-02T13:00:00Z")
    assert (one_hour["clicks"], one_hour["conversions"]) == (3, 1)
    later, counted_more = await stats("2026-03-02T13:00:00Z", "2026-03-10T12:00:00Z")
    assert (later["clicks"], later["conversions"], later["revenue"]) == (0, 0, [])
    for c in (counted, counted_too, counted_more):
        assert "analytics.stats_totals" in c and "analytics.stats_edge" not in c, c
    # Inside an hour: that hour's events are read.
    partial, counted = await stats("2026-03-02T11:30:00Z", "2026-03-02T12:30:00Z")
    assert (partial["clicks"], partial["conversions"]) == (3, 1)
    assert "analytics.stats_edge" in counted
    query = """query($id: ID!) { campaign(id: $id) { timeseries(metric: CLICKS, interval: DAY,
      from: "2026-03-02T05:00:00Z", to: "2026-03-11T05:00:00Z") { start value } } }"""
    with trace.counting() as counted:
        series = (await gql(client, query, id=cid))["campaign"]["timeseries"]
    assert {p["start"]: p["value"] for p in series if p["value"]} == {
        "2026-03-02": 3,
        "2026-03-10": 1,
    }
    assert not [name for name in counted if name.startswith("analytics.series_edge")], counted


async def test_offsets_are_normalised_to_utc(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid)
    clock.advance(timedelta(days=1))
    # 00:30 on 3 March in UTC+02:00 is 22:30 on 2 March in UTC.
    await convert(
        client,
        "k-offset-0001",
        "o-off",
        100,
        referralCode=link["code"],
        email="tz@example.org",
        occurredAt="2026-03-03T00:30:00+02:00",
    )
    query = """query($id: ID!) { campaign(id: $id) { timeseries(metric: CONVERSIONS, interval: DAY,
      from: "2026-03-02T00:00:00Z", to: "2026-03-04T00:00:00Z") { start value } } }"""
    series = (await gql(client, query, id=cid))["campaign"]["timeseries"]
    assert series == [{"start": "2026-03-02", "value": 1}, {"start": "2026-03-03", "value": 0}]


async def test_leaderboard_periods(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    cid = await live_campaign(client)
    await _activity(client, clock, cid)
    query = """query($id: ID!, $p: LeaderboardPeriod!) { campaign(id: $id) {
      leaderboard(first: 5, period: $p) { rank successfulReferrals revenue { amount }
      advocate { name } } } }"""
    everyone = (await gql(client, query, id=cid, p="ALL"))["campaign"]["leaderboard"]
    assert [
        (e["advocate"]["name"], e["successfulReferrals"], e["revenue"]["amount"]) for e in everyone
    ] == [("Ada", 1, 5000), ("Ken", 1, 1500)]
    month = (await gql(client, query, id=cid, p="MONTH"))["campaign"]["leaderboard"]
    assert [(e["rank"], e["advocate"]["name"]) for e in month] == [(1, "Ada"), (2, "Ken")]
    # Ada's only counting order is 8 days old: outside the rolling week.
    week = (await gql(client, query, id=cid, p="WEEK"))["campaign"]["leaderboard"]
    assert [(e["rank"], e["advocate"]["name"]) for e in week] == [(1, "Ken")]


async def test_all_time_leaderboard_reads_one_row_per_advocate(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """All time: each advocate's all-time row (refunds included), not their day rows; ties
    still go to the earlier first success."""
    cid = await live_campaign(client)
    ken = await enroll(client, cid, "ken@example.com", name="Ken")  # the lower id
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    query = """query($id: ID!, $p: LeaderboardPeriod!) { campaign(id: $id) {
      leaderboard(first: 5, period: $p) { successfulReferrals revenue { amount }
      advocate { name } } } }"""

    async def board(period: str) -> list[tuple[str, int, int]]:
        with trace.counting() as counted:
            found = (await gql(client, query, id=cid, p=period))["campaign"]["leaderboard"]
        assert ("analytics.leaderboard_all_time" in counted) == (period == "ALL"), counted
        return [
            (e["advocate"]["name"], e["successfulReferrals"], e["revenue"]["amount"]) for e in found
        ]

    first = await click(client, ada["code"], "A")
    ada_order = await convert(
        client, "k-lead-0001", "o1", 5000, visitToken=first, email="f1@example.org"
    )
    clock.advance(timedelta(days=8))
    second = await click(client, ken["code"], "B")
    await convert(client, "k-lead-0002", "o2", 5000, visitToken=second, email="f2@example.org")
    # The same successes and revenue: the earlier first success ranks first.
    assert await board("ALL") == [("Ada", 1, 5000), ("Ken", 1, 5000)]
    third = await click(client, ken["code"], "C")
    gone = await convert(
        client, "k-lead-0003", "o3", 2000, visitToken=third, email="f3@example.org"
    )
    await refund(client, gone["conversion"]["id"], 2000, "r-lead-0001")  # stops counting
    await refund(client, ada_order["conversion"]["id"], 1000, "r-lead-0002")
    assert await board("ALL") == [("Ken", 1, 5000), ("Ada", 1, 4000)]
    assert await board("MONTH") == [("Ken", 1, 5000), ("Ada", 1, 4000)]
    # Only the all-time rows answer for all time.
    await AdvocateDay.exclude(day=ALL_TIME).update(successes=0, revenue=0)
    assert await board("ALL") == [("Ken", 1, 5000), ("Ada", 1, 4000)]
    assert await board("MONTH") == []


async def test_test_mode_rows_stay_out_of_live_numbers(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, testMode=True)
    await _activity(client, clock, cid)
    stats = (await gql(client, STATS, id=cid))["campaign"]["stats"]
    assert stats["clicks"] == 4  # the rehearsal sees its own numbers
    await gql(client, """mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }""", id=cid)
    # Flipped in the database as before goLive existed (goLive itself refuses to keep them).
    await Campaign.filter(slug="give-10").update(test_mode=False)
    stats = (await gql(client, STATS, id=cid))["campaign"]["stats"]
    assert (stats["clicks"], stats["conversions"], stats["revenue"]) == (0, 0, [])


async def test_revenue_in_other_currencies_is_listed_per_currency(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, objective={"metric": "REVENUE", "target": 10000})
    ada = await enroll(client, cid, "ada@example.com")

    async def order(n: int, amount: int, currency: str) -> dict[str, Any]:
        data = {
            "friend": {"referralCode": ada["code"], "email": f"f{n}@example.org"},
            "externalOrderId": f"o{n}",
            "amount": amount,
            "currency": currency,
            "idempotencyKey": f"k-cur-{n:04d}",
        }
        done: dict[str, Any] = (await gql(client, CONVERT, input=data))["recordConversion"]
        return done

    await order(1, 5000, "USD")
    await order(2, 700, "JPY")
    await order(3, 1234, "EUR")
    gone = await order(4, 999, "GBP")
    await refund(client, gone["conversion"]["id"], 999, "r-cur-0001")  # stops counting
    stats = (await gql(client, STATS, id=cid))["campaign"]["stats"]
    assert stats["conversions"] == 3
    assert stats["revenue"] == [
        {"amount": 1234, "currency": "EUR"},
        {"amount": 700, "currency": "JPY"},
        {"amount": 5000, "currency": "USD"},
    ]
    assert stats["objectiveProgress"] == 0.5  # the campaign currency's revenue only


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            statements.append(record.getMessage())

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


LIST = """{ campaigns(first: 50) { nodes { name phase
  stats { clicks uniqueVisitors signups conversions revenue { amount } objectiveProgress }
  objective { progress { ratio } }
  links(first: 5) { nodes { code shareUrl advocate { email } campaign { slug } } }
  referrals(first: 5) { nodes { status link { code } conversions { nodes { amount { amount } } } } } } } }"""


async def test_listing_campaigns_costs_constant_queries(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    async def populate(n: int, offset: int) -> None:
        for i in range(n):
            cid = await live_campaign(
                client, slug=f"c{offset + i}", objective={"metric": "REVENUE", "target": 100}
            )
            link = await enroll(client, cid, f"a{offset + i}@example.com")
            await convert(
                client,
                f"key-nplus1-{offset + i}",
                "o",
                100,
                referralCode=link["code"],
                email=f"f{offset + i}@example.org",
            )

    await populate(2, 0)
    with count_queries() as few:
        await gql(client, LIST)
    await populate(10, 100)
    with count_queries() as many:
        result = await gql(client, LIST)
    assert len(result["campaigns"]["nodes"]) == 12
    assert len(many) == len(few), (len(few), len(many))
