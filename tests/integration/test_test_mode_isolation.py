"""Test mode never leaks into live: milestones, audit time, enrolment time and API keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from server.campaigns.models import Campaign
from server.clock import FrozenClock
from tests.conftest import gql, make_client
from tests.factories import CONVERT, ENROLL, convert, enroll, live_campaign
from tests.ids import pk

ADVANCE = """mutation($id: ID!, $h: Int!) { advanceTestClock(campaignId: $id, hours: $h) {
  __typename ... on UserError { code } } }"""
UPDATE = """mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id,
  input: $input) { __typename ... on Campaign { testMode } ... on UserError { code field } } }"""
CREATE_RULE = """mutation($input: CreateMilestoneRuleInput!) { createMilestoneRule(input: $input)
  { __typename } }"""
MILESTONES = """query($c: ID) { milestones(campaignId: $c) { nodes { ruleKey test } } }"""
AUDIT = """query($action: String) { auditLog(action: $action, first: 10) { nodes { action
  createdAt effectiveAt } } }"""
ENROLLED_AT = """mutation($input: EnrollAdvocateInput!) { enrollAdvocate(input: $input) {
  ... on Enrollment { link { createdAt } } } }"""
CREATE_KEY = """mutation($role: Role!, $test: Boolean!) {
  createApiKey(input: {name: "shop", role: $role, test: $test}) {
    ... on CreatedApiKey { secret } } }"""
REFUND = """mutation($input: RecordRefundInput!) { recordRefund(input: $input) {
  __typename ... on UserError { code field } } }"""


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_a_rehearsal_milestone_does_not_block_the_live_one(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client, testMode=True)
    await gql(client, CREATE_RULE, input={"campaignId": cid, "kind": "CONVERSIONS", "threshold": 1})
    link = await enroll(client, cid)
    await convert(client, "tm-key-0001", "o-1", referralCode=link["code"], email="t@x.org")
    # Going live keeps nothing of a rehearsal (goLive resets it); here the rehearsal's rows stay
    # on purpose, so the flag is flipped in the database.
    await Campaign.filter(id=pk(cid)).update(test_mode=False)
    live = await convert(client, "tm-key-0002", "o-2", referralCode=link["code"], email="l@x.org")
    assert live["__typename"] == "ConversionRecorded", live
    reached = (await gql(client, MILESTONES, c=cid))["milestones"]["nodes"]
    firsts = sorted((m["test"], m["ruleKey"]) for m in reached if m["ruleKey"] == "conversions-1")
    assert firsts == [(False, "conversions-1"), (True, "conversions-1")]


async def test_audit_time_is_real_time_and_the_campaign_clock_is_kept_beside_it(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, testMode=True)
    assert (await gql(client, ADVANCE, id=cid, h=15 * 24))["advanceTestClock"]["__typename"] == (
        "TestClockAdvanced"
    )
    link = await enroll(client, cid)
    await convert(client, "tm-key-0101", "o-1", referralCode=link["code"], email="t@x.org")
    [event] = (await gql(client, AUDIT, action="conversion.record"))["auditLog"]["nodes"]
    assert _time(event["createdAt"]) == clock.now()
    assert _time(event["effectiveAt"]) == clock.now() + timedelta(days=15)
    [advanced] = (await gql(client, AUDIT, action="campaign.test_clock_advanced"))["auditLog"][
        "nodes"
    ]
    assert _time(advanced["createdAt"]) == clock.now() and advanced["effectiveAt"] is None


async def test_enrolment_runs_on_the_campaign_clock(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    ends = (clock.now() + timedelta(days=3)).isoformat()
    cid = await live_campaign(client, testMode=True, endsAt=ends)
    await gql(client, ADVANCE, id=cid, h=48)
    early = await gql(client, ENROLLED_AT, input={"campaignId": cid, "email": "e@example.com"})
    created = early["enrollAdvocate"]["link"]["createdAt"]
    assert _time(created) == clock.now() + timedelta(hours=48)
    await gql(client, ADVANCE, id=cid, h=48)  # past endsAt on the campaign's clock
    late = await gql(client, ENROLL, input={"campaignId": cid, "email": "late@example.com"})
    assert late["enrollAdvocate"]["code"] == "INVALID_STATE"


async def _key(client: httpx.AsyncClient, app: Starlette, test: bool) -> httpx.AsyncClient:
    secret = (await gql(client, CREATE_KEY, role="INTEGRATION", test=test))["createApiKey"]
    assert secret["secret"].startswith("vch_test_" if test else "vch_live_")
    return make_client(app, secret["secret"])


def _order(key: str, code: str, **extra: Any) -> dict[str, Any]:
    return {
        "friend": {"referralCode": code, "email": f"{key}@example.org", **extra},
        "externalOrderId": key,
        "amount": 1000,
        "currency": "USD",
        "idempotencyKey": f"key-mode-{key}",
    }


async def test_a_test_key_writes_only_to_test_mode_campaigns(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    live = await live_campaign(client, slug="live-one")
    rehearsal = await live_campaign(client, slug="test-one", testMode=True)
    live_link = await enroll(client, live)
    test_link = await enroll(client, rehearsal)
    async with await _key(client, app, test=True) as shop:
        refused = (await gql(shop, CONVERT, input=_order("a", live_link["code"])))[
            "recordConversion"
        ]
        assert (refused["code"], refused["field"]) == ("FORBIDDEN", "friend.campaignId")
        enrol = await gql(shop, ENROLL, input={"campaignId": live, "email": "x@example.com"})
        assert enrol["enrollAdvocate"]["code"] == "FORBIDDEN"
        done = (await gql(shop, CONVERT, input=_order("b", test_link["code"])))["recordConversion"]
        assert done["__typename"] == "ConversionRecorded", done
    # A refund of a live order by a test key is refused too.
    live_order = await convert(client, "key-mode-c", "c", referralCode=live_link["code"],
                               email="c@example.org")  # fmt: skip
    async with await _key(client, app, test=True) as shop:
        refund = await gql(
            shop,
            REFUND,
            input={
                "conversionId": live_order["conversion"]["id"],
                "amount": 100,
                "idempotencyKey": "key-mode-refund-1",
            },
        )
        assert refund["recordRefund"] == {
            "__typename": "UserError",
            "code": "FORBIDDEN",
            "field": "conversionId",  # the refund's campaign is its conversion's
        }


async def test_a_live_key_writes_test_data_only_when_asked(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    live = await live_campaign(client, slug="live-one")
    rehearsal = await live_campaign(client, slug="test-one", testMode=True)
    live_link = await enroll(client, live)
    test_link = await enroll(client, rehearsal)
    async with await _key(client, app, test=False) as shop:
        unasked = (await gql(shop, CONVERT, input=_order("d", test_link["code"])))[
            "recordConversion"
        ]
        assert (unasked["code"], unasked["field"]) == ("FORBIDDEN", "friend.testData")
        asked = (await gql(shop, CONVERT, input=_order("e", test_link["code"], testData=True)))[
            "recordConversion"
        ]
        assert asked["__typename"] == "ConversionRecorded", asked
        mixed = (await gql(shop, CONVERT, input=_order("f", live_link["code"], testData=True)))[
            "recordConversion"
        ]
        assert (mixed["code"], mixed["field"]) == ("INVALID_STATE", "friend.testData")
        real = (await gql(shop, CONVERT, input=_order("g", live_link["code"])))["recordConversion"]
        assert real["__typename"] == "ConversionRecorded", real
