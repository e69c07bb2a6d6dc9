"""A refused advocate-to-advocate referral is remembered (no email kept) and completes a ring
that closes later: the ring's earlier referrals and their unpaid rewards are flagged."""

from __future__ import annotations

from typing import Any

import httpx

from server.audit.models import AuditEvent
from server.fraud.models import RefusedEdge
from server.rewards.models import Reward
from tests.conftest import gql
from tests.factories import convert, enroll, live_campaign, paying_campaign
from tests.ids import pk

SIGNUP = """mutation($input: RecordSignupInput!) { recordSignup(input: $input) { __typename
  ... on Referral { id status risk { reviewStatus signals { rule reason } } }
  ... on UserError { code field message } } }"""
REFERRAL = """query($id: ID!) { referral(id: $id) { status
  risk { reviewStatus signals { rule reason } } } }"""
REFUSAL = {
    "__typename": "UserError",
    "code": "INVALID_STATE",
    "field": "friend.email",
    "message": "This friend is an advocate of the campaign and cannot be referred into it.",
}


async def _signup(client: httpx.AsyncClient, code: str, email: str) -> dict[str, Any]:
    done = await gql(client, SIGNUP, input={"friend": {"referralCode": code, "email": email}})
    result: dict[str, Any] = done["recordSignup"]
    return result


async def _campaign(client: httpx.AsyncClient, slug: str) -> str:
    return await paying_campaign(client, slug=slug)


async def test_a_refused_edge_closes_a_ring_later(client: httpx.AsyncClient) -> None:
    x, y, z = [await _campaign(client, s) for s in ("x-shop", "y-shop", "z-shop")]
    a_x = await enroll(client, x, "a.person@gmail.com")
    await enroll(client, x, "b@example.org")
    # a -> b inside campaign x: refused as ever, twice; remembered once, as the two advocates.
    for _ in range(2):
        assert await _signup(client, a_x["code"], "b@example.org") == REFUSAL
    edges = await RefusedEdge.all().values("advocate_id", "friend_id", "attempts", "test")
    assert edges == [
        {
            "advocate_id": pk(a_x["advocate"]["id"]),
            "friend_id": edges[0]["friend_id"],
            "attempts": 2,
            "test": False,
        }
    ]
    assert edges[0]["friend_id"] != edges[0]["advocate_id"]
    assert await AuditEvent.filter(action="fraud.refused_edge").count() == 1
    # b -> c in campaign y (c is no advocate there): recorded clean; c orders, b is owed.
    b_y = await enroll(client, y, "b@example.org")
    bc = await _signup(client, b_y["code"], "c@example.org")
    assert (bc["status"], bc["risk"]["signals"]) == ("SIGNED_UP", [])
    await convert(client, "ring-order-1", "o-1", referralCode=b_y["code"], email="c@example.org")
    owed = await Reward.get(referral_id=pk(bc["id"]))
    assert not owed.flagged
    # c -> a (dotted, tagged) in campaign z closes the ring a -> b -> c -> a.
    c_z = await enroll(client, z, "c@example.org")
    ca = await _signup(client, c_z["code"], "a.per.son+z@googlemail.com")
    assert [s["rule"] for s in ca["risk"]["signals"]] == ["REFERRAL_RING"]
    assert ca["risk"]["signals"][0]["reason"] == (
        "Referral ring: c@example.org -> aperson@gmail.com -> b@example.org -> c@example.org."
    )
    # The ring's earlier referral (b -> c) is re-scored, flagged, its unpaid reward with it.
    earlier = (await gql(client, REFERRAL, id=bc["id"]))["referral"]
    assert earlier["risk"]["reviewStatus"] == "FLAGGED"
    assert [s["rule"] for s in earlier["risk"]["signals"]] == ["REFERRAL_RING"]
    assert "Cluster:" in earlier["risk"]["signals"][0]["reason"]
    assert (await Reward.get(id=owed.id)).flagged


ERASE = """mutation($id: ID!, $reason: String!) { eraseAdvocate(advocateId: $id, reason: $reason) {
  __typename ... on Erasure { pseudonym } ... on UserError { code field message } } }"""
RESET = """mutation($id: ID!) { resetTestData(campaignId: $id) {
  __typename ... on TestDataReset { deleted { kind count } } ... on UserError { code } } }"""


async def test_a_rehearsal_s_refusals_are_wiped_with_it_and_erasure_forgets_them(
    client: httpx.AsyncClient,
) -> None:
    rehearsal = await live_campaign(client, testMode=True, slug="rehearsal")
    a_t = await enroll(client, rehearsal, "a@example.org")
    await enroll(client, rehearsal, "b@example.org")
    friend = {"referralCode": a_t["code"], "email": "b@example.org", "testData": True}
    refused = (await gql(client, SIGNUP, input={"friend": friend}))["recordSignup"]
    assert refused == REFUSAL
    assert await RefusedEdge.filter(test=True).count() == 1
    done = (await gql(client, RESET, id=rehearsal))["resetTestData"]
    assert {"kind": "refused_edges", "count": 1} in done["deleted"], done
    assert await RefusedEdge.all().count() == 0
    # A live refusal goes when either advocate's personal data is erased.
    live = await _campaign(client, "x-shop")
    a = await enroll(client, live, "a@example.org")
    b = await enroll(client, live, "b@example.org")
    assert await _signup(client, a["code"], "b@example.org") == REFUSAL
    assert await RefusedEdge.filter(test=False).count() == 1
    gone = (await gql(client, ERASE, id=b["advocate"]["id"], reason="asked"))["eraseAdvocate"]
    assert gone["__typename"] == "Erasure", gone
    assert await RefusedEdge.all().count() == 0
