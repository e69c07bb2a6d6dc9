"""Private data stays with the callers allowed to read it: blocklist patterns and their notes
(`fraud:review`), staff emails (`users:manage`)."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from bot.api.client import VouchApi
from server.accounts import keys
from server.accounts.models import Role
from server.accounts.viewer import ANONYMOUS
from server.audit.service import CLI
from server.clock import FrozenClock
from server.jobs import run_due
from tests.conftest import gql, make_client, staff_token
from tests.factories import convert, enroll
from tests.integration.test_attribution import reattribute
from tests.integration.test_identity_checks import REWARDS, _campaign
from tests.integration.test_rewards import APPROVE

ADD_BLOCK = """mutation($input: AddBlocklistEntryInput!) { addBlocklistEntry(input: $input) {
  __typename ... on UserError { code } } }"""
PREVIEW = """query($c: ID!, $s: RewardScenario!) { previewReward(campaignId: $c, scenario: $s) {
  refused fraudSignals { rule reason } } }"""
SIGNUP = """mutation($input: RecordSignupInput!) { recordSignup(input: $input) {
  __typename ... on Referral { id } ... on UserError { code message } } }"""
RISK = "query($id: ID!) { referral(id: $id) { risk { signals { rule reason } } } }"
DECIDED = "query($id: ID!) { reward(id: $id) { decidedBy } }"
ATTRIBUTION = "query($id: ID!) { referral(id: $id) { attribution { decidedBy } } }"
SECRET_NOTE = "from the competitor list legal sent"


async def test_blocklist_patterns_and_notes_need_fraud_review(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await _campaign(client)
    link = await enroll(client, cid, "ada@example.com", name="Ada")
    block = {"kind": "EMAIL", "value": "*@rival.example", "reason": SECRET_NOTE}
    assert (await gql(client, ADD_BLOCK, input=block))["addBlocklistEntry"]["__typename"] != (
        "UserError"
    )
    scenario = {
        "advocateEmail": "ada@example.com",
        "friendEmail": "x@rival.example",
        "orderAmount": 5000,
        "currency": "USD",
    }
    signed = (
        await gql(
            client,
            SIGNUP,
            input={"friend": {"referralCode": link["code"], "email": "y@rival.example"}},
        )
    )["recordSignup"]
    owner_view = (await gql(client, PREVIEW, c=cid, s=scenario))["previewReward"]
    assert "rival.example" in str(owner_view) and SECRET_NOTE in str(owner_view)
    analyst = await staff_token(app, Role.ANALYST, "ann@example.com")
    async with make_client(app, analyst) as ann:
        seen = (await gql(ann, PREVIEW, c=cid, s=scenario))["previewReward"]
        assert seen["fraudSignals"] == [{"rule": "BLOCKLIST", "reason": "on a blocklist"}]
        risk = (await gql(ann, RISK, id=signed["id"]))["referral"]["risk"]
        assert risk["signals"] == [{"rule": "BLOCKLIST", "reason": "on a blocklist"}]
    assert SECRET_NOTE in str((await gql(client, RISK, id=signed["id"]))["referral"])


async def test_staff_emails_are_shown_only_to_users_manage(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await _campaign(client)
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    grace = await enroll(client, cid, "grace@example.com", name="Grace")
    done = await convert(
        client, "leak-000001", "o-leak", 100, referralCode=ada["code"], email="f@example.org"
    )
    referral_id = done["conversion"]["referral"]["id"]
    mia = await staff_token(app, Role.MANAGER, "mia@example.com")
    async with make_client(app, mia) as manager:
        moved = await reattribute(manager, referralId=referral_id, code=grace["code"])
        assert moved["__typename"] == "Referral"
    await run_due(clock=clock)
    nodes = (await gql(client, REWARDS))["rewards"]["nodes"]
    [reward] = [n for n in nodes if n["status"] == "AWAITING_APPROVAL"]
    max_token = await staff_token(app, Role.MANAGER, "max@example.com")
    async with make_client(app, max_token) as max_:
        approved = (await gql(max_, APPROVE, id=reward["id"]))["approveReward"]
        assert approved["reward"]["status"] == "APPROVED"
        # A manager (no users:manage) sees names, in fields and in messages alike.
        assert approved["reward"]["decidedBy"] == "Manager"
        again = (await gql(max_, APPROVE, id=reward["id"]))["approveReward"]
        assert again["message"] == "Already approved by Manager."
    assert (await gql(client, DECIDED, id=reward["id"]))["reward"]["decidedBy"] == (
        "max@example.com"
    )
    assert (await gql(client, ATTRIBUTION, id=referral_id))["referral"]["attribution"] == {
        "decidedBy": "staff:mia@example.com"
    }
    analyst = await staff_token(app, Role.ANALYST, "ann@example.com")
    async with make_client(app, analyst) as ann:
        assert (await gql(ann, DECIDED, id=reward["id"]))["reward"]["decidedBy"] == "Manager"
        shown = (await gql(ann, ATTRIBUTION, id=referral_id))["referral"]["attribution"]
        assert shown == {"decidedBy": "staff:Manager"}
    # The Slack bot's key reads rewards through its own operation: names, never emails.
    issued = await keys.create_api_key(
        name="slack",
        role=Role.BOT,
        test=False,
        expires_at=None,
        pepper=app.state.services.api_key_pepper,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=clock,
    )
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://vouch.example.com"
    )
    api = VouchApi("https://vouch.example.com/graphql", issued.secret, http=http)
    found: Any = await api.reward(reward["id"])
    await api.aclose()
    assert found is not None and found.decided_by == "Manager"
