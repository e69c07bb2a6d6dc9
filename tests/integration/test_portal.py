"""The advocate portal shows an advocate their own link and results, and nothing else."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from server.referrals.models import LinkStatus, ReferralLink
from server.rewards.models import Reward
from tests.conftest import gql, make_client
from tests.factories import convert, enroll, live_campaign, signup
from tests.ids import gid, pk
from tests.integration.test_authorization import QUERIES

ISSUE = """mutation($id: ID!) { issuePortalToken(linkId: $id) {
  ... on PortalToken { token link { code } } ... on UserError { code } } }"""
PORTAL = """{ portal { advocateName code shareUrl shareContent { socialMessage }
  campaign { name phase } referrals { friend status } rewards { status } } }"""


async def test_each_advocate_sees_only_their_own(client: httpx.AsyncClient, app: Starlette) -> None:
    cid = await live_campaign(client, share={"socialMessage": "Join via {share_url}"})
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    ken = await enroll(client, cid, "ken@example.com", name="Ken")
    await signup(client, referralCode=ada["code"], email="jane.doe@example.org")
    await convert(
        client,
        "portal-key-1",
        "o-1",
        100,
        referralCode=ken["code"],
        email="secret.friend@example.org",
    )
    ada_token = (await gql(client, ISSUE, id=ada["id"]))["issuePortalToken"]["token"]
    ken_token = (await gql(client, ISSUE, id=ken["id"]))["issuePortalToken"]["token"]
    async with make_client(app, ada_token) as portal:
        mine = (await gql(portal, PORTAL))["portal"]
        assert mine == {
            "advocateName": "Ada",
            "code": ada["code"],
            "shareUrl": ada["shareUrl"],
            "shareContent": {"socialMessage": f"Join via {ada['shareUrl']}"},
            "campaign": {"name": "Give 10", "phase": "LIVE"},
            "referrals": [{"friend": "j***@example.org", "status": "SIGNED_UP"}],
            "rewards": [],
        }
        everything = str(mine)
        assert "ken" not in everything.lower() and "secret.friend" not in everything
        for name, query in QUERIES:
            if name in ("portal", "me", "joinPage"):  # its own, or public
                continue
            body = (await portal.post("/graphql", json={"query": query})).json()
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, body)
        denied = await gql(portal, ISSUE, id=ken["id"])
        assert denied == {"issuePortalToken": {"code": "FORBIDDEN"}}
    async with make_client(app, ken_token) as portal:
        theirs = (await gql(portal, PORTAL))["portal"]
        assert theirs["referrals"] == [{"friend": "s***@example.org", "status": "CONVERTED"}]


async def test_portal_tokens_are_revocable(client: httpx.AsyncClient, app: Starlette) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid)
    first = (await gql(client, ISSUE, id=link["id"]))["issuePortalToken"]["token"]
    second = (await gql(client, ISSUE, id=link["id"]))["issuePortalToken"]["token"]
    assert first.startswith("vpt_") and first != second
    stored = await ReferralLink.get(id=pk(link["id"]))
    assert stored.portal_token_hash and second not in stored.portal_token_hash

    async def status(token: str) -> int:
        async with make_client(app, token) as c:
            return (await c.post("/graphql", json={"query": PORTAL})).status_code

    assert (await status(first), await status(second)) == (401, 200)
    await ReferralLink.filter(id=stored.id).update(status=LinkStatus.BLOCKED)
    assert await status(second) == 401
    await ReferralLink.filter(id=stored.id).update(status=LinkStatus.ACTIVE)
    await gql(
        client,
        "mutation($id: ID!) { revokePortalToken(linkId: $id) { __typename } }",
        id=link["id"],
    )
    assert await status(second) == 401


async def test_advocates_see_why_a_reward_was_rejected(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    await gql(
        client,
        """mutation($id: ID!) { setRewardRules(input: {campaignId: $id, rules: [
        {key: "a", recipient: ADVOCATE, trigger: FIRST_PURCHASE, kind: CASH, currency: "USD",
         fixedAmount: 1000}, {key: "f", recipient: FRIEND, trigger: FIRST_PURCHASE,
         kind: DISCOUNT, currency: "USD", fixedAmount: 500}]}) { __typename } }""",
        id=cid,
    )
    link = await enroll(client, cid)
    await convert(
        client, "portal-rw-01", "o-9", 100, referralCode=link["code"], email="zed@example.org"
    )
    mine = await Reward.get(recipient="advocate")
    await gql(
        client,
        """mutation($id: ID!) { rejectReward(id: $id, reason: "not_eligible",
        note: "Staff purchase") { __typename } }""",
        id=gid("Reward", mine.id),
    )
    token = (await gql(client, ISSUE, id=link["id"]))["issuePortalToken"]["token"]
    async with make_client(app, token) as portal:
        rewards = (
            await gql(
                portal, "{ portal { rewards { status rejectReason rejectNote value { amount } } } }"
            )
        )["portal"]["rewards"]
    # Only the advocate's own reward; the friend's discount is not theirs to see.
    assert rewards == [
        {
            "status": "REJECTED",
            "rejectReason": "not_eligible",
            "rejectNote": "Staff purchase",
            "value": {"amount": 1000},
        }
    ]


async def test_only_staff_issue_portal_tokens(client: httpx.AsyncClient, app: Starlette) -> None:
    """Issuing replaces the advocate's own token and opens their rewards: an integration key
    (which may enrol advocates) must not, so an advocate's portal cannot be taken over by it."""
    from server.accounts.models import Role
    from tests.conftest import staff_token

    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    ada_token = (await gql(client, ISSUE, id=ada["id"]))["issuePortalToken"]["token"]
    made = await gql(
        client,
        """mutation { createApiKey(input: {name: "shop", role: INTEGRATION}) {
          ... on CreatedApiKey { secret } } }""",
    )
    async with make_client(app, made["createApiKey"]["secret"]) as shop:
        assert (await gql(shop, ISSUE, id=ada["id"]))["issuePortalToken"] == {"code": "FORBIDDEN"}
        revoke = (
            "mutation($id: ID!) { revokePortalToken(linkId: $id) { ... on UserError { code } } }"
        )
        assert (await gql(shop, revoke, id=ada["id"]))["revokePortalToken"] == {"code": "FORBIDDEN"}
    async with make_client(app, ada_token) as portal:
        assert (await gql(portal, PORTAL))["portal"]["code"] == ada["code"]  # still hers
    async with make_client(app, await staff_token(app, Role.MANAGER, "m@example.com")) as m:
        assert "token" in (await gql(m, ISSUE, id=ada["id"]))["issuePortalToken"]
