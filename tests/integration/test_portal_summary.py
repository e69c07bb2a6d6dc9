"""The portal's summary fields: share actions, QR code, balance and progress, all the advocate's
own."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette

from tests.conftest import gql, make_client
from tests.factories import convert, enroll, live_campaign

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
