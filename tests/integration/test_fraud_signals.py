"""The evidence-based fraud signals through the API: device, card and phone (hashed on
receipt), networks, look-alike identities, relays, cluster re-scoring and the score gate."""

from __future__ import annotations

from typing import Any

import httpx

from server.audit.models import AuditEvent
from server.fraud.models import AdvocateEvidence
from server.referrals.models import Referral
from tests.conftest import gql
from tests.factories import enroll, live_campaign
from tests.ids import pk

RISK = "risk { score reviewStatus signals { rule mode reason } }"
SIGNUP = (
    "mutation($input: RecordSignupInput!) { recordSignup(input: $input) { __typename "
    "... on Referral { id status " + RISK + " } ... on UserError { code field message } } }"
)
CONVERT = (
    "mutation($input: RecordConversionInput!) { recordConversion(input: $input) { __typename "
    "... on ConversionRecorded { conversion { referral { id status " + RISK + " } } } "
    "... on UserError { code field message } } }"
)
REFERRAL = "query($id: ID!) { referral(id: $id) { id status " + RISK + " } }"
SET_FRAUD = """mutation($input: SetFraudRulesInput!) { setFraudRules(input: $input) {
  __typename ... on UserError { code field message } } }"""
ADD_BLOCK = """mutation($input: AddBlocklistEntryInput!) { addBlocklistEntry(input: $input) {
  __typename ... on UserError { code field message } } }"""
SESSION = ("ipAddress", "userAgent", "deviceId", "paymentFingerprint", "phone", "address", "name")


def _split(extra: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    friend = {k: v for k, v in extra.items() if k not in SESSION}
    session = {k: v for k, v in extra.items() if k in SESSION}
    return friend, session


async def _signup(client: httpx.AsyncClient, **extra: Any) -> dict[str, Any]:
    friend, session = _split(extra)
    out: dict[str, Any] = (await gql(client, SIGNUP, input={"friend": friend, **session}))[
        "recordSignup"
    ]
    return out


async def _order(client: httpx.AsyncClient, key: str, **extra: Any) -> dict[str, Any]:
    friend, session = _split(extra)
    data = {
        "friend": friend,
        "externalOrderId": key,
        "amount": 5000,
        "currency": "USD",
        "idempotencyKey": f"order-key-{key}",
        **session,
    }
    out: dict[str, Any] = (await gql(client, CONVERT, input=data))["recordConversion"]
    return out


async def _risk(client: httpx.AsyncClient, rid: str) -> dict[str, Any]:
    out: dict[str, Any] = (await gql(client, REFERRAL, id=rid))["referral"]
    return out


def _rules(referral: dict[str, Any]) -> list[str]:
    return [s["rule"] for s in referral["risk"]["signals"]]


async def test_the_advocate_s_own_device_or_phone_is_strong_and_never_stored_raw(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    link = await enroll(
        client, cid, "ada@example.com", deviceId="dev-ada-1", phone="+1 (555) 010-2000"
    )
    stored = {e.kind: e.value_hash for e in await AdvocateEvidence.all()}
    assert set(stored) == {"device", "phone"}
    assert "dev-ada-1" not in stored.values() and len(stored["device"]) == 32
    same = await _signup(
        client, referralCode=link["code"], email="puppet@example.org", deviceId="dev-ada-1"
    )
    assert _rules(same) == ["SELF_REFERRAL_EVIDENCE"]
    assert same["risk"]["reviewStatus"] == "FLAGGED"
    # The phone in another spelling is the same phone.
    phone = await _signup(
        client, referralCode=link["code"], email="other@example.org", phone="15550102000"
    )
    assert _rules(phone) == ["SELF_REFERRAL_EVIDENCE"]
    row = await Referral.get(id=pk(same["id"]))
    assert row.device_hash == stored["device"]
    bad = await _signup(client, referralCode=link["code"], email="x@example.org", phone="12")
    assert (bad["code"], bad["field"]) == ("INVALID_INPUT", "phone")


async def test_one_card_for_many_friends_flags_them_all_with_the_cluster_named(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com")
    bob = await enroll(client, cid, "bob@example.com")
    first = await _order(
        client, "o-1", referralCode=ada["code"], email="ann@example.org", paymentFingerprint="fp1"
    )
    ref1 = first["conversion"]["referral"]
    assert (ref1["risk"]["reviewStatus"], _rules(ref1)) == ("NONE", [])
    second = await _order(
        client, "o-2", referralCode=bob["code"], email="zed@example.org", paymentFingerprint="fp1"
    )
    ref2 = second["conversion"]["referral"]
    assert (ref2["risk"]["reviewStatus"], _rules(ref2)) == ("FLAGGED", ["SHARED_EVIDENCE"])
    # The earlier friend, clean when recorded, is re-scored: flagged, the cluster named.
    again = await _risk(client, ref1["id"])
    assert (again["risk"]["reviewStatus"], _rules(again)) == ("FLAGGED", ["SHARED_EVIDENCE"])
    assert "Cluster: " in again["risk"]["signals"][0]["reason"]
    assert await AuditEvent.filter(action="referral.risk", target_id=str(pk(ref1["id"]))).exists()


async def test_a_blocklisted_order_ip_and_a_neighbour_of_a_blocked_address(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    for ip in ("198.51.100.66", "2001:db8:5:6::1"):
        await gql(client, ADD_BLOCK, input={"kind": "IP_HASH", "value": ip, "reason": "abuse"})
    near = await _signup(
        client, referralCode=link["code"], email="n@example.org", ipAddress="198.51.100.70"
    )
    assert (_rules(near), near["risk"]["reviewStatus"]) == (["BLOCKLIST_NETWORK"], "FLAGGED")
    # An IPv6 household rotating through its /64.
    v6 = await _signup(
        client, referralCode=link["code"], email="v@example.org", ipAddress="2001:db8:5:6:a::9"
    )
    assert _rules(v6) == ["BLOCKLIST_NETWORK"]
    clean = await _signup(client, referralCode=link["code"], email="c@example.org")
    assert _rules(clean) == []
    # The order comes from the blocked address itself: blocked at the order.
    order = await _order(
        client, "o-1", referralCode=link["code"], email="c@example.org", ipAddress="198.51.100.66"
    )
    assert (order["code"], order["field"]) == ("INVALID_STATE", "friend.email")
    after = await _risk(client, clean["id"])
    assert (after["status"], _rules(after)) == ("REJECTED", ["BLOCKLIST"])


async def test_blocked_address_matches_every_spelling_of_its_inbox(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    await gql(client, ADD_BLOCK, input={"kind": "EMAIL", "value": "Jo.Hunter+x@gmail.com"})
    await gql(client, ADD_BLOCK, input={"kind": "EMAIL", "value": "sam@me.com"})
    for email in ("johunter@googlemail.com", "j.o.hunter+promo@gmail.com", "sam+1@mac.com"):
        got = await _signup(client, referralCode=link["code"], email=email)
        assert (got["status"], _rules(got)) == ("REJECTED", ["BLOCKLIST"]), email


async def test_sequential_addresses_flag_the_whole_series(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    got = [
        await _signup(client, referralCode=link["code"], email=f"john{n}@example.org")
        for n in (1, 2, 3)
    ]
    assert [r["risk"]["reviewStatus"] for r in got] == ["NONE", "NONE", "FLAGGED"]
    assert _rules(got[2]) == ["SEQUENTIAL_EMAILS"]
    earlier = [await _risk(client, r["id"]) for r in got[:2]]
    assert [(r["risk"]["reviewStatus"], _rules(r)) for r in earlier] == [
        ("FLAGGED", ["SEQUENTIAL_EMAILS"])
    ] * 2


async def test_look_alike_names_among_one_advocate_s_friends(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    names = ("Jon Smith", "John Smyth", "Jhon Smith")
    got = [
        await _signup(client, referralCode=link["code"], email=f"{i}x@example.org", name=name)
        for i, name in zip(("a", "b", "c"), names, strict=True)
    ]
    assert _rules(got[2]) == ["LOOKALIKE_NAMES"]
    assert got[2]["risk"]["reviewStatus"] == "FLAGGED"
    # Family members share a surname, not a name.
    other = await enroll(client, cid, "eve@example.com")
    family = [
        await _signup(client, referralCode=other["code"], email=f"{n[:4]}@example.org", name=n)
        for n in ("Anna Kowalski", "Piotr Kowalski", "Marta Kowalski")
    ]
    assert [_rules(r) for r in family] == [[], [], []]


async def test_relays_are_weak_and_disposable_inboxes_strong(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    relay = await _signup(client, referralCode=link["code"], email="k3x9@privaterelay.appleid.com")
    assert (_rules(relay), relay["risk"]["reviewStatus"]) == (["PRIVACY_RELAY"], "NONE")
    burner = await _signup(client, referralCode=link["code"], email="k3x9@mailinator.com")
    assert (_rules(burner), burner["risk"]["reviewStatus"]) == (["DISPOSABLE_EMAIL"], "FLAGGED")


async def test_weak_signals_flag_together_and_the_campaign_sets_the_threshold(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    await gql(
        client,
        SET_FRAUD,
        input={"campaignId": cid, "rules": [{"rule": "REFERRAL_VELOCITY_HOUR", "threshold": 2,
                                             "mode": "FLAG"}]},
    )  # fmt: skip
    # A burst from one office network: velocity (30) and the network cluster (30) score 51.
    got = [
        await _signup(
            client, referralCode=link["code"], email=f"{n}@example.org", ipAddress=f"10.0.0.{i}"
        )
        for i, n in enumerate(("ann", "bob", "cy"))
    ]
    assert _rules(got[2]) == ["REFERRAL_VELOCITY_HOUR", "NETWORK_CLUSTER"]
    assert (got[2]["risk"]["score"], got[2]["risk"]["reviewStatus"]) == (51, "FLAGGED")
    earlier = await _risk(client, got[0]["id"])
    assert earlier["risk"]["reviewStatus"] == "FLAGGED"
    # A campaign that wants more evidence raises its threshold.
    other = await live_campaign(client, slug="lenient")
    await gql(
        client,
        SET_FRAUD,
        input={"campaignId": other, "rules": [
            {"rule": "REFERRAL_VELOCITY_HOUR", "threshold": 2, "mode": "FLAG"},
            {"rule": "RISK_SCORE", "threshold": 60, "mode": "FLAG"}]},
    )  # fmt: skip
    link2 = await enroll(client, other, "max@example.com")
    calm = [
        await _signup(
            client, referralCode=link2["code"], email=f"{n}@example.org", ipAddress=f"10.0.1.{i}"
        )
        for i, n in enumerate(("dee", "eli", "fay"))
    ]
    assert (calm[2]["risk"]["score"], calm[2]["risk"]["reviewStatus"]) == (51, "NONE")


async def test_an_order_from_the_advocate_s_own_device_is_recorded(
    client: httpx.AsyncClient,
) -> None:
    """The signup came from elsewhere; the order, from the advocate's own IP and browser: the
    order's own session is compared again (weak alone: a signal, not a flag)."""
    cid = await live_campaign(client)
    ada = await enroll(
        client, cid, "ada@example.com", ipAddress="192.0.2.50", userAgent="AdaPhone/1"
    )
    made = await _signup(
        client, referralCode=ada["code"], email="f@example.org", ipAddress="198.51.100.1"
    )
    assert _rules(made) == []
    order = await _order(
        client, "o-own", referralCode=ada["code"], email="f@example.org",
        ipAddress="192.0.2.50", userAgent="AdaPhone/1",
    )  # fmt: skip
    assert _rules(order["conversion"]["referral"]) == ["SELF_REFERRAL_DEVICE"]
