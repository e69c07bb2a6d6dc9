"""Operator-marked shared networks (campus, office, event Wi-Fi): listed, marked and unmarked
through GraphQL with an audit trail; friends from a marked network are weak evidence that
never flags alone."""

from __future__ import annotations

from typing import Any

import httpx

from server.audit.models import AuditEvent
from server.fraud.models import SharedNetwork
from tests.conftest import gql
from tests.factories import enroll, live_campaign

MARK = """mutation($input: MarkSharedNetworkInput!) { markSharedNetwork(input: $input) {
  __typename ... on SharedNetwork { id scope note valueHash createdBy }
  ... on UserError { code field message } } }"""
UNMARK = """mutation($id: ID!) { unmarkSharedNetwork(id: $id) {
  __typename ... on SharedNetwork { id } ... on UserError { code field } } }"""
LIST = "{ sharedNetworks { nodes { id scope note } } }"
SET_FRAUD = """mutation($input: SetFraudRulesInput!) { setFraudRules(input: $input) {
  __typename ... on UserError { code field message } } }"""
SIGNUP = """mutation($input: RecordSignupInput!) { recordSignup(input: $input) {
  __typename ... on Referral { id risk { score reviewStatus signals { rule reason } } }
  ... on UserError { code field message } } }"""


async def _mark(client: httpx.AsyncClient, value: str, note: str = "") -> dict[str, Any]:
    out: dict[str, Any] = (await gql(client, MARK, input={"value": value, "note": note}))[
        "markSharedNetwork"
    ]
    return out


async def test_mark_list_and_unmark_with_an_audit_trail(client: httpx.AsyncClient) -> None:
    campus = await _mark(client, "198.51.100.77/24", "Campus Wi-Fi")
    assert (campus["__typename"], campus["scope"], campus["note"]) == (
        "SharedNetwork",
        "/24",
        "Campus Wi-Fi",
    )
    office = await _mark(client, "2001:db8:aa:bb::1/64", "Office")
    one = await _mark(client, "203.0.113.5")
    assert (office["scope"], one["scope"]) == ("/64", "address")
    # Only keyed hashes are kept, never the address.
    stored = str(await SharedNetwork.all().values())
    assert "198.51.100" not in stored and "203.0.113" not in stored
    again = await _mark(client, "198.51.100.0/24")
    assert (again["code"], again["field"]) == ("CONFLICT", "value")
    for bad in ("nonsense", "10.0.0.0/16", "2001:db8::/48"):
        refused = await _mark(client, bad)
        assert (refused["code"], refused["field"]) == ("INVALID_INPUT", "value")
    listed = (await gql(client, LIST))["sharedNetworks"]["nodes"]
    assert [n["note"] for n in listed] == ["", "Office", "Campus Wi-Fi"]
    gone = (await gql(client, UNMARK, id=campus["id"]))["unmarkSharedNetwork"]
    assert gone["__typename"] == "SharedNetwork"
    missing = (await gql(client, UNMARK, id=campus["id"]))["unmarkSharedNetwork"]
    assert missing["code"] == "NOT_FOUND"
    assert len((await gql(client, LIST))["sharedNetworks"]["nodes"]) == 2
    audited = await AuditEvent.filter(target_type="SharedNetwork")
    assert sorted(e.action for e in audited) == ["shared_network.mark"] * 3 + [
        "shared_network.unmark"
    ]


async def test_friends_from_a_marked_network_are_weak_evidence(client: httpx.AsyncClient) -> None:
    """A campaign that flags from a score of 25: three friends of one advocate from one /24
    (network cluster, weight 30) flag; on a marked network the same signal weighs 10."""
    cid = await live_campaign(client)
    rules = [{"rule": "RISK_SCORE", "mode": "FLAG", "threshold": 25}]
    done = await gql(client, SET_FRAUD, input={"campaignId": cid, "rules": rules})
    assert done["setFraudRules"]["__typename"] == "Campaign", done

    async def three_friends(advocate: str, net: str) -> dict[str, Any]:
        link = await enroll(client, cid, f"{advocate}@example.com")
        last: dict[str, Any] = {}
        for i, who in enumerate(("maria", "kofi", "ingrid")):
            friend = {"referralCode": link["code"], "email": f"{who}.{advocate}@example.org"}
            data = {"friend": friend, "ipAddress": f"{net}.{10 + i}"}
            last = (await gql(client, SIGNUP, input=data))["recordSignup"]
        return last

    office = await three_friends("ann", "192.0.2")
    assert [s["rule"] for s in office["risk"]["signals"]] == ["NETWORK_CLUSTER"]
    assert (office["risk"]["score"], office["risk"]["reviewStatus"]) == (30, "FLAGGED")
    assert (await _mark(client, "198.51.100.0/24", "Campus Wi-Fi"))["__typename"] == (
        "SharedNetwork"
    )
    campus = await three_friends("bob", "198.51.100")
    [signal] = campus["risk"]["signals"]
    assert signal["rule"] == "NETWORK_CLUSTER" and "Campus Wi-Fi" in signal["reason"]
    assert (campus["risk"]["score"], campus["risk"]["reviewStatus"]) == (10, "NONE")
