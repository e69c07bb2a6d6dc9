"""Test-mode rehearsals: a campaign clock that runs ahead, and a reset that starts over."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.audit.models import AuditEvent
from server.campaigns.models import Campaign
from server.clock import FrozenClock
from server.email.models import EmailMessage
from server.jobs import run_due
from server.milestones.models import Milestone
from server.notifications.models import Notification
from server.referrals.models import Click, Conversion, Referral, Refund
from server.rewards.models import LedgerEntry, Reward, RewardApproval
from server.rewards.service import verify_ledger
from server.webhooks.models import WebhookEvent
from tests.conftest import START, gql, make_client, staff_token
from tests.factories import click, convert, enroll, live_campaign, refund
from tests.ids import gid, pk
from tests.integration.test_fraud import SET_FRAUD, SIGNUP
from tests.integration.test_rewards import APPROVE, SET_RULES, advocate_rule

ADVANCE = """mutation($id: ID!, $h: Int!, $m: Int = 0) {
  advanceTestClock(campaignId: $id, hours: $h, minutes: $m) {
  __typename ... on TestClockAdvanced { holdsReleased campaign { testClock } }
  ... on UserError { code field message } } }"""
RESET = """mutation($id: ID!) { resetTestData(campaignId: $id) {
  __typename ... on TestDataReset { deleted { kind count } campaign { testClock } }
  ... on UserError { code field message } } }"""


async def _rehearsal(
    client: httpx.AsyncClient, test_mode: bool = True, slug: str = "rehearsal", **policy: Any
) -> tuple[str, dict[str, Any]]:
    cid = await live_campaign(client, testMode=test_mode, slug=slug)
    made = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [advocate_rule(holdDays=14)], **policy},
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion"
    return cid, await enroll(client, cid, f"ada@{slug}.example.com")


async def _statuses(cid: str) -> list[str]:
    return [r.status.value for r in await Reward.filter(campaign_id=pk(cid)).order_by("id")]


async def test_advancing_the_test_clock_releases_holds_and_dates_new_events(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _rehearsal(client, autoApproveMax=5000)
    await convert(client, "tm-key-0001", "o-1", 100, referralCode=link["code"], email="a@x.org")
    assert await _statuses(cid) == ["pending"]
    first = (await gql(client, ADVANCE, id=cid, h=24 * 13))["advanceTestClock"]
    assert first["holdsReleased"] == 0
    assert first["campaign"]["testClock"].startswith((START + timedelta(days=13)).isoformat()[:19])
    second = (await gql(client, ADVANCE, id=cid, h=24))["advanceTestClock"]
    assert second["holdsReleased"] == 1
    assert await _statuses(cid) == ["approved"]
    # Events now happen at the campaign's time: clicks, conversions and rewards alike.
    visit = await click(client, link["code"])
    await convert(client, "tm-key-0002", "o-2", 100, visitToken=visit, email="b@x.org")
    ahead = START + timedelta(days=14)
    assert (await Click.get(visit_token=visit)).occurred_at == ahead
    conversion = await Conversion.get(external_order_id="o-2")
    assert (conversion.occurred_at, conversion.created_at) == (ahead, ahead)
    reward = await Reward.get(conversion_id=conversion.id)
    assert reward.hold_until == ahead + timedelta(days=14)
    audited = await AuditEvent.filter(action="campaign.test_clock_advanced").order_by("id")
    assert [e.diff for e in audited] == [
        {"test_clock_minutes": [0, 312 * 60]},
        {"test_clock_minutes": [312 * 60, 336 * 60]},
    ]


async def test_the_periodic_job_releases_holds_by_the_campaign_s_clock(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _rehearsal(client)
    live_cid, live_link = await _rehearsal(client, test_mode=False, slug="live")
    for n, code in enumerate([link["code"], live_link["code"]]):
        await convert(
            client, f"tm-job-key-{n}", f"o-{n}", 100, referralCode=code, email=f"{n}@x.org"
        )
    await gql(client, ADVANCE, id=cid, h=24 * 10)
    clock.advance(timedelta(days=4))  # the rehearsal is now 14 days on, the live campaign 4
    assert (await run_due(clock=clock))["reward_holds_released"] == 1
    assert await _statuses(cid) == ["awaiting_approval"]
    assert await _statuses(live_cid) == ["pending"]
    clock.advance(timedelta(days=10))
    assert (await run_due(clock=clock))["reward_holds_released"] == 1
    assert await _statuses(live_cid) == ["awaiting_approval"]


async def test_only_test_campaigns_advance_and_only_so_far(client: httpx.AsyncClient) -> None:
    cid, _ = await _rehearsal(client)
    live_cid, _ = await _rehearsal(client, test_mode=False, slug="live")
    refused = (await gql(client, ADVANCE, id=live_cid, h=1))["advanceTestClock"]
    assert (refused["code"], refused["field"]) == ("INVALID_STATE", "campaignId")
    for hours in (0, -1, 24 * 366 + 1):
        bad = (await gql(client, ADVANCE, id=cid, h=hours))["advanceTestClock"]
        assert (bad["code"], bad["field"]) == ("INVALID_INPUT", "hours")
    assert (await gql(client, ADVANCE, id=cid, h=24 * 366))["advanceTestClock"][
        "__typename"
    ] == "TestClockAdvanced"
    full = (await gql(client, ADVANCE, id=cid, h=1))["advanceTestClock"]
    assert full["code"] == "INVALID_INPUT" and "0 left" in full["message"]
    missing = (await gql(client, ADVANCE, id=gid("Campaign", 999), h=1))["advanceTestClock"]
    assert missing["code"] == "NOT_FOUND"
    for hours, minutes, at in ((0, 0, "hours"), (0, -5, "minutes"), (1, -1, "minutes")):
        bad = (await gql(client, ADVANCE, id=cid, h=hours, m=minutes))["advanceTestClock"]
        assert (bad["code"], bad["field"]) == ("INVALID_INPUT", at)


async def test_the_test_clock_moves_by_minutes_so_velocity_rules_see_real_windows(
    client: httpx.AsyncClient,
) -> None:
    """Rehearsing a burst: 3 signups inside 20 minutes trip a 2-per-hour velocity rule; once
    the campaign's clock is 61 minutes past the first two, the next one is within limits."""
    cid, link = await _rehearsal(client)
    rules = [{"rule": "REFERRAL_VELOCITY_HOUR", "mode": "FLAG", "threshold": 2}]
    done = await gql(client, SET_FRAUD, input={"campaignId": cid, "rules": rules})
    assert done["setFraudRules"]["__typename"] == "Campaign", done

    async def signup_rules(email: str) -> list[str]:
        made = await gql(
            client, SIGNUP, input={"friend": {"referralCode": link["code"], "email": email}}
        )
        return [s["rule"] for s in made["recordSignup"]["risk"]["signals"]]

    fired = [await signup_rules("ann@example.org"), await signup_rules("bob@example.org")]
    moved = (await gql(client, ADVANCE, id=cid, h=0, m=19))["advanceTestClock"]
    assert moved["campaign"]["testClock"].startswith(
        (START + timedelta(minutes=19)).isoformat()[:19]
    )
    fired.append(await signup_rules("cy@example.org"))
    assert fired == [[], [], ["REFERRAL_VELOCITY_HOUR"]]
    await gql(client, ADVANCE, id=cid, h=0, m=42)
    assert await signup_rules("dee@example.org") == []
    campaign = await Campaign.get(id=pk(cid))
    assert campaign.test_clock_minutes == 61


async def test_reset_deletes_the_rehearsal_and_nothing_else(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid, link = await _rehearsal(client)
    live_cid, live_link = await _rehearsal(client, test_mode=False, slug="live")
    for n, code in enumerate([link["code"], live_link["code"]]):
        visit = await click(client, code)
        done = await convert(
            client, f"tm-rst-{n}", f"o-{n}", 900, visitToken=visit, email="f@x.org"
        )
        refunded = await refund(client, done["conversion"]["id"], 100, f"tm-refund-{n}")
        assert refunded["__typename"] == "ConversionRecorded", refunded
    await gql(client, ADVANCE, id=cid, h=24 * 14)
    [reward] = await Reward.filter(campaign_id=pk(cid))
    async with make_client(app, await staff_token(app, Role.MANAGER, "m@example.com")) as m:
        assert (await gql(m, APPROVE, id=gid("Reward", reward.id)))["approveReward"][
            "approvals"
        ] == 1
        forbidden = (await gql(m, RESET, id=cid))["resetTestData"]
    assert forbidden["code"] == "FORBIDDEN"  # managers rehearse; owners and admins wipe
    # Decisions on test rewards are dated by the campaign's clock too.
    assert (await Reward.get(id=reward.id)).decided_at == START + timedelta(days=14)
    # The rehearsal's first successful referral was a (test) milestone with its notification.
    milestones = await Milestone.filter(campaign_id=pk(cid), test=True).count()
    notes = await Notification.filter(campaign_id=pk(cid), test=True).count()
    assert milestones >= 1 and notes >= milestones
    # Its emails (welcome, friend signed up, reward ...) and test webhook events go too.
    emails = await EmailMessage.filter(campaign_id=pk(cid)).count()
    hooks = await WebhookEvent.filter(test=True).count()
    assert emails >= 3 and hooks >= 3
    live_before = (
        await Click.filter(campaign_id=pk(live_cid)).count(),
        await Referral.filter(campaign_id=pk(live_cid)).count(),
        await Conversion.filter(campaign_id=pk(live_cid)).count(),
        await Refund.all().count() - 1,
        await Reward.filter(campaign_id=pk(live_cid)).count(),
        await LedgerEntry.filter(test=False).count(),
    )
    done = (await gql(client, RESET, id=cid))["resetTestData"]
    assert {d["kind"]: d["count"] for d in done["deleted"]} == {
        "notifications": notes,
        "ledger_entries": 1,  # issued only: a partial refund leaves a fixed reward as it is
        "reward_approvals": 1,
        "rewards": 1,
        "refunds": 1,
        "conversions": 1,
        "referrals": 1,
        "clicks": 1,
        "milestones": milestones,
        "emails": emails,
        "webhook_events": hooks,
        "integration_events": 0,
        "refused_edges": 0,
    }
    assert await EmailMessage.filter(campaign_id=pk(cid)).count() == 0
    assert await WebhookEvent.filter(test=True).count() == 0
    assert await WebhookEvent.filter(test=False).count() > 0  # the live campaign's stay
    assert done["campaign"]["testClock"].startswith(START.isoformat()[:19])
    assert await Reward.filter(campaign_id=pk(cid)).count() == 0
    assert await RewardApproval.all().count() == 0
    assert await LedgerEntry.filter(test=True).count() == 0
    assert await Milestone.filter(campaign_id=pk(cid)).count() == 0
    assert await Notification.filter(campaign_id=pk(cid)).count() == 0
    assert (
        await Click.filter(campaign_id=pk(live_cid)).count(),
        await Referral.filter(campaign_id=pk(live_cid)).count(),
        await Conversion.filter(campaign_id=pk(live_cid)).count(),
        await Refund.all().count(),
        await Reward.filter(campaign_id=pk(live_cid)).count(),
        await LedgerEntry.filter(test=False).count(),
    ) == live_before
    [audited] = await AuditEvent.filter(action="campaign.test_data_reset")
    assert audited.diff["test_clock_minutes"] == [336 * 60, 0]
    assert audited.diff["deleted.rewards"] == [1, 0]
    assert await verify_ledger() == []
    # The same friend can rehearse again from scratch.
    again = await convert(
        client, "tm-rst-again", "o-0", 900, referralCode=link["code"], email="f@x.org"
    )
    assert again["__typename"] == "ConversionRecorded"
    refused = (await gql(client, RESET, id=live_cid))["resetTestData"]
    assert (refused["code"], refused["field"]) == ("INVALID_STATE", "campaignId")


async def test_test_rows_stay_out_of_live_leaderboards_and_series(
    client: httpx.AsyncClient,
) -> None:
    cid, link = await _rehearsal(client)
    await convert(client, "tm-an-key-1", "o-1", 5000, referralCode=link["code"], email="a@x.org")
    query = """query($id: ID!) { campaign(id: $id) {
      leaderboard(first: 5) { successfulReferrals }
      timeseries(metric: CONVERSIONS, interval: MONTH, from: "2026-03-01T00:00:00Z",
                 to: "2026-04-01T00:00:00Z") { value } } }"""
    rehearsal = (await gql(client, query, id=cid))["campaign"]
    assert rehearsal["leaderboard"] == [{"successfulReferrals": 1}]
    assert rehearsal["timeseries"] == [{"value": 1}]
    await gql(client, "mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }", id=cid)
    # Flipped in the database as before goLive existed (goLive itself refuses to keep them).
    await Campaign.filter(slug="rehearsal").update(test_mode=False)
    live = (await gql(client, query, id=cid))["campaign"]
    assert live == {"leaderboard": [], "timeseries": [{"value": 0}]}


async def test_a_test_clock_never_releases_live_rewards(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    """A live reward earned before the campaign went into test mode keeps real time."""
    cid, link = await _rehearsal(client, test_mode=False, slug="went-to-test", autoApproveMax=5000)
    await convert(client, "tm-live-0001", "o-1", 100, referralCode=link["code"], email="a@x.org")
    update = """mutation($id: ID!) { updateCampaign(id: $id, input: {testMode: true}) {
      __typename ... on UserError { code } } }"""
    assert (await gql(client, update, id=cid))["updateCampaign"]["__typename"] == "Campaign"
    advanced = (await gql(client, ADVANCE, id=cid, h=24 * 31))["advanceTestClock"]
    assert advanced["holdsReleased"] == 0
    await run_due(clock=clock)  # the periodic job must not release it either
    assert await _statuses(cid) == ["pending"]
    clock.advance(timedelta(days=14))  # real time passes: now it is due
    await run_due(clock=clock)
    assert await _statuses(cid) == ["approved"]
