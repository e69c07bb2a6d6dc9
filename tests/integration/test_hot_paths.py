"""The redirect and authentication on prepared SQL: statement counts (by tracing), the campaign
cache across app instances, concurrent clicks that are never lost, reads that do not queue
behind an open write transaction."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextvars import Context
from datetime import datetime
from types import SimpleNamespace
from typing import cast
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from tortoise.transactions import in_transaction

from server import db
from server.analytics import rollups
from server.analytics.models import CampaignDay
from server.app import create_app
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.milestones.models import Milestone, MilestoneRule
from server.referrals.models import Click
from server.rewards.models import LedgerEntry, Reward
from server.settings import Settings
from server.sql import trace
from server.webhooks.models import WebhookEvent
from tests.conftest import gql, link_cache_settled, make_client
from tests.factories import CASH_PER_FIRST_PURCHASE as ADVOCATE_RULE
from tests.factories import click, convert, enroll, live_campaign, signup
from tests.ids import gid, pk

SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""
UPDATE = """mutation($id: ID!, $url: String!) { updateCampaign(id: $id, input: {landingUrl: $url})
  { __typename ... on UserError { code message } } }"""


def _other_app(settings: Settings, clock: FrozenClock, **changes: object) -> Starlette:
    """Another process's app: its own campaign cache."""
    return create_app(
        settings.model_copy(update=changes), clock=clock, manage_db=False, run_jobs=False
    )


async def test_redirect_and_authentication_statement_counts(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    await click(client, code)  # warms the campaign cache
    await gql(client, "{ __typename }")  # and the session's last-used touch
    cached = await link_cache_settled()
    if cached:  # PostgreSQL: and the link cache
        await click(client, code)
    with trace.counting() as counted:
        await click(client, code, ua="Another/1")
    # One lookup (link and campaign version; none on PostgreSQL, whose link cache answers),
    # one click insert, the visitor's first sighting, the day's counters: nothing built by
    # the ORM.
    expected = {
        "redirect.insert_click": 1,
        "rollups.visitor_seen": 1,
        "rollups.bump_campaign": 1,
    }
    if not cached:
        expected["redirect.link_by_code"] = 1
    assert dict(counted) == expected
    with trace.counting() as counted:
        await gql(client, "{ __typename }")
    assert dict(counted) == {"auth.session": 1}
    key = (
        await gql(
            client,
            """mutation { createApiKey(input: {name: "Shop", role: INTEGRATION}) {
              ... on CreatedApiKey { secret } } }""",
        )
    )["createApiKey"]["secret"]
    async with make_client(app, key) as shop:
        await gql(shop, "{ __typename }")
        with trace.counting() as counted:
            await gql(shop, "{ __typename }")
    assert dict(counted) == {"auth.api_key": 1}


async def test_campaign_change_in_one_instance_is_seen_by_another(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    other = _other_app(settings, clock)
    async with make_client(other) as visitor:
        first = await visitor.get(f"/r/{code}")
        assert first.headers["location"].startswith("https://shop.example.com/join?")
        with trace.counting() as cached:
            await visitor.get(f"/r/{code}")
        assert "campaign.config" not in cached  # served from the other instance's cache
        # The change goes through the first app; the other learns of it from the version.
        changed = await gql(client, UPDATE, id=cid, url="https://shop.example.com/new")
        assert changed["updateCampaign"]["__typename"] == "Campaign", changed
        with trace.counting() as reloaded:
            after = await visitor.get(f"/r/{code}")
        assert after.headers["location"].startswith("https://shop.example.com/new?")
        assert reloaded["campaign.config"] == 1


async def test_every_acknowledged_click_is_committed_and_clicks_share_commits(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    unlimited = _other_app(settings, clock, rate_limits_enabled=False)
    async with make_client(unlimited) as visitor:
        with trace.counting() as counted:
            responses = await asyncio.gather(
                *(visitor.get(f"/r/{code}", headers={"user-agent": f"B/{i}"}) for i in range(120))
            )
    assert {r.status_code for r in responses} == {302}
    tokens = {parse_qs(urlsplit(r.headers["location"]).query)["vt"][0] for r in responses}
    stored = {
        str(t)
        for t in await Click.filter(visit_token__in=list(tokens)).values_list(
            "visit_token", flat=True
        )
    }
    assert stored == tokens and len(tokens) == 120
    if db.dialect() == "sqlite":  # group commit: many clicks per transaction and statement
        assert counted["redirect.insert_click"] < 120
        assert counted["rollups.visitor_seen"] < 120
    rows = await CampaignDay.filter(currency=rollups.CLICKS).values_list("clicks", "visitors")
    assert rows == [(120, 120)] * 2  # on its day's row and on its hour's row


async def test_redirect_reads_do_not_wait_behind_an_open_write_transaction(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    await click(client, code)

    def request(visitor: httpx.AsyncClient, method: str) -> asyncio.Task[httpx.Response]:
        # A request of its own, as the server runs it: not inside this test's transaction.
        return asyncio.create_task(visitor.request(method, f"/r/{code}"), context=Context())

    async with make_client(app) as visitor:
        async with in_transaction() as conn:
            # A write transaction is open (a conversion, say): a link preview (HEAD) only reads.
            await conn.execute_query("UPDATE staff_user SET name = name")
            preview = await asyncio.wait_for(request(visitor, "HEAD"), timeout=30)
            assert preview.status_code == 302
            # A click has to write: on SQLite it waits for the commit, then is acknowledged.
            pending = request(visitor, "GET")
            await asyncio.sleep(0)
        done = await asyncio.wait_for(pending, timeout=30)
    assert done.status_code == 302
    vt = parse_qs(urlsplit(done.headers["location"]).query)["vt"][0]
    assert await Click.filter(visit_token=vt).exists()


async def test_a_click_does_not_wait_on_the_day_row_a_conversion_holds(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    if db.dialect() != "postgres":
        pytest.skip("SQLite has one write lock for the whole database")
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    await click(client, code)
    [day] = (
        await CampaignDay.filter(currency=rollups.CLICKS)
        .exclude(day__startswith=rollups.HOUR)
        .values_list("day", flat=True)
    )
    when = datetime.fromisoformat(f"{day}T12:00:00+00:00")
    referral = SimpleNamespace(campaign_id=pk(cid), test=False)
    async with make_client(app) as visitor, in_transaction() as conn:
        # A conversion's transaction has counted on today's '' row and holds it locked.
        await rollups.signed_up(conn, referral=referral, when=when)
        pending = asyncio.create_task(
            visitor.get(f"/r/{code}", headers={"user-agent": "B/2"}), context=Context()
        )
        done = await asyncio.wait_for(pending, timeout=10)
        assert done.status_code == 302
    rows = await CampaignDay.filter(currency=rollups.CLICKS).values_list("clicks", "visitors")
    assert rows == [(2, 2)] * 2  # the day's row and the hour's


async def _converted(client: httpx.AsyncClient, cid: str, friend: str, order: str) -> None:
    """A campaign's earlier order: this process has its rules cached since."""
    code = (await enroll(client, cid, f"adv-{order}@example.com"))["code"]
    token = await click(client, code)
    done = await convert(client, f"k-warm-{order}", order, 5000, visitToken=token, email=friend)
    assert done["__typename"] == "ConversionRecorded", done


async def _counted_conversion(
    client: httpx.AsyncClient, cid: str, friend: str, order: str
) -> Counter[str]:
    """A friend's first order after a click and a signup, its statements counted (the common
    path: not the campaign's first order since its rules changed)."""
    await _converted(client, cid, f"earlier-{friend}", f"earlier-{order}")
    code = (await enroll(client, cid, f"adv-{order}@example.com"))["code"]
    token = await click(client, code)
    await signup(client, visitToken=token, email=friend)
    with trace.counting() as counted:
        done = await convert(
            client, f"k-count-{order}", order, 5000, visitToken=token, email=friend
        )
    assert done["__typename"] == "ConversionRecorded", done
    return counted


async def test_record_conversion_statement_count(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    counted = await _counted_conversion(client, cid, "friend@example.org", "o-1")
    # Today's ceiling on the path without reward rules, so the count cannot creep back up (it
    # was 40 on SQLite and 42 on PostgreSQL): the audit and webhook rows are one insert per
    # table, the referral's link is read once, an email row is one INSERT ... SELECT, the
    # campaign's rules come from the per-process cache, the campaign and its clock are one
    # read, the fraud screen's two velocity windows one count, the milestones' order count and
    # revenue one more; since (26 and 28): the key held and replayed in one statement, the
    # touches with their links, advocates and campaign one, the conversion insert answers the
    # order's uniqueness, what milestones are reached and the advocate's count one, SQLite
    # does not read the campaign again to lock it, and the fraud screen's facts (velocity
    # windows, the friend's other referrals, device, identifiers, blocklist) are one
    # statement; since (19 and 21) the payload's referral is the one just written, not read
    # again after commit; since (18 and 20) the referral's other orders come back with the
    # conversion's insert, and the campaign's order count and revenue with what is reached;
    # since (16 and 18) the touches are read with the key's hold and replay, and on PostgreSQL
    # the audit, webhook, notification and email rows and the NOTIFY are one statement; since
    # (15 and 13) the campaign's clock is read with the touches, and on PostgreSQL the friend's
    # referral with whether they are an advocate; since (13 and 12) on PostgreSQL the friend's
    # referral rides on the key's row and the campaign's and advocate's counters are one upsert.
    # The goal is 15.
    ceiling = 13 if db.dialect() == "sqlite" else 10
    assert sum(counted.values()) <= ceiling, sorted(counted.items())
    _counters_bumped_once(counted)
    assert counted["auth.session"] == 1


def _counters_bumped_once(counted: Counter[str]) -> None:
    """An order's rollup counters: the campaign's upsert, then the advocate's; on PostgreSQL
    both in one statement."""
    if db.dialect() == "sqlite":
        assert counted["rollups.bump_campaign"] == 1, sorted(counted.items())
        assert counted["rollups.bump_advocate"] == 1, sorted(counted.items())
    else:
        assert counted["rollups.bump_campaign_and_advocate"] == 1, sorted(counted.items())
        assert not {"rollups.bump_campaign", "rollups.bump_advocate"} & set(counted)


async def test_a_referral_created_with_its_first_order_bumps_the_counters_once(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    await _converted(client, cid, "earlier@example.org", "o-0")
    code = (await enroll(client, cid, "adv-new@example.com"))["code"]
    token = await click(client, code)
    with trace.counting() as counted:
        done = await convert(client, "k-new-order", "o-1", 5000, visitToken=token, email="f@x.org")
    assert done["__typename"] == "ConversionRecorded", done
    # The new referral's counters ride with its order's; the referral's other orders come back
    # with the conversion's insert; it is created converted (no second write).
    _counters_bumped_once(counted)
    assert not {"rollups.first_orders", "referral.converted"} & set(counted), sorted(
        counted.items()
    )
    # The bench's path: a referral created by its first order (was 18 on SQLite and 16 on
    # PostgreSQL; on SQLite the friend's referral is read with whether they are an advocate, and
    # the fraud settings come from the per-process cache, nothing to lock; was 16 on both: the
    # clock is read with the touches, the order's fraud facts with the friend's, and the friend's
    # referral with the touches on SQLite and with whether they are an advocate on PostgreSQL;
    # since (13 and 13) on PostgreSQL the friend's referral rides on the key's row and the
    # counters are one upsert).
    ceiling = 13 if db.dialect() == "sqlite" else 11
    assert sum(counted.values()) <= ceiling, sorted(counted.items())


async def test_conversion_with_a_reward_and_a_milestone_statement_count(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": [ADVOCATE_RULE]})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    counted = await _counted_conversion(client, cid, "friend@example.org", "o-1")
    # The common path: a reward (ledger entry, email, approval notification) and the
    # advocate's first-referral milestone (email, notification). Was 56 on SQLite and 59 on
    # PostgreSQL; each email row and the approval notification are one statement since, the
    # rules come from the per-process cache, and a reward with no hold left is created in its
    # status after the hold (no second write); since (32 and 35) a reward's earlier events and
    # the friend's earlier order are one read, and the fraud screen's facts one statement;
    # since (24 and 27) the emails are one statement at the end with the audit rows, the
    # notifications wake their subscribers once, and the payload's referral is not read again;
    # since (22 and 24) the rollups' read of the referral's other orders rides on the
    # conversion's insert and the milestones' order count and revenue on what is reached;
    # since (20 and 22) the touches are read with the key's hold and replay, the approval
    # notification of a reward created awaiting is appended with the milestone's, and on
    # PostgreSQL every appended row (audit, webhook, ledger, notification, email) and the
    # NOTIFY are one statement; since (18 and 15) the campaign's clock is read with the touches
    # and, on PostgreSQL, the friend's referral with whether they are an advocate. The goal: 15.
    ceiling = 16 if db.dialect() == "sqlite" else 12  # PostgreSQL: was 14 (see above)
    assert sum(counted.values()) <= ceiling, sorted(counted.items())
    # Every audit and webhook row of the conversion was written by the batched inserts.
    actions = set(await AuditEvent.all().values_list("action", flat=True))
    assert {"conversion.record", "reward.create", "milestone.reach"} <= actions
    events = set(await WebhookEvent.all().values_list("event_type", flat=True))
    assert {"conversion.recorded", "reward.created", "milestone.reached"} <= events
    assert await Reward.filter(conversion__external_order_id="o-1").count() == 1
    assert await Milestone.filter(rule_key="advocate_referrals-1").count() == 2  # one each


async def test_campaign_by_slug_is_built_once_per_version_and_changes_are_seen(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    by_slug = 'query { campaign(slug: "give-10") { id name landingUrl } }'
    by_id = "query($id: ID!) { campaign(id: $id) { id name landingUrl } }"
    assert (await gql(client, by_slug))["campaign"]["id"] == cid
    with trace.counting() as kept:
        found = (await gql(client, by_slug))["campaign"]
        assert (await gql(client, by_id, id=cid))["campaign"] == found
    # Only the id and version are read: the model built at that version is reused.
    assert "campaign.by_slug" not in kept and "campaign.by_id" not in kept, kept
    assert kept["campaign.version_by_slug"] == 1 and kept["campaign.version_by_id"] == 1
    changed = await gql(client, UPDATE, id=cid, url="https://shop.example.com/new")
    assert changed["updateCampaign"]["__typename"] == "Campaign", changed
    with trace.counting() as reloaded:
        after = (await gql(client, by_slug))["campaign"]
    assert after["landingUrl"] == "https://shop.example.com/new"
    assert reloaded["campaign.by_slug"] == 1
    assert (await gql(client, 'query { campaign(slug: "none") { id } }'))["campaign"] is None


async def test_an_events_rewards_are_one_insert_and_keep_their_own_rows(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    friend_rule = {**ADVOCATE_RULE, "key": "take", "recipient": "FRIEND", "fixedAmount": 500}
    made = await gql(
        client, SET_RULES, input={"campaignId": cid, "rules": [ADVOCATE_RULE, friend_rule]}
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    counted = await _counted_conversion(client, cid, "friend@example.org", "o-1")
    assert counted["insert.reward"] == 1, sorted(counted.items())
    # Each reward got its own id back: its ledger entry, audit row and webhook event name it.
    made_rewards = await Reward.filter(conversion__external_order_id="o-1").order_by("rule_key")
    assert [(r.rule_key, r.amount) for r in made_rewards] == [("give", 1000), ("take", 500)]
    for reward in made_rewards:
        entries = await LedgerEntry.filter(reward_id=reward.id).values_list("amount", flat=True)
        assert entries == [reward.amount]
        audited = await AuditEvent.filter(action="reward.create", target_id=str(reward.id))
        assert len(audited) == 1 and f":{reward.rule_key}" in str(audited[0].diff)
    events = await WebhookEvent.filter(event_type="reward.created")
    data = [cast(dict[str, object], e.payload["data"]) for e in events]
    shown = {(d["id"], d["amount"]) for d in data}
    assert {(gid("Reward", r.id), r.amount) for r in made_rewards} <= shown


async def test_the_benchs_conversion_statement_count(client: httpx.AsyncClient) -> None:
    """bench/all.py's recordConversion: each order creates its friend's referral through the
    advocate's code, a reward rule pays, and after a burst the velocity rules flag the new
    referral at signup and at its order (the earlier ones already carry the burst's signal)."""
    cid = await live_campaign(client)
    made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": [ADVOCATE_RULE]})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    # The bench's plain campaign: its milestone rules off.
    await MilestoneRule.filter(campaign_id=pk(cid)).update(enabled=False)
    code = (await enroll(client, cid))["code"]

    async def order(i: int) -> None:
        friend = f"burst-{i}@friends.example.org"
        done = await convert(
            client, f"k-burst-{i}", f"o-{i}", 5000, referralCode=code, email=friend
        )
        assert done["__typename"] == "ConversionRecorded", done

    for i in range(12):
        await order(i)
    with trace.counting() as counted:
        await order(12)
    # The flags fired: the burst's members looked at, the order's signal merged, a reward.
    assert {"fraud.cluster_members", "fraud.order_risk", "insert.referral", "insert.reward"} <= set(
        counted
    ), sorted(counted.items())
    # Was 20 on SQLite and 18 on PostgreSQL: since, the campaign's clock is read with the touches
    # (not before the transaction), the order's fraud facts with the new friend's, and the
    # friend's referral with the touches (SQLite) or with whether they are an advocate
    # (PostgreSQL). The goal is 15: on SQLite, the burst's two member reads (at signup,
    # and the group told at the order) and the order's risk update of the new row remain.
    ceiling = 17 if db.dialect() == "sqlite" else 13  # PostgreSQL: was 15 (see above)
    assert sum(counted.values()) <= ceiling, sorted(counted.items())
