"""The portal's summary fields: share actions, QR code, balance and progress, all the advocate's
own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette

from server.clock import FrozenClock
from server.jobs import run_due
from tests.conftest import gql, make_client
from tests.factories import CASH_PER_FIRST_PURCHASE, convert, enroll, live_campaign

ISSUE = """mutation($id: ID!) { issuePortalToken(linkId: $id) {
  ... on PortalToken { token } ... on UserError { code } } }"""
RULES = """mutation($id: ID!) { setRewardRules(input: {campaignId: $id, rules: [
  {key: "a", recipient: ADVOCATE, trigger: FIRST_PURCHASE, kind: CASH, currency: "USD",
   fixedAmount: 1000, description: "Cash per friend", tiers: [{afterReferrals: 3, fixedAmount: 1500}]}
  ]}) { __typename } }"""
SUMMARY = """{ portal { shareUrl shareIntents { channel label url } qrSvg
  balance { amount currency formatted }
  progress { convertedReferrals
    nextTier { afterReferrals remaining fixedAmount { formatted } description }
    nextMilestone { threshold remaining } } } }"""


async def test_portal_summary(client: httpx.AsyncClient, app: Starlette) -> None:
    cid = await live_campaign(client, share={"socialMessage": "Try it: {share_url}"})
    assert (await gql(client, RULES, id=cid))["setRewardRules"]["__typename"] == "RewardRuleVersion"
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    ken = await enroll(client, cid, "ken@example.com", name="Ken")
    for key, code, friend in (("summary-1", ada["code"], "f1"), ("summary-2", ken["code"], "f2")):
        done = await convert(
            client, key, f"o-{key}", 2000, referralCode=code, email=f"{friend}@x.org"
        )
        assert done["__typename"] == "ConversionRecorded", done
    token = (await gql(client, ISSUE, id=ada["id"]))["issuePortalToken"]["token"]
    async with make_client(app, token) as portal:
        mine = (await gql(portal, SUMMARY))["portal"]

    url = mine["shareUrl"]
    intents = {i["channel"]: i["url"] for i in mine["shareIntents"]}
    assert set(intents) == {"EMAIL", "SMS", "WHATSAPP", "X", "LINKEDIN", "FACEBOOK"}
    assert intents["EMAIL"].startswith("mailto:?subject=")
    assert url in parse_qs(urlsplit(intents["EMAIL"]).query)["body"][0]
    assert parse_qs(urlsplit(intents["SMS"]).query)["body"] == [f"Try it: {url}"]
    assert parse_qs(urlsplit(intents["WHATSAPP"]).query)["text"] == [f"Try it: {url}"]
    assert urlsplit(intents["X"]).netloc == "x.com"
    assert parse_qs(urlsplit(intents["LINKEDIN"]).query)["url"] == [url]
    assert parse_qs(urlsplit(intents["FACEBOOK"]).query)["u"] == [url]
    assert mine["qrSvg"].startswith("<svg") and "<path" in mine["qrSvg"]

    # Ada's one converted friend earned her $10; Ken's reward is not hers.
    assert mine["balance"] == [{"amount": 1000, "currency": "USD", "formatted": "$10.00"}]
    assert mine["progress"] == {
        "convertedReferrals": 1,
        "nextTier": {
            "afterReferrals": 3,
            "remaining": 2,
            "fixedAmount": {"formatted": "$15.00"},
            "description": "Cash per friend",
        },
        # The default advocate milestones are 1, 5, 10, 25 referrals.
        "nextMilestone": {"threshold": 5, "remaining": 4},
    }


async def test_a_new_advocate_starts_at_zero(client: httpx.AsyncClient, app: Starlette) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid)
    token = (await gql(client, ISSUE, id=link["id"]))["issuePortalToken"]["token"]
    async with make_client(app, token) as portal:
        mine = (await gql(portal, SUMMARY))["portal"]
    assert mine["balance"] == []
    assert mine["progress"] == {
        "convertedReferrals": 0,
        "nextTier": None,
        "nextMilestone": {"threshold": 1, "remaining": 1},
    }


EARNINGS = """{ portal { balance { formatted }
  earnings { pending { formatted } approved { formatted } paid { formatted } } } }"""
SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename } }"""
REWARDS = "{ rewards(first: 5) { nodes { id status } } }"
STAFF_VIEW = """query($id: ID!) {
  advocate(id: $id) { earnings { pending { formatted } approved { formatted } paid { formatted } } }
  rewards(advocateId: $id, first: 5) { nodes { id status } } }"""
APPROVE = """mutation($id: ID!) { approveReward(id: $id) { __typename } }"""
FULFIL = """mutation($id: ID!) { fulfillReward(id: $id, externalReference: "PAY-1") {
  __typename ... on Reward { status } } }"""


async def test_earnings_say_what_the_advocate_may_count_on(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    """A reward being checked is pending, not money the advocate has: the portal's earnings move
    it to approved once staff approve it, and to paid once it is paid out."""
    cid = await live_campaign(client)
    rules = {"campaignId": cid, "rules": [CASH_PER_FIRST_PURCHASE]}
    assert (await gql(client, SET_RULES, input=rules))["setRewardRules"]["__typename"] == (
        "RewardRuleVersion"
    )
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    done = await convert(
        client, "earn-key-0001", "o-earn-1", 100, referralCode=ada["code"], email="f@x.org"
    )
    assert done["__typename"] == "ConversionRecorded", done
    await run_due(clock=clock)
    [reward] = (await gql(client, REWARDS))["rewards"]["nodes"]
    assert reward["status"] == "AWAITING_APPROVAL"
    token = (await gql(client, ISSUE, id=ada["id"]))["issuePortalToken"]["token"]
    ten = [{"formatted": "$10.00"}]

    async def mine() -> dict[str, Any]:
        async with make_client(app, token) as portal:
            found: dict[str, Any] = (await gql(portal, EARNINGS))["portal"]
            return found

    assert await mine() == {
        "balance": ten,
        "earnings": {"pending": ten, "approved": [], "paid": []},
    }
    clock.advance(timedelta(hours=25))
    assert (await gql(client, APPROVE, id=reward["id"]))["approveReward"]["__typename"] == (
        "RewardDecision"
    )
    assert (await mine())["earnings"] == {"pending": [], "approved": ten, "paid": []}
    assert (await gql(client, FULFIL, id=reward["id"]))["fulfillReward"]["status"] == "FULFILLED"
    assert await mine() == {
        "balance": [{"formatted": "$0.00"}],
        "earnings": {"pending": [], "approved": [], "paid": ten},
    }
    # Staff see the same split on the advocate, and her rewards by her id.
    staff = await gql(client, STAFF_VIEW, id=ada["advocate"]["id"])
    assert staff["advocate"]["earnings"] == {"pending": [], "approved": [], "paid": ten}
    assert staff["rewards"]["nodes"] == [{"id": reward["id"], "status": "FULFILLED"}]
    ken = await enroll(client, cid, "ken@example.com", name="Ken")
    nobody = await gql(client, STAFF_VIEW, id=ken["advocate"]["id"])
    assert nobody["advocate"]["earnings"] == {"pending": [], "approved": [], "paid": []}
    assert nobody["rewards"]["nodes"] == []
    wrong = await client.post("/graphql", json={"query": STAFF_VIEW, "variables": {"id": cid}})
    errors = {e["path"][0]: e["extensions"] for e in wrong.json()["errors"]}
    assert errors["advocate"] == {"code": "INVALID_INPUT", "field": "id"}, errors
    assert errors["rewards"] == {"code": "INVALID_INPUT", "field": "advocateId"}, errors
