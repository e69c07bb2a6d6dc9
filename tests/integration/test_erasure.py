"""GDPR erasure and access export: the person is gone from every table, the money is not."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from server import db
from server.accounts.models import Role
from server.clock import FrozenClock
from server.fraud.models import AdvocateEvidence, AdvocateSession
from server.jobs import run_due
from server.referrals.models import Referral
from server.rewards.service import verify_ledger
from server.rewards.verify import verify_rewards
from tests.conftest import gql, make_client, staff_token
from tests.factories import click, convert, enroll, live_campaign, signup
from tests.ids import gid, pk
from tests.integration.test_rewards import SET_RULES, advocate_rule

ERASE = """mutation($id: ID!, $reason: String!) { eraseAdvocate(advocateId: $id, reason: $reason) {
  __typename ... on Erasure { pseudonym auditEvents } ... on UserError { code field message } } }"""
ERASE_FRIEND = """mutation($id: ID!, $reason: String!) {
  eraseFriend(referralId: $id, reason: $reason) {
  __typename ... on Erasure { pseudonym auditEvents } ... on UserError { code field message } } }"""
STRIPE = """mutation($id: ID!, $c: String) { setAdvocateStripeCustomer(advocateId: $id, customerId: $c) {
  __typename ... on Advocate { stripeCustomerId } ... on UserError { code field } } }"""
FRIEND_STRIPE = """mutation($id: ID!, $c: String) {
  setFriendStripeCustomer(referralId: $id, customerId: $c) {
  __typename ... on Referral { friendStripeCustomerId } ... on UserError { code field } } }"""
DATA = """query($id: ID!) { advocateDataExport(advocateId: $id) }"""
STATS = """query($id: ID!) { campaign(id: $id) { stats { clicks uniqueVisitors referrals signups
  conversions revenue { amount currency } } } }"""
REVIEW = """mutation($id: ID!, $note: String!) { rejectReward(id: $id, reason: "other", note: $note) {
  __typename } }"""
AUDIT_ADVOCATE = """query($id: String!) { auditLog(targetType: "Advocate", targetId: $id, first: 20) {
  nodes { action changes } } }"""

PII = [
    "ada.lovelace@example.com",
    "adalovelace@example.com",  # not gmail: the canonical key is the same string lower-cased
    "Ada Lovelace",
    "crm-ada-7731",
    "cus_AdaStripe42",
    "ADAVANITY",
    "ADACOUPON",
    "friend.bob@example.org",
    "crm-bob-9902",
    "cus_BobStripe77",
]


async def _world(client: httpx.AsyncClient, clock: FrozenClock) -> dict[str, Any]:
    cid = await live_campaign(client)
    rules = [advocate_rule(), advocate_rule(key="friend", recipient="FRIEND", fixedAmount=500)]
    made = await gql(
        client, SET_RULES, input={"campaignId": cid, "rules": rules, "autoApproveMax": 100000}
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    link = await enroll(
        client, cid, "Ada.Lovelace@example.com", name="Ada Lovelace", externalId="crm-ada-7731",
        vanityCode="adavanity", couponCode="adacoupon", ipAddress="198.51.100.4",
        userAgent="AdaBrowser/1", deviceId="ada-phone-device-1", phone="+44 20 7946 0018",
    )  # fmt: skip
    advocate = link["advocate"]["id"]
    assert (await gql(client, STRIPE, id=advocate, c="cus_AdaStripe42"))[
        "setAdvocateStripeCustomer"
    ]["stripeCustomerId"] == "cus_AdaStripe42"
    token = await click(client, link["code"], "BobBrowser/2")
    # Bob's device again, and someone else: two distinct visitors, before and after erasure.
    await click(client, link["code"], "BobBrowser/2")
    await click(client, link["code"], "Other/1")
    ref = await signup(
        client, visitToken=token, email="friend.bob@example.org", externalId="crm-bob-9902"
    )
    assert ref["__typename"] == "Referral", ref
    got = await gql(client, FRIEND_STRIPE, id=ref["id"], c="cus_BobStripe77")
    assert got["setFriendStripeCustomer"]["friendStripeCustomerId"] == "cus_BobStripe77"
    await convert(client, "erase-key-0001", "o-1", 5000, visitToken=token,
                  email="friend.bob@example.org")  # fmt: skip
    clock.advance(timedelta(days=31))
    await run_due(clock=clock)
    return {"campaign": cid, "advocate": advocate, "referral": ref["id"], "link": link}


async def _rows_with(needles: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, value) in the database, any column type, holding one of `needles`."""
    conn = db.connection()
    if conn.capabilities.dialect == "postgres":
        _, tables = await conn.execute_query(
            "SELECT table_name AS name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    else:
        _, tables = await conn.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    found = []
    lowered = [n.lower() for n in needles]
    for t in tables:
        _, rows = await conn.execute_query(f'SELECT * FROM "{t["name"]}"')  # noqa: S608
        for row in rows:
            for column, value in dict(row).items():
                text = value if isinstance(value, str) else json.dumps(value, default=str)
                low = text.lower()
                unescaped = json.loads(json.dumps(low)) if isinstance(value, str) else low
                if any(n in low or n in unescaped for n in lowered):
                    found.append((t["name"], column, text))
    return found


async def test_erasure_removes_the_person_everywhere_and_keeps_the_money(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    world = await _world(client, clock)
    assert await _rows_with(PII), "the scan must see the data before the erasure"
    assert await AdvocateEvidence.filter(advocate_id=pk(world["advocate"])).count() == 2
    stats = (await gql(client, STATS, id=world["campaign"]))["campaign"]["stats"]
    assert (stats["clicks"], stats["uniqueVisitors"]) == (3, 2)
    export = (await gql(client, DATA, id=world["advocate"]))["advocateDataExport"]
    assert export["advocate"]["email"] == "ada.lovelace@example.com"
    assert export["advocate"]["stripeCustomerId"] == "cus_AdaStripe42"
    assert export["enrolments"][0]["vanityCode"] == "adavanity"
    assert export["referrals"][0]["friend"] != "friend.bob@example.org"  # masked
    assert [r["amount"] for r in export["rewards"]] == [1000]
    assert sum(e["amount"] for e in export["ledger"]) == 1000

    # The hashed networks and devices tied to them are personal data too. (Bob's network is
    # not: every test request comes from one address, which the other visitor shares.)
    bob = await Referral.get(id=pk(world["referral"]))
    ada_seen = await AdvocateSession.get(advocate_id=pk(world["advocate"]))
    hashes = [h for h in (bob.ua_hash, ada_seen.ip_hash, ada_seen.ua_hash) if h]
    assert len(hashes) == 3 and await _rows_with(hashes)

    reason = "GDPR request from ada.lovelace@example.com"
    gone = (await gql(client, ERASE, id=world["advocate"], reason=reason))["eraseAdvocate"]
    assert gone["__typename"] == "Erasure", gone
    assert gone["auditEvents"] >= 2
    friend = (await gql(client, ERASE_FRIEND, id=world["referral"], reason="asked by email"))[
        "eraseFriend"
    ]
    assert friend["__typename"] == "Erasure", friend

    assert await _rows_with(PII) == []
    # The keyed hashes of what Ada identified herself with are gone too.
    assert await AdvocateEvidence.filter(advocate_id=pk(world["advocate"])).count() == 0
    assert await _rows_with(hashes) == []
    assert await verify_ledger() == []
    assert await verify_rewards() == []
    assert (await gql(client, STATS, id=world["campaign"]))["campaign"]["stats"] == stats
    # The audit trail keeps its structure: the events are there, pseudonymised.
    events = (await gql(client, AUDIT_ADVOCATE, id=str(pk(world["advocate"]))))["auditLog"]
    actions = [e["action"] for e in events["nodes"]]
    assert "advocate.create" in actions and "advocate.erase" in actions
    # The link no longer works and the portal token is gone.
    assert (await client.get(f"/r/{world['link']['code']}")).status_code != 302

    again = (await gql(client, ERASE, id=world["advocate"], reason="again"))["eraseAdvocate"]
    assert (again["__typename"], again["code"]) == ("UserError", "INVALID_STATE")
    again = (await gql(client, ERASE_FRIEND, id=world["referral"], reason="again"))["eraseFriend"]
    assert (again["__typename"], again["code"]) == ("UserError", "INVALID_STATE")


async def test_erasure_and_access_export_need_the_personal_data_permission(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "kim@example.com", name="Kim")
    advocate = link["advocate"]["id"]
    async with make_client(app, await staff_token(app, Role.MANAGER)) as manager:
        denied = (await gql(manager, ERASE, id=advocate, reason="x"))["eraseAdvocate"]
        assert (denied["__typename"], denied["code"]) == ("UserError", "FORBIDDEN")
        response = await manager.post(
            "/graphql", json={"query": DATA, "variables": {"id": advocate}}
        )
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with make_client(app, await staff_token(app, Role.ADMIN)) as admin:
        done = (await gql(admin, ERASE, id=advocate, reason="asked"))["eraseAdvocate"]
        assert done["__typename"] == "Erasure"
    missing = (await gql(client, ERASE, id=gid("Advocate", 999), reason="x"))["eraseAdvocate"]
    assert missing["code"] == "NOT_FOUND"
    blank = (await gql(client, ERASE, id=advocate, reason=" "))["eraseAdvocate"]
    assert (blank["code"], blank["field"]) == ("INVALID_INPUT", "reason")
