"""Fraud controls through the API: each mode, each family of rules, the review queue."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from server.audit.models import AuditEvent
from server.audit.service import SYSTEM
from server.clock import FrozenClock
from server.fraud.models import AdvocateSession, BlocklistEntry
from server.referrals.models import Click, Conversion, Referral
from server.rewards import service as rewards
from server.rewards.models import LedgerEntry, LedgerKind, Reward, RewardStatus
from server.rewards.service import verify_ledger
from tests.conftest import gql
from tests.factories import CASH_PER_FIRST_PURCHASE, click, convert, enroll, live_campaign
from tests.ids import gid, pk

SET_REWARD_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code field message } } }"""
SET_FRAUD = """mutation($input: SetFraudRulesInput!) { setFraudRules(input: $input) {
  __typename ... on Campaign { fraudRules { rule mode threshold configured defaultMode } }
  ... on UserError { code field message } } }"""
RISK = "risk { score reviewStatus reviewedBy reviewNote signals { rule severity mode reason } }"
SIGNUP = (
    """mutation($input: RecordSignupInput!) { recordSignup(input: $input) { __typename
  ... on Referral { id status """
    + RISK
    + """ } ... on UserError { code field message } } }"""
)
CONFIRM = (
    """mutation($id: ID!, $note: String!) { confirmFraud(referralId: $id, note: $note) {
  __typename ... on Referral { id status """
    + RISK
    + """ } ... on UserError { code field message } } }"""
)
DISMISS = (
    """mutation($id: ID!) { dismissFlag(referralId: $id, note: "known customer") {
  __typename ... on Referral { id status """
    + RISK
    + """ } ... on UserError { code field message } } }"""
)
QUEUE = """query($c: ID) { flaggedReferrals(campaignId: $c) { nodes { id friendEmail
  risk { reviewStatus signals { rule } } } } }"""
ADD_BLOCK = """mutation($input: AddBlocklistEntryInput!) { addBlocklistEntry(input: $input) {
  __typename ... on BlocklistEntry { id kind pattern reason createdBy }
  ... on UserError { code field message } } }"""
REMOVE_BLOCK = """mutation($id: ID!) { removeBlocklistEntry(id: $id) {
  __typename ... on BlocklistEntry { id } ... on UserError { code field } } }"""
RULES = [
    CASH_PER_FIRST_PURCHASE,
    {
        "key": "hello",
        "recipient": "ADVOCATE",
        "trigger": "SIGNUP",
        "kind": "CREDIT",
        "currency": "USD",
        "fixedAmount": 100,
    },
]


async def _campaign(client: httpx.AsyncClient, slug: str = "give-10") -> tuple[str, dict[str, Any]]:
    cid = await live_campaign(client, slug=slug)
    made = await gql(
        client,
        SET_REWARD_RULES,
        input={"campaignId": cid, "rules": RULES, "autoApproveMax": 5000},
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    return cid, await enroll(client, cid, "ada.lovelace@gmail.com", externalId="cust-ada")


async def _fraud_rules(client: httpx.AsyncClient, cid: str, *rules: dict[str, Any]) -> Any:
    return (await gql(client, SET_FRAUD, input={"campaignId": cid, "rules": list(rules)}))[
        "setFraudRules"
    ]


async def _signup(client: httpx.AsyncClient, **extra: Any) -> dict[str, Any]:
    friend = {k: v for k, v in extra.items() if k not in ("ipAddress", "userAgent")}
    session = {k: v for k, v in extra.items() if k in ("ipAddress", "userAgent")}
    result: dict[str, Any] = (await gql(client, SIGNUP, input={"friend": friend, **session}))[
        "recordSignup"
    ]
    return result


def _rules(referral: dict[str, Any]) -> list[str]:
    return [s["rule"] for s in referral["risk"]["signals"]]


# ---- modes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["OFF", "SHADOW", "FLAG", "BLOCK"])
async def test_each_mode_of_a_rule(
    client: httpx.AsyncClient, clock: FrozenClock, mode: str
) -> None:
    cid, link = await _campaign(client)
    done = await _fraud_rules(client, cid, {"rule": "DISPOSABLE_EMAIL", "mode": mode})
    assert {"rule": "DISPOSABLE_EMAIL", "mode": mode, "threshold": None} in [
        {k: r[k] for k in ("rule", "mode", "threshold")} for r in done["fraudRules"]
    ]
    referral = await _signup(client, referralCode=link["code"], email="x@mailinator.com")
    bought = await convert(
        client, "fr-mode-0001", "o-1", 4000, referralCode=link["code"], email="x@mailinator.com"
    )
    await rewards.release_holds(clock=clock, actor=SYSTEM)
    stored = await Referral.get(id=pk(referral["id"]))
    statuses = sorted(r.status.value for r in await Reward.filter(referral_id=stored.id))
    if mode == "OFF":
        assert referral["risk"] == {
            "score": 0,
            "reviewStatus": "NONE",
            "reviewedBy": None,
            "reviewNote": "",
            "signals": [],
        }
        assert statuses == ["approved", "approved"]
    if mode in ("SHADOW", "FLAG", "BLOCK"):
        assert referral["risk"]["signals"] == [
            {
                "rule": "DISPOSABLE_EMAIL",
                "severity": "MEDIUM",
                "mode": mode,
                "reason": "mailinator.com is a disposable-inbox provider.",
            }
        ]
        assert referral["risk"]["score"] == 60
    if mode == "SHADOW":
        # Recorded only: rewards approve themselves under the threshold as usual.
        assert referral["risk"]["reviewStatus"] == "NONE"
        assert statuses == ["approved", "approved"]
        assert bought["__typename"] == "ConversionRecorded"
    if mode == "FLAG":
        assert referral["status"] == "SIGNED_UP"
        assert referral["risk"]["reviewStatus"] == "FLAGGED"
        assert bought["__typename"] == "ConversionRecorded"
        # Under the auto-approve threshold, yet a person must look.
        assert statuses == ["awaiting_approval", "awaiting_approval"]
        assert all(r.flagged for r in await Reward.filter(referral_id=stored.id))
        queue = (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"]
        assert [n["id"] for n in queue] == [referral["id"]]
    if mode == "BLOCK":
        # The mutation answers the rejected referral, its risk saying why; nothing is owed.
        assert referral["status"] == "REJECTED"
        assert bought == {
            "__typename": "UserError",
            "code": "INVALID_STATE",
            "field": "friend.email",
            "message": "This referral was rejected.",
        }
        assert statuses == []
        assert await Conversion.all().count() == 0
    assert await verify_ledger() == []


# ---- self-referral ---------------------------------------------------------------------------


async def test_self_referral_through_gmail_dots_and_tags_is_blocked(
    client: httpx.AsyncClient,
) -> None:
    _cid, link = await _campaign(client)
    referral = await _signup(client, referralCode=link["code"], email="Ada.Love.Lace+2@gmail.com")
    assert referral["status"] == "REJECTED"
    assert _rules(referral) == ["SELF_REFERRAL"]
    assert referral["risk"]["signals"][0]["reason"] == "The friend's email is the advocate's own."
    by_id = await _signup(client, referralCode=link["code"], externalId="cust-ada")
    assert by_id["status"] == "REJECTED"
    assert await Reward.all().count() == 0
    audit = await AuditEvent.filter(action="referral.create").order_by("id").first()
    assert audit is not None and audit.diff["status"] == [None, "rejected"]


async def test_self_referral_from_the_advocate_s_own_device(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    # The advocate enrolled from the shop with this session; the test client's address is
    # 203.0.113.7 and click() sends this user agent.
    link = await enroll(
        client, cid, "ada@example.com", ipAddress="203.0.113.7", userAgent="TestBrowser/1"
    )
    session = await AdvocateSession.get()
    assert "203.0.113.7" not in (session.ip_hash, session.ua_hash)
    # Enrolling again, the address spelled as IPv6 sees it: the same device, still one row.
    again = await enroll(
        client, cid, "ada@example.com", ipAddress="::ffff:203.0.113.7", userAgent="TestBrowser/1"
    )
    assert again["id"] == link["id"]
    assert [s.ip_hash for s in await AdvocateSession.all()] == [session.ip_hash]
    token = await click(client, link["code"])
    assert (await Click.get(visit_token=token)).ip_hash == session.ip_hash
    same = await _signup(client, visitToken=token, email="sock.puppet@example.org")
    assert _rules(same) == ["SELF_REFERRAL_DEVICE"]
    # Weak alone (people living together share network and phone model): recorded, scored,
    # not flagged. A device id or card of the advocate's is strong (test_fraud_signals.py).
    assert (same["risk"]["reviewStatus"], same["risk"]["score"]) == ("NONE", 30)
    # Same network, another browser: not the advocate's device.
    other = await _signup(
        client,
        referralCode=link["code"],
        email="flatmate@example.org",
        ipAddress="203.0.113.7",
        userAgent="OtherBrowser/2",
    )
    assert _rules(other) == []
    # The session the shop passes counts as much as the click.
    passed = await _signup(
        client,
        referralCode=link["code"],
        email="again@example.org",
        ipAddress="203.0.113.7",
        userAgent="TestBrowser/1",
    )
    assert _rules(passed) == ["SELF_REFERRAL_DEVICE"]
    stored = await Referral.get(id=pk(passed["id"]))
    assert stored.ip_hash and stored.ip_hash != "203.0.113.7"


async def test_session_input_is_validated(client: httpx.AsyncClient) -> None:
    _cid, link = await _campaign(client)
    bad = await _signup(client, referralCode=link["code"], email="b@example.org", ipAddress="x")
    assert (bad["code"], bad["field"]) == ("INVALID_INPUT", "ipAddress")
    long_ua = await _signup(
        client, referralCode=link["code"], email="b@example.org", userAgent="u" * 2000
    )
    assert (long_ua["code"], long_ua["field"]) == ("INVALID_INPUT", "userAgent")
    assert await Referral.all().count() == 0


# ---- velocity, rings, shared identities --------------------------------------------------------


async def test_referral_velocity_per_hour(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    cid, link = await _campaign(client)
    await _fraud_rules(
        client, cid, {"rule": "REFERRAL_VELOCITY_HOUR", "mode": "FLAG", "threshold": 2}
    )
    got = [
        await _signup(client, referralCode=link["code"], email=f"{name}@example.org")
        for name in ("ann", "bob", "cy")
    ]
    assert [_rules(r) for r in got] == [[], [], ["REFERRAL_VELOCITY_HOUR"]]
    assert got[2]["risk"]["signals"][0]["reason"] == "3 referrals in the last hour (limit 2)."
    clock.advance(timedelta(minutes=61))
    later = await _signup(client, referralCode=link["code"], email="dee@example.org")
    assert _rules(later) == []


async def test_a_flag_raised_at_a_later_order_stops_self_approved_rewards(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _campaign(client)
    await _fraud_rules(
        client,
        cid,
        {"rule": "CONVERSION_VELOCITY_HOUR", "mode": "FLAG", "threshold": 1},
        # Velocity is weak evidence (weight 30): this campaign flags from a score of 30.
        {"rule": "RISK_SCORE", "mode": "FLAG", "threshold": 30},
    )
    first = await convert(client, "fr-late-0001", "o-1", referralCode=link["code"], email="a@x.org")
    assert first["__typename"] == "ConversionRecorded"
    await rewards.release_holds(clock=clock, actor=SYSTEM)
    rid = pk(first["conversion"]["referral"]["id"])
    assert {r.status for r in await Reward.filter(referral_id=rid)} == {RewardStatus.APPROVED}
    # The second order trips the velocity rule: nothing of this referral is paid unseen.
    await convert(client, "fr-late-0002", "o-2", referralCode=link["code"], email="a@x.org")
    held = await Reward.filter(referral_id=rid)
    assert held and all(
        (r.status, r.flagged, r.decided_by) == (RewardStatus.AWAITING_APPROVAL, True, None)
        for r in held
    )
    assert await AuditEvent.filter(action="reward.flag").count() == len(held)
    assert await verify_ledger() == []


async def test_a_rehearsal_never_counts_against_live_referrals(
    client: httpx.AsyncClient,
) -> None:
    """The same advocate in a test-mode campaign and a live one: test rows stay test."""
    cid, link = await _campaign(client)
    await _fraud_rules(
        client, cid, {"rule": "REFERRAL_VELOCITY_HOUR", "mode": "FLAG", "threshold": 2}
    )
    rehearsal = await live_campaign(client, slug="rehearsal", testMode=True)
    test_link = await enroll(client, rehearsal, "ada.lovelace@gmail.com")
    for i in range(3):
        await _signup(client, referralCode=test_link["code"], email=f"t{i}@example.org")
    live = await _signup(client, referralCode=link["code"], email="real@example.org")
    assert _rules(live) == []


async def test_conversion_velocity_blocks_at_the_order(client: httpx.AsyncClient) -> None:
    cid, link = await _campaign(client)
    await _fraud_rules(
        client, cid, {"rule": "CONVERSION_VELOCITY_HOUR", "mode": "BLOCK", "threshold": 1}
    )
    first = await convert(client, "fr-vel-0001", "o-1", referralCode=link["code"], email="a@x.org")
    assert first["__typename"] == "ConversionRecorded"
    # The second friend signed up (and earned a signup reward) before ordering.
    second = await _signup(client, referralCode=link["code"], email="b@x.org")
    assert second["status"] == "SIGNED_UP"
    blocked = await convert(client, "fr-vel-0002", "o-2", campaignId=cid, email="b@x.org")
    assert (blocked["code"], blocked["message"]) == (
        "INVALID_STATE",
        "This referral was rejected.",
    )
    referral = await Referral.get(id=pk(second["id"]))
    assert referral.status.value == "rejected"
    assert [s["rule"] for s in referral.risk_signals] == ["conversion_velocity_hour"]
    # Its signup reward (holdDays 0: approved at once) is void; the order was not recorded.
    assert [r.status for r in await Reward.filter(referral_id=referral.id)] == [RewardStatus.VOIDED]
    assert await Conversion.filter(referral_id=referral.id).count() == 0
    assert await verify_ledger() == []
    # A retry of the same request gives the same answer and writes nothing new.
    again = await convert(client, "fr-vel-0002", "o-2", campaignId=cid, email="b@x.org")
    assert again["code"] == "INVALID_STATE"
    # A new friend's first order refused the same way: the referral created with it (created
    # converted) is stored rejected and never converted.
    new = await convert(client, "fr-vel-0003", "o-3", referralCode=link["code"], email="c@x.org")
    assert new["code"] == "INVALID_STATE", new
    created = await Referral.get(friend_email="c@x.org")
    assert (created.status.value, created.converted_at) == ("rejected", None)


async def test_ring_of_two_and_of_three(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    a = await enroll(client, cid, "a@example.org")
    assert _rules(await _signup(client, referralCode=a["code"], email="b@example.org")) == []
    # Within one campaign a, an advocate there, cannot be referred into it: closing the ring
    # stores the referral rejected, and the ring's earlier edge (a -> b) is flagged for review.
    b_here = await enroll(client, cid, "b@example.org")
    closed = await _signup(client, referralCode=b_here["code"], email="a@example.org")
    assert (closed["status"], _rules(closed)) == ("REJECTED", ["REFERRAL_RING"])
    queue = (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"]
    assert [(n["friendEmail"], n["risk"]["signals"][0]["rule"]) for n in queue] == [
        ("b@example.org", "REFERRAL_RING")
    ]
    # Another advocate as a friend, closing no ring: refused as before.
    c_here = await enroll(client, cid, "c@example.org")
    await enroll(client, cid, "d@example.org")
    refused = await _signup(client, referralCode=c_here["code"], email="d@example.org")
    assert (refused["code"], refused["field"]) == ("INVALID_STATE", "friend.email")
    b = await enroll(client, await live_campaign(client, slug="b-shop"), "b@example.org")
    ring = await _signup(client, referralCode=b["code"], email="a@example.org")
    assert _rules(ring) == ["REFERRAL_RING"]
    assert ring["risk"]["signals"][0]["reason"] == (
        "Referral ring: b@example.org -> a@example.org -> b@example.org."
    )
    # A longer cycle across campaigns: a referred b, b refers c, c refers a.
    b2 = await enroll(client, await live_campaign(client, slug="second"), "b@example.org")
    c2 = await enroll(client, await live_campaign(client, slug="third"), "c@example.org")
    assert _rules(await _signup(client, referralCode=b2["code"], email="c@example.org")) == []
    three = await _signup(client, referralCode=c2["code"], email="a@example.org")
    assert _rules(three) == ["REFERRAL_RING"]


async def test_one_friend_rewarded_across_many_advocates(client: httpx.AsyncClient) -> None:
    friend = "Serial.Friend@gmail.com"
    outcomes = []
    for i in range(3):
        cid = await live_campaign(client, slug=f"c{i}")
        link = await enroll(client, cid, f"adv{i}@example.com")
        # The same inbox, spelled differently each time.
        email = friend if i != 1 else "serialfriend+c1@googlemail.com"
        done = await convert(
            client, f"fr-many-{i:04d}", f"o-{i}", referralCode=link["code"], email=email
        )
        referral = await Referral.get(id=pk(done["conversion"]["referral"]["id"]))
        outcomes.append((referral.review_status.value, [s["rule"] for s in referral.risk_signals]))
    assert outcomes == [
        ("none", []),
        ("none", []),
        ("flagged", ["friend_many_advocates"]),
    ]


async def test_many_friends_from_one_address(client: httpx.AsyncClient) -> None:
    cid, link = await _campaign(client)
    await _fraud_rules(client, cid, {"rule": "SHARED_IP", "mode": "SHADOW", "threshold": 2})
    got = [
        await _signup(
            client, referralCode=link["code"], email=f"{n}@example.org", ipAddress="198.51.100.9"
        )
        for n in ("pat", "quinn", "rae")
    ]
    # Shared IP (shadow here) and the advocate's network cluster (weak): recorded, not flagged.
    assert [_rules(r) for r in got] == [[], [], ["SHARED_IP", "NETWORK_CLUSTER"]]
    assert got[2]["risk"]["reviewStatus"] == "NONE"


# ---- blocklist -------------------------------------------------------------------------------


async def test_blocklist_entries_block_and_can_be_removed(client: httpx.AsyncClient) -> None:
    cid, link = await _campaign(client)
    email = await gql(
        client, ADD_BLOCK, input={"kind": "EMAIL", "value": "*@Spam.Example", "reason": "bulk"}
    )
    assert email["addBlocklistEntry"]["pattern"] == "*@spam.example"
    ip = (await gql(client, ADD_BLOCK, input={"kind": "IP_HASH", "value": "198.51.100.66"}))[
        "addBlocklistEntry"
    ]
    assert ip["pattern"] != "198.51.100.66" and len(ip["pattern"]) == 32
    dup = await gql(client, ADD_BLOCK, input={"kind": "EMAIL", "value": "*@spam.example"})
    assert dup["addBlocklistEntry"]["code"] == "CONFLICT"
    bad = await gql(client, ADD_BLOCK, input={"kind": "ADVOCATE", "value": gid("Advocate", 999)})
    assert (bad["addBlocklistEntry"]["code"], bad["addBlocklistEntry"]["field"]) == (
        "NOT_FOUND",
        "value",
    )

    spam = await _signup(client, referralCode=link["code"], email="x@spam.example")
    assert (spam["status"], _rules(spam)) == ("REJECTED", ["BLOCKLIST"])
    assert "friend email matches *@spam.example (bulk)" in spam["risk"]["signals"][0]["reason"]
    from_ip = await _signup(
        client, referralCode=link["code"], email="ok@example.org", ipAddress="198.51.100.66"
    )
    assert from_ip["status"] == "REJECTED"

    listed = await gql(client, "{ blocklist { nodes { id kind } } }")
    assert [n["kind"] for n in listed["blocklist"]["nodes"]] == ["IP_HASH", "EMAIL"]
    removed = await gql(client, REMOVE_BLOCK, id=email["addBlocklistEntry"]["id"])
    assert removed["removeBlocklistEntry"]["__typename"] == "BlocklistEntry"
    again = await gql(client, REMOVE_BLOCK, id=email["addBlocklistEntry"]["id"])
    assert again["removeBlocklistEntry"]["code"] == "NOT_FOUND"
    clean = await _signup(client, referralCode=link["code"], email="y@spam.example")
    assert clean["status"] == "SIGNED_UP"
    assert await AuditEvent.filter(action__startswith="blocklist.").count() == 3
    del cid


async def test_blocking_an_advocate_stops_later_orders(client: httpx.AsyncClient) -> None:
    _cid, link = await _campaign(client)
    friend = await _signup(client, referralCode=link["code"], email="bob@example.org")
    assert friend["status"] == "SIGNED_UP"
    advocate_id = link["advocate"]["id"]
    added = await gql(client, ADD_BLOCK, input={"kind": "ADVOCATE", "value": advocate_id})
    assert added["addBlocklistEntry"]["__typename"] == "BlocklistEntry"
    order = await convert(
        client, "fr-blk-0001", "o-1", referralCode=link["code"], email="bob@example.org"
    )
    assert order["code"] == "INVALID_STATE"
    # The signup reward (holdDays 0: approved at once, never paid) is voided by the block.
    assert [r.status for r in await Reward.all()] == [RewardStatus.VOIDED]
    assert await verify_ledger() == []


async def test_blocklist_input_errors(client: httpx.AsyncClient) -> None:
    for kind, value, field in [
        ("EMAIL", "nope", "value"),
        ("DOMAIN", "not a domain", "value"),
        ("IP_HASH", "300.1.1.1", "value"),
        ("ADVOCATE", "ada", "value"),
    ]:
        got = (await gql(client, ADD_BLOCK, input={"kind": kind, "value": value}))[
            "addBlocklistEntry"
        ]
        assert (got["code"], got["field"]) == ("INVALID_INPUT", field), (kind, got)
    assert await BlocklistEntry.all().count() == 0


# ---- settings ------------------------------------------------------------------------------------


async def test_fraud_rule_settings(client: httpx.AsyncClient) -> None:
    cid, _link = await _campaign(client)
    campaign = await gql(
        client, '{ campaign(slug: "give-10") { fraudRules { rule mode threshold firesWhen } } }'
    )
    rules = {r["rule"]: r for r in campaign["campaign"]["fraudRules"]}
    assert rules["SELF_REFERRAL"]["mode"] == "BLOCK"
    assert rules["SHARED_IP"]["threshold"] == 5
    assert "More than 5 friends" in rules["SHARED_IP"]["firesWhen"]
    done = await _fraud_rules(client, cid, {"rule": "SHARED_IP", "mode": "BLOCK", "threshold": 9})
    shared = next(r for r in done["fraudRules"] if r["rule"] == "SHARED_IP")
    assert shared == {
        "rule": "SHARED_IP",
        "mode": "BLOCK",
        "threshold": 9,
        "configured": True,
        "defaultMode": "FLAG",
    }
    event = await AuditEvent.get(action="fraud_rules.set")
    assert event.diff == {"shared_ip": ["flag:5", "block:9"]}
    cases: list[tuple[list[dict[str, Any]], str]] = [
        ([{"rule": "BLOCKLIST", "mode": "FLAG", "threshold": 2}], "rules.0.threshold"),
        ([{"rule": "SHARED_IP", "mode": "FLAG", "threshold": 0}], "rules.0.threshold"),
        (
            [{"rule": "SHARED_IP", "mode": "FLAG"}, {"rule": "SHARED_IP", "mode": "OFF"}],
            "rules",
        ),
    ]
    for rules_input, field in cases:
        bad = await _fraud_rules(client, cid, *rules_input)
        assert (bad["code"], bad["field"]) == ("INVALID_INPUT", field)
    missing = await _fraud_rules(client, gid("Campaign", 999), {"rule": "SHARED_IP", "mode": "OFF"})
    assert missing["code"] == "NOT_FOUND"


# ---- review queue --------------------------------------------------------------------------------


async def _flagged(
    client: httpx.AsyncClient, cid: str, link: dict[str, Any], n: int = 1
) -> list[str]:
    ids = []
    for i in range(n):
        email = f"burner{i}@mailinator.com"
        await _signup(client, referralCode=link["code"], email=email)
        done = await convert(
            client, f"fr-q-{i:06d}", f"o-q-{i}", 4000, referralCode=link["code"], email=email
        )
        ids.append(done["conversion"]["referral"]["id"])
    del cid
    return ids


async def test_confirm_fraud_voids_owed_and_reverses_paid_rewards(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _campaign(client)
    (rid,) = await _flagged(client, cid, link)
    await rewards.release_holds(clock=clock, actor=SYSTEM)
    give, hello = sorted(await Reward.filter(referral_id=pk(rid)), key=lambda r: r.rule_key)
    assert give.status is hello.status is RewardStatus.AWAITING_APPROVAL
    clock.advance(timedelta(days=2))  # past the approver's rule-change cooldown
    approved = await gql(
        client,
        "mutation($id: ID!) { approveReward(id: $id) { __typename } }",
        id=gid("Reward", hello.id),
    )
    assert approved["approveReward"]["__typename"] == "RewardDecision"
    paid = await gql(
        client,
        'mutation($id: ID!) { fulfillReward(id: $id, externalReference: "p-1") { __typename } }',
        id=gid("Reward", hello.id),
    )
    assert paid["fulfillReward"]["__typename"] == "Reward"

    done = (await gql(client, CONFIRM, id=rid, note="same card as the advocate"))["confirmFraud"]
    assert done["status"] == "REJECTED"
    assert done["risk"]["reviewStatus"] == "CONFIRMED_FRAUD"
    assert done["risk"]["reviewNote"] == "same card as the advocate"
    assert done["risk"]["reviewedBy"]
    give, hello = sorted(await Reward.filter(referral_id=pk(rid)), key=lambda r: r.rule_key)
    assert (give.status, give.reject_reason) == (RewardStatus.REJECTED, "fraud")
    assert hello.status is RewardStatus.REVERSED
    kinds = sorted(e.kind.value for e in await LedgerEntry.all())
    assert kinds == ["fulfilled", "issued", "issued", "reversed", "voided"]
    assert await verify_ledger() == []
    assert (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"] == []
    assert await AuditEvent.filter(action="referral.confirm_fraud").count() == 1
    again = (await gql(client, CONFIRM, id=rid, note=""))["confirmFraud"]
    assert again["code"] == "CONFLICT"
    missing = (await gql(client, CONFIRM, id=gid("Referral", 999), note=""))["confirmFraud"]
    assert (missing["code"], missing["field"]) == ("NOT_FOUND", "referralId")


async def test_dismissing_a_flag_lets_rewards_proceed(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _campaign(client)
    (rid,) = await _flagged(client, cid, link)
    await rewards.release_holds(clock=clock, actor=SYSTEM)
    queue = (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"]
    assert [(n["id"], n["risk"]["signals"]) for n in queue] == [
        (rid, [{"rule": "DISPOSABLE_EMAIL"}])
    ]
    done = (await gql(client, DISMISS, id=rid))["dismissFlag"]
    assert done["risk"]["reviewStatus"] == "DISMISSED"
    # Under the auto-approve threshold, now unflagged: approved without a person.
    found = await Reward.filter(referral_id=pk(rid))
    assert {(r.status, r.flagged, r.decided_by) for r in found} == {
        (RewardStatus.APPROVED, False, "auto")
    }
    assert (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"] == []
    twice = (await gql(client, DISMISS, id=rid))["dismissFlag"]
    assert twice["code"] == "CONFLICT"
    assert await AuditEvent.filter(action="referral.dismiss_flag").count() == 1
    plain = await _signup(client, referralCode=link["code"], email="plain@example.org")
    not_flagged = (await gql(client, DISMISS, id=plain["id"]))["dismissFlag"]
    assert not_flagged["code"] == "INVALID_STATE"


async def test_concurrent_reviews_make_one_decision(client: httpx.AsyncClient) -> None:
    cid, link = await _campaign(client)
    (rid,) = await _flagged(client, cid, link)
    results = await asyncio.gather(
        *(gql(client, CONFIRM, id=rid, note=f"reviewer {i}") for i in range(10))
    )
    outcomes = sorted(r["confirmFraud"]["__typename"] for r in results)
    assert outcomes == ["Referral"] + ["UserError"] * 9
    assert {r["confirmFraud"].get("code") for r in results} == {None, "CONFLICT"}
    assert await AuditEvent.filter(action="referral.confirm_fraud").count() == 1
    voided = await LedgerEntry.filter(kind=LedgerKind.VOIDED).count()
    assert voided == await Reward.filter(referral_id=pk(rid)).count() == 2
    # Confirm and dismiss racing: exactly one of them wins.
    (other,) = await _flagged_second(client, link)
    mixed = await asyncio.gather(
        gql(client, CONFIRM, id=other, note=""), gql(client, DISMISS, id=other)
    )
    wins = [m for m in mixed if "id" in next(iter(m.values()))]
    assert len(wins) == 1
    assert await verify_ledger() == []


async def _flagged_second(client: httpx.AsyncClient, link: dict[str, Any]) -> list[str]:
    done = await convert(
        client, "fr-q2-00001", "o-q2", 4000, referralCode=link["code"], email="z@mailinator.com"
    )
    return [done["conversion"]["referral"]["id"]]


async def test_demo_data_shows_flagged_and_blocked_referrals(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    from server.demo import seed

    counts = await seed(clock=clock, days=3)
    assert (counts["flagged"], counts["blocked"]) == (1, 2)
    queue = (await gql(client, QUEUE, c=None))["flaggedReferrals"]["nodes"]
    assert [(n["friendEmail"], n["risk"]["signals"]) for n in queue] == [
        ("deal.hunter@mailinator.com", [{"rule": "DISPOSABLE_EMAIL"}])
    ]
    flagged = await Reward.filter(referral_id=pk(queue[0]["id"]))
    assert {(r.rule_key, r.status, r.flagged) for r in flagged} == {
        ("advocate", RewardStatus.PENDING, True),  # 14-day hold
        ("friend", RewardStatus.AWAITING_APPROVAL, True),  # $10: would approve itself
    }
    rejected = await Referral.filter(status="rejected").order_by("id")
    assert [[s["rule"] for s in r.risk_signals] for r in rejected] == [
        ["self_referral"],
        ["blocklist"],
    ]


async def test_a_flag_raised_at_an_order_holds_earlier_rewards_too(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _campaign(client)
    await _fraud_rules(
        client,
        cid,
        {"rule": "CONVERSION_VELOCITY_HOUR", "mode": "FLAG", "threshold": 1},
        # Velocity is weak evidence (weight 30): this campaign flags from a score of 30.
        {"rule": "RISK_SCORE", "mode": "FLAG", "threshold": 30},
    )
    await convert(client, "fr-late-0001", "o-1", referralCode=link["code"], email="a@x.org")
    bob = await _signup(client, referralCode=link["code"], email="bob@x.org")
    assert bob["risk"]["reviewStatus"] == "NONE"  # his signup reward is pending, unflagged
    order = await convert(client, "fr-late-0002", "o-2", campaignId=cid, email="bob@x.org")
    assert order["__typename"] == "ConversionRecorded"
    await rewards.release_holds(clock=clock, actor=SYSTEM)
    found = await Reward.filter(referral_id=pk(bob["id"]))
    assert {(r.rule_key, r.flagged, r.status) for r in found} == {
        ("hello", True, RewardStatus.AWAITING_APPROVAL),
        ("give", True, RewardStatus.AWAITING_APPROVAL),
    }
    assert await AuditEvent.filter(action="referral.risk").count() == 1
    # Dismissed once, the same rule firing at the next order does not flag again.
    dismissed = (await gql(client, DISMISS, id=bob["id"]))["dismissFlag"]
    assert dismissed["risk"]["reviewStatus"] == "DISMISSED"
    again = await convert(client, "fr-late-0003", "o-3", campaignId=cid, email="bob@x.org")
    assert again["__typename"] == "ConversionRecorded"
    assert (await Referral.get(id=pk(bob["id"]))).review_status.value == "dismissed"


async def test_a_flagged_referral_blocked_later_leaves_the_review_queue(
    client: httpx.AsyncClient,
) -> None:
    cid, link = await _campaign(client)
    flagged = await _signup(client, referralCode=link["code"], email="burner@mailinator.com")
    assert _rules(flagged) == ["DISPOSABLE_EMAIL"]
    queue = (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"]
    assert [n["id"] for n in queue] == [flagged["id"]]
    added = await gql(client, ADD_BLOCK, input={"kind": "DOMAIN", "value": "mailinator.com"})
    assert added["addBlocklistEntry"]["__typename"] == "BlocklistEntry"
    order = await convert(
        client, "fr-queue-01", "o-1", referralCode=link["code"], email="burner@mailinator.com"
    )
    assert (order["code"], order["field"]) == ("INVALID_STATE", "friend.email")
    # Settled by the block: nothing is left for a person to review.
    assert (await gql(client, QUEUE, c=cid))["flaggedReferrals"]["nodes"] == []


async def test_an_order_kept_with_another_advocate_still_counts_for_many_advocates(
    client: httpx.AsyncClient,
) -> None:
    """A coupon hunter orders through a second advocate's link in a campaign where sticky
    attribution keeps them with the first: that order still names the second advocate, so
    the third advocate's order trips the rule and the earlier referral is re-scored."""
    c0 = await live_campaign(client, slug="c0")
    c1 = await live_campaign(client, slug="c1")
    first = await enroll(client, c0, "adv0@example.com")
    second = await enroll(client, c0, "adv1@example.com")
    third = await enroll(client, c1, "adv2@example.com")
    rules = []
    for i, link in enumerate((first, second, third)):
        done = await convert(
            client, f"fr-sticky-{i:04d}", f"o-{i}", referralCode=link["code"], email="hunt@x.org"
        )
        referral = await Referral.get(id=pk(done["conversion"]["referral"]["id"]))
        rules.append((referral.link_id, [s["rule"] for s in referral.risk_signals]))
    assert rules == [
        (pk(first["id"]), []),
        (pk(first["id"]), []),  # kept with the first advocate: two advocates so far
        (pk(third["id"]), ["friend_many_advocates"]),
    ]
    kept = await Referral.get(link_id=pk(first["id"]))
    assert (kept.review_status.value, [s["rule"] for s in kept.risk_signals]) == (
        "flagged",
        ["friend_many_advocates"],
    )
