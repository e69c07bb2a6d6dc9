from __future__ import annotations

import asyncio

import httpx

from server.advocates.models import Advocate
from server.referrals.models import ReferralLink
from server.referrals.rules import CODE_ALPHABET, CODE_LENGTH
from tests.conftest import gql
from tests.factories import ENROLL, create_campaign, enroll, live_campaign
from tests.ids import gid

SHARE = """query($id: ID!) { campaign(id: $id) { links { nodes {
  shareContent { emailSubject emailBody socialMessage } } } } }"""


async def test_enrolling_twice_returns_the_same_link(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    first = await enroll(client, cid, "Ada.Lovelace@Example.com", name="Ada")
    again = await gql(
        client, ENROLL, input={"campaignId": cid, "email": "ada.lovelace@example.com"}
    )
    assert again["enrollAdvocate"]["created"] is False
    assert again["enrollAdvocate"]["link"]["code"] == first["code"]
    assert first["advocate"]["email"] == "ada.lovelace@example.com"
    assert len(first["code"]) == CODE_LENGTH and set(first["code"]) <= set(CODE_ALPHABET)
    assert first["shareUrl"] == f"https://vouch.example.com/r/{first['code']}"
    assert await Advocate.all().count() == 1


async def test_concurrent_enrolment_creates_one_link(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    results = await asyncio.gather(*(enroll(client, cid, "grace@example.com") for _ in range(10)))
    assert len({r["code"] for r in results}) == 1
    assert await ReferralLink.all().count() == 1


async def test_one_advocate_many_campaigns(client: httpx.AsyncClient) -> None:
    a = await live_campaign(client, slug="a")
    b = await live_campaign(client, slug="b")
    link_a = await enroll(client, a)
    link_b = await enroll(client, b)
    assert link_a["advocate"]["id"] == link_b["advocate"]["id"]
    assert link_a["code"] != link_b["code"]


async def test_enrolment_errors(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    await enroll(client, cid, "ken@example.com", externalId="cust-1", vanityCode="kens-deal")

    async def error(**data: str) -> tuple[str, str]:
        r = (await gql(client, ENROLL, input={"campaignId": cid, **data}))["enrollAdvocate"]
        assert r["__typename"] == "UserError", r
        return r["code"], r["field"]

    assert await error(email="not-an-email") == ("INVALID_INPUT", "email")
    assert await error(email="x@example.com", externalId="cust-1") == ("CONFLICT", "externalId")
    assert await error(email="y@example.com", vanityCode="KENS-DEAL") == ("CONFLICT", "vanityCode")
    assert await error(email="z@example.com", vanityCode="a b") == ("INVALID_INPUT", "vanityCode")
    assert await error(email="z@example.com", campaignId=gid("Campaign", 404)) == (
        "NOT_FOUND",
        "campaignId",
    )
    assert await Advocate.all().count() == 1


async def test_share_content_is_rendered_per_advocate(client: httpx.AsyncClient) -> None:
    campaign = await create_campaign(
        client,
        share={
            "emailSubject": "{advocate_name} sent you {friend_reward}",
            "emailBody": "Use {share_url}",
            "socialMessage": "{friend_reward}! {share_url} {unknown}",
            "friendReward": "$10 off",
        },
    )
    # {unknown} would be refused on input; it is in a message here only via the social text
    assert campaign["__typename"] == "UserError" and campaign["field"] == "share.socialMessage"
    campaign = await create_campaign(
        client,
        share={
            "emailSubject": "{advocate_name} sent you {friend_reward}",
            "emailBody": "Use {share_url}",
            "friendReward": "$10 off",
        },
    )
    link = await enroll(client, campaign["id"], "hedy@example.com", name="Hedy")
    content = (await gql(client, SHARE, id=campaign["id"]))["campaign"]["links"]["nodes"][0]
    assert content["shareContent"] == {
        "emailSubject": "Hedy sent you $10 off",
        "emailBody": f"Use https://vouch.example.com/r/{link['code']}",
        "socialMessage": "",
    }
