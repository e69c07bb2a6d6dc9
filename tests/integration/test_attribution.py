"""Attribution: every touch considered, the campaign's model picks one, friends stay put, and
staff can move a referral (and the money owed for it) with a reason."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.jobs import run_due
from server.referrals.models import Conversion, LinkStatus, Referral, ReferralLink
from server.rewards.models import LedgerEntry, Reward, RewardStatus
from server.rewards.service import verify_ledger
from server.rewards.verify import verify_rewards
from tests.conftest import gql, make_client, staff_token
from tests.factories import CASH_PER_FIRST_PURCHASE, click, convert, enroll, live_campaign
from tests.ids import gid, pk

SIGNUP = """mutation($input: RecordSignupInput!) { recordSignup(input: $input) {
  __typename
  ... on Referral { id status risk { signals { rule } } attributionMethod link { code advocate { email } }
    attribution { method decidedBy reason
      candidates { method link { id code } touchedAt excluded reason won } } }
  ... on UserError { code message field } } }"""
REFERRAL = """query($id: ID!) { referral(id: $id) { attributionMethod link { code }
  attribution { method decidedBy reason candidates { method link { code } excluded reason won } }
} }"""
SET_COUPON = """mutation($id: ID!, $c: String) { setLinkCoupon(linkId: $id, couponCode: $c) {
  __typename ... on Link { id couponCode } ... on UserError { code field message } } }"""
REATTRIBUTE = """mutation($input: ReattributeReferralInput!) { reattributeReferral(input: $input) {
  __typename
  ... on Referral { id attributionMethod link { code }
    attribution { method decidedBy reason candidates { method link { code } won } } }
  ... on UserError { code field message } } }"""
SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""


async def signup(client: httpx.AsyncClient, **friend: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(client, SIGNUP, input={"friend": friend}))["recordSignup"]
    return result


async def reattribute(client: httpx.AsyncClient, **data: Any) -> dict[str, Any]:
    data.setdefault("reason", "The friend told support Grace sent them.")
    result: dict[str, Any] = (await gql(client, REATTRIBUTE, input=data))["reattributeReferral"]
    return result


async def _three(
    client: httpx.AsyncClient, **campaign: Any
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    cid = await live_campaign(client, attributionWindowDays=30, **campaign)
    ada = await enroll(client, cid, "ada@example.com", externalId="cust-ada")
    grace = await enroll(client, cid, "grace@example.com", couponCode="grace10")
    return cid, ada, grace


# ---- methods and models ----------------------------------------------------------------------


async def test_each_method_attributes_and_is_recorded(client: httpx.AsyncClient) -> None:
    _cid, ada, grace = await _three(client)
    assert (await ReferralLink.get(id=pk(grace["id"]))).coupon_code == "GRACE10"
    by_token = await signup(client, visitToken=await click(client, ada["code"]), email="a@x.org")
    by_code = await signup(client, referralCode=ada["code"].lower(), email="b@x.org")
    by_coupon = await signup(client, couponCode=" GrAcE10 ", email="c@x.org")
    by_list = await signup(
        client, visitTokens=[await click(client, grace["code"])], email="d@x.org"
    )
    expected = [
        (by_token, "visit_token", ada),
        (by_code, "referral_code", ada),
        (by_coupon, "coupon", grace),
        (by_list, "visit_token", grace),
    ]
    for referral, method, link in expected:
        assert referral["attributionMethod"] == method, referral
        assert referral["link"]["code"] == link["code"]
        record = referral["attribution"]
        assert (record["method"], record["decidedBy"]) == (method, "only_candidate")
        [candidate] = record["candidates"]
        assert candidate["won"] and not candidate["excluded"] and candidate["reason"] is None
        assert candidate["link"]["code"] == link["code"] and candidate["touchedAt"]


async def test_last_touch_by_default_and_first_touch_when_chosen(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    _cid, ada, grace = await _three(client)
    campaign = await gql(client, "{ campaigns { nodes { attributionModel } } }")
    assert campaign["campaigns"]["nodes"] == [{"attributionModel": "LAST_TOUCH"}]
    first = await live_campaign(client, slug="first", attributionModel="FIRST_TOUCH")
    ada2 = await enroll(client, first, "ada@example.com")
    grace2 = await enroll(client, first, "grace@example.com")
    early = [await click(client, ada["code"]), await click(client, ada2["code"])]
    clock.advance(timedelta(days=3))
    late = [await click(client, grace["code"]), await click(client, grace2["code"])]
    clock.advance(timedelta(hours=1))
    last = await signup(client, visitTokens=[late[0], early[0]], email="bob@x.org")
    assert last["link"]["code"] == grace["code"]
    assert last["attribution"]["decidedBy"] == "last_touch"
    assert [c["won"] for c in last["attribution"]["candidates"]] == [True, False]
    chosen = await signup(client, visitTokens=[late[1], early[1]], email="bob@x.org")
    assert chosen["link"]["code"] == ada2["code"]
    assert chosen["attribution"]["decidedBy"] == "first_touch"
    assert "earliest of 2" in chosen["attribution"]["reason"]
    # A code typed at checkout is the latest touch of all.
    typed = await signup(client, visitToken=late[0], referralCode=ada["code"], email="eve@x.org")
    assert (typed["attributionMethod"], typed["link"]["code"]) == ("referral_code", ada["code"])
    switched = """mutation($id: ID!) { updateCampaign(id: $id, input: {attributionModel:
      FIRST_TOUCH}) { __typename ... on Campaign { attributionModel } } }"""
    cid = (await gql(client, '{ campaign(slug: "give-10") { id } }'))["campaign"]["id"]
    assert (await gql(client, switched, id=cid))["updateCampaign"] == {
        "__typename": "Campaign",
        "attributionModel": "FIRST_TOUCH",
    }
    again = await signup(client, visitToken=late[0], referralCode=ada["code"], email="fay@x.org")
    assert again["link"]["code"] == grace["code"]
    assert await AuditEvent.filter(action="campaign.update").count() == 1


async def test_excluded_and_unknown_touches_are_kept_with_reasons(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, ada, grace = await _three(client)
    other = await live_campaign(client, slug="other")
    other_link = await enroll(client, other, "hal@example.com")
    stale = await click(client, ada["code"])
    clock.advance(timedelta(days=31))
    fresh = await click(client, grace["code"])
    foreign = await click(client, other_link["code"])
    blocked = await enroll(client, cid, "mallory@example.com")
    blocked_token = await click(client, blocked["code"])
    await ReferralLink.filter(code=blocked["code"]).update(status=LinkStatus.BLOCKED)
    referral = await signup(
        client,
        campaignId=cid,
        visitTokens=[stale, "no-such-token", fresh, foreign, blocked_token],
        couponCode="NOPE-NOPE",
        email="bob@x.org",
    )
    assert referral["link"]["code"] == grace["code"], referral
    record = referral["attribution"]
    assert record["decidedBy"] == "only_candidate"
    assert [(c["method"], c["reason"], c["won"]) for c in record["candidates"]] == [
        ("visit_token", "outside_window", False),
        ("visit_token", "unknown", False),
        ("visit_token", None, True),
        ("visit_token", "other_campaign", False),
        ("visit_token", "link_blocked", False),
        ("coupon", "unknown", False),
    ]
    assert record["candidates"][1]["link"] is None
    # With no eligible touch the first one's problem is the answer, as before.
    late = await signup(client, visitTokens=[stale, "no-such-token"], email="c@x.org")
    assert (late["code"], late["field"]) == ("INVALID_STATE", "friend.visitTokens")
    unknown = await signup(client, couponCode="NOPE-NOPE", campaignId=cid, email="c@x.org")
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "friend.couponCode")
    mixed = await signup(client, visitTokens=[fresh, foreign], email="c@x.org")
    assert (mixed["code"], mixed["field"]) == ("INVALID_INPUT", "friend.campaignId")
    nowhere = await signup(
        client, campaignId=gid("Campaign", 999), referralCode=ada["code"], email="c@x.org"
    )
    assert (nowhere["code"], nowhere["field"]) == ("NOT_FOUND", "friend.campaignId")
    too_many = await signup(client, visitTokens=[f"t{i}" for i in range(11)], email="c@x.org")
    assert (too_many["code"], too_many["field"]) == ("INVALID_INPUT", "friend.visitTokens")
    assert await Referral.all().count() == 1


async def test_touches_longer_than_any_issued_are_unknown_not_errors(
    client: httpx.AsyncClient,
) -> None:
    cid, _ada, _grace = await _three(client)
    for friend in (
        {"visitToken": "x" * 1000},
        {"visitTokens": ["y" * 1000], "campaignId": cid},
        {"couponCode": "z" * 1000},
        {"referralCode": "q" * 1000, "campaignId": cid},
    ):
        answer = await signup(client, email="f@x.org", **friend)
        assert answer["code"] == "NOT_FOUND", (friend, answer)


async def test_coupons_are_unique_per_campaign_and_case_insensitive(
    client: httpx.AsyncClient,
) -> None:
    cid, ada, _grace = await _three(client)
    taken = await gql(client, SET_COUPON, id=ada["id"], c="GRACE10")
    assert (taken["setLinkCoupon"]["code"], taken["setLinkCoupon"]["field"]) == (
        "CONFLICT",
        "couponCode",
    )
    bad = await gql(client, SET_COUPON, id=ada["id"], c="a b")
    assert bad["setLinkCoupon"]["code"] == "INVALID_INPUT"
    missing = await gql(client, SET_COUPON, id=gid("Link", 999), c="ADA5")
    assert missing["setLinkCoupon"]["code"] == "NOT_FOUND"
    done = await gql(client, SET_COUPON, id=ada["id"], c="ada5")
    assert done["setLinkCoupon"] == {"__typename": "Link", "id": ada["id"], "couponCode": "ADA5"}
    assert (await signup(client, couponCode="Ada5", email="b@x.org"))["link"]["code"] == ada["code"]
    # Another campaign may reuse the coupon; then the campaign must be named.
    other = await live_campaign(client, slug="other")
    await enroll(client, other, "hal@example.com", couponCode="ADA5")
    ambiguous = await signup(client, couponCode="ada5", email="c@x.org")
    assert (ambiguous["code"], ambiguous["field"]) == ("INVALID_INPUT", "friend.couponCode")
    named = await signup(client, couponCode="ada5", campaignId=other, email="c@x.org")
    assert named["attributionMethod"] == "coupon"
    cleared = await gql(client, SET_COUPON, id=ada["id"], c=None)
    assert cleared["setLinkCoupon"]["couponCode"] is None
    audits = await AuditEvent.filter(action="link.coupon").order_by("id").values_list("diff")
    assert [a[0] for a in audits] == [
        {"coupon_code": [None, "ADA5"]},
        {"coupon_code": ["ADA5", None]},
    ]
    dup = await gql(
        client,
        """mutation($id: ID!) { enrollAdvocate(input: {campaignId: $id, email: "z@example.com",
        couponCode: "grace10"}) { __typename ... on UserError { code field } } }""",
        id=cid,
    )
    assert dup["enrollAdvocate"] == {
        "__typename": "UserError",
        "code": "CONFLICT",
        "field": "couponCode",
    }


# ---- sticky friends and existing advocates ---------------------------------------------------


async def test_a_referred_friend_stays_with_their_advocate(client: httpx.AsyncClient) -> None:
    cid, ada, grace = await _three(client)
    await gql(
        client,
        SET_RULES,
        input={
            "campaignId": cid,
            "rules": [CASH_PER_FIRST_PURCHASE],
        },
    )
    first = await signup(client, referralCode=ada["code"], email="bob@x.org")
    # Grace's coupon and code at checkout do not take Bob over.
    done = await convert(
        client,
        "sticky-key-1",
        "o-1",
        5000,
        couponCode="GRACE10",
        referralCode=grace["code"],
        email="bob@x.org",
    )
    assert done["conversion"]["referral"]["id"] == first["id"]
    referral = await Referral.get(id=pk(first["id"]))
    assert referral.link_id == pk(ada["id"])
    [reward] = await Reward.all()
    ada_link = await ReferralLink.get(id=pk(ada["id"]))
    assert reward.advocate_id == ada_link.advocate_id
    kept = await AuditEvent.get(action="referral.attribution_kept")
    assert kept.diff["decided_by"] == [None, "sticky:existing_referral"]
    assert kept.diff["candidate_link_id"] == [None, pk(grace["id"])]
    # The same advocate's touch again is not contention.
    await signup(client, referralCode=ada["code"], email="bob@x.org")
    assert await AuditEvent.filter(action="referral.attribution_kept").count() == 1
    stored = (await gql(client, REFERRAL, id=first["id"]))["referral"]
    assert stored["attribution"]["decidedBy"] == "only_candidate"


async def test_an_advocate_of_the_campaign_cannot_be_referred_into_it(
    client: httpx.AsyncClient,
) -> None:
    cid, ada, _grace = await _three(client)
    by_email = await signup(client, referralCode=ada["code"], email="GRACE@example.com")
    assert (by_email["code"], by_email["field"]) == ("INVALID_STATE", "friend.email")
    by_id = await signup(client, couponCode="grace10", externalId="cust-ada")
    assert (by_id["code"], by_id["field"]) == ("INVALID_STATE", "friend.email")
    # Self-referral is the fraud rule's to judge (blocked by default: stored rejected);
    # an advocate of another campaign may be referred.
    own = await signup(client, referralCode=ada["code"], externalId="cust-ada")
    assert own["status"] == "REJECTED"
    assert [s["rule"] for s in own["risk"]["signals"]] == ["SELF_REFERRAL"]
    other = await live_campaign(client, slug="other")
    hal = await enroll(client, other, "hal@example.com")
    assert (await signup(client, referralCode=hal["code"], email="grace@example.com"))[
        "attributionMethod"
    ] == "referral_code"
    # Only the rejected self-referral was stored; the advocates were never referred.
    assert await Referral.filter(campaign_id=pk(cid)).count() == 1


# ---- re-attribution --------------------------------------------------------------------------


async def _converted(
    client: httpx.AsyncClient, rule: dict[str, Any] | None = None
) -> tuple[str, dict[str, Any], dict[str, Any], str]:
    cid, ada, grace = await _three(client)
    rule = rule or {"trigger": "FIRST_PURCHASE", "fixedAmount": 1000}
    rules = [
        {"key": "give", "recipient": "ADVOCATE", "kind": "CASH", "currency": "USD", **rule},
        {
            "key": "friend",
            "recipient": "FRIEND",
            "trigger": "FIRST_PURCHASE",
            "kind": "CREDIT",
            "currency": "USD",
            "fixedAmount": 500,
        },
    ]
    made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": rules})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    done = await convert(
        client, "reat-key-01", "o-1", 5000, referralCode=ada["code"], email="bob@x.org"
    )
    return cid, ada, grace, done["conversion"]["referral"]["id"]


async def _advocate_of(link: dict[str, Any]) -> int:
    return (await ReferralLink.get(id=pk(link["id"]))).advocate_id


async def test_reattribution_moves_owed_rewards_exactly(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    _cid, ada, grace, rid = await _converted(client)
    clock.advance(timedelta(days=40))
    await run_due(clock=clock)  # the rewards wait for approval now
    moved = await reattribute(client, referralId=rid, code=grace["code"].lower())
    assert moved["link"]["code"] == grace["code"], moved
    assert moved["attributionMethod"] == "staff"
    record = moved["attribution"]
    assert record["decidedBy"] == "staff:owner@example.com"
    assert record["reason"] == "The friend told support Grace sent them."
    assert [(c["method"], c["link"]["code"], c["won"]) for c in record["candidates"]] == [
        ("referral_code", ada["code"], False),
        ("staff", grace["code"], True),
    ]
    ada_id, grace_id = await _advocate_of(ada), await _advocate_of(grace)
    rows = (
        await Reward.all()
        .order_by("id")
        .values_list("advocate_id", "recipient", "status", "amount", "event_key")
    )
    # Keyed by the conversion's row id (on PostgreSQL a launch preflight's rolled-back rows
    # leave gaps in the sequence, so it is read, not assumed).
    order = f"conversion:{(await Conversion.get(external_order_id='o-1')).id}"
    assert rows == [
        (ada_id, "advocate", RewardStatus.VOIDED, 1000, order),
        (None, "friend", RewardStatus.AWAITING_APPROVAL, 500, order),
        (grace_id, "advocate", RewardStatus.PENDING, 1000, f"{order}#g1"),
    ]
    balances = {
        who: sum(e.amount for e in await LedgerEntry.filter(advocate_id=who))
        for who in (ada_id, grace_id)
    }
    assert balances == {ada_id: 0, grace_id: 1000}
    assert await verify_ledger() == []
    assert await verify_rewards() == []
    audit = await AuditEvent.get(action="referral.reattribute")
    assert audit.actor_kind == "staff" and audit.target_id == str(pk(rid))
    assert audit.diff["link_id"] == [pk(ada["id"]), pk(grace["id"])]
    assert audit.diff["advocate_id"] == [ada_id, grace_id]
    assert audit.diff["decided_by"] == ["only_candidate", "staff:owner@example.com"]
    assert audit.diff["reason"] == [None, "The friend told support Grace sent them."]
    assert await AuditEvent.filter(action="reward.reattribute").count() == 1
    # The new advocate's copy goes through approval like any other reward.
    await run_due(clock=clock)
    assert (await Reward.get(advocate_id=grace_id)).status is RewardStatus.AWAITING_APPROVAL
    # And back again: a second generation, still exact.
    back = await reattribute(client, referralId=rid, linkId=ada["id"], reason="Support erred.")
    assert back["link"]["code"] == ada["code"]
    pending = Reward.filter(advocate_id=ada_id, status=RewardStatus.PENDING)
    assert [r.event_key for r in await pending] == [f"{order}#g2"]
    assert await verify_ledger() == []
    assert await verify_rewards() == []


async def test_later_events_reward_the_new_advocate_and_count_events_not_rows(
    client: httpx.AsyncClient,
) -> None:
    _cid, _ada, grace, rid = await _converted(
        client, {"trigger": "EVERY_PURCHASE", "fixedAmount": 100, "maxPerFriend": 2}
    )
    assert (await reattribute(client, referralId=rid, linkId=grace["id"]))[
        "__typename"
    ] == "Referral"
    for n in (2, 3):
        done = await convert(
            client, f"reat-key-0{n}", f"o-{n}", 5000, email="bob@x.org", campaignId=_cid
        )
        assert done["__typename"] == "ConversionRecorded", done
    grace_id = await _advocate_of(grace)
    owed = [r.event_key for r in await Reward.filter(advocate_id=grace_id).order_by("id")]
    # The moved first order and the second; the third is over the per-friend limit of two.
    first, second = [
        f"conversion:{(await Conversion.get(external_order_id=o)).id}" for o in ("o-1", "o-2")
    ]
    assert owed == [f"{first}#g1", second]
    assert await verify_ledger() == []
    assert await verify_rewards() == []


async def test_reattribution_refusals(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid, ada, grace, rid = await _converted(client)
    other = await live_campaign(client, slug="other")
    hal = await enroll(client, other, "hal@example.com")
    bob = await enroll(client, cid, "bob@x.org")  # the friend joined as an advocate later
    cases = [
        ({"linkId": ada["id"]}, "INVALID_INPUT", "linkId"),
        ({"code": hal["code"]}, "INVALID_INPUT", "code"),
        ({"linkId": bob["id"]}, "INVALID_INPUT", "linkId"),
        ({"linkId": gid("Link", 999)}, "NOT_FOUND", "linkId"),
        ({"code": "owner@example.com"}, "NOT_FOUND", "code"),  # longer than any code
        ({"linkId": grace["id"], "code": grace["code"]}, "INVALID_INPUT", "linkId"),
        ({}, "INVALID_INPUT", "linkId"),
        ({"linkId": grace["id"], "reason": "  "}, "INVALID_INPUT", "reason"),
        ({"linkId": grace["id"], "referralId": gid("Referral", 999)}, "NOT_FOUND", "referralId"),
    ]
    for extra, code, field in cases:
        got = await reattribute(client, **{"referralId": rid, **extra})
        assert (got["code"], got["field"]) == (code, field), (extra, got)
    # Nobody moves a referral to their own link.
    async with make_client(
        app, await staff_token(app, Role.MANAGER, "grace@example.com")
    ) as grace_staff:
        own = await reattribute(grace_staff, referralId=rid, linkId=grace["id"])
        assert own["code"] == "FORBIDDEN"
    # Once the advocate was paid, the referral stays.
    clock.advance(timedelta(days=40))
    await run_due(clock=clock)
    ada_reward = await Reward.get(recipient="advocate")
    async with make_client(app, await staff_token(app, Role.MANAGER)) as manager:
        approve = """mutation($id: ID!) { approveReward(id: $id) { __typename } }"""
        await gql(manager, approve, id=gid("Reward", ada_reward.id))
        fulfil = """mutation($id: ID!) { fulfillReward(id: $id, externalReference: "P-1") {
          __typename } }"""
        assert (await gql(manager, fulfil, id=gid("Reward", ada_reward.id)))["fulfillReward"][
            "__typename"
        ] == "Reward"
    paid = await reattribute(client, referralId=rid, linkId=grace["id"])
    assert (paid["code"], paid["field"]) == ("INVALID_STATE", "referralId")
    referral = await Referral.get(id=pk(rid))
    assert (referral.link_id, referral.attribution_generation) == (pk(ada["id"]), 0)
    assert await AuditEvent.filter(action="referral.reattribute").count() == 0
    assert await verify_ledger() == []
    assert await verify_rewards() == []


async def test_concurrent_reattributions_one_wins(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    _cid, _ada, grace, rid = await _converted(client)
    results = await asyncio.gather(
        *(reattribute(client, referralId=rid, linkId=grace["id"]) for _ in range(10))
    )
    won = [r for r in results if r["__typename"] == "Referral"]
    assert len(won) == 1, results
    assert {r["code"] for r in results if r["__typename"] != "Referral"} <= {
        "CONFLICT",
        "INVALID_INPUT",
    }
    grace_id = await _advocate_of(grace)
    assert await Reward.filter(advocate_id=grace_id).count() == 1
    assert await Reward.filter(status=RewardStatus.VOIDED).count() == 1
    assert await AuditEvent.filter(action="referral.reattribute").count() == 1
    assert (await Referral.get(id=pk(rid))).attribution_generation == 1
    assert await verify_ledger() == []
    assert await verify_rewards() == []


async def test_orders_racing_a_reattribution_reward_whoever_holds_the_referral(
    client: httpx.AsyncClient,
) -> None:
    cid, _ada, grace, rid = await _converted(
        client, {"trigger": "EVERY_PURCHASE", "fixedAmount": 100}
    )
    orders = [
        convert(client, f"race-key-{n:04}", f"race-{n}", 5000, campaignId=cid, email="bob@x.org")
        for n in range(8)
    ]
    results = await asyncio.gather(reattribute(client, referralId=rid, linkId=grace["id"]), *orders)
    assert results[0]["__typename"] == "Referral", results[0]
    assert all(r["__typename"] == "ConversionRecorded" for r in results[1:]), results
    # Every reward still owed to an advocate is owed to the referral's advocate now.
    owed = await Reward.filter(
        recipient="advocate",
        status__in=[RewardStatus.PENDING, RewardStatus.AWAITING_APPROVAL],
    )
    assert len(owed) == 9 and {r.advocate_id for r in owed} == {await _advocate_of(grace)}
    assert await verify_ledger() == []
    assert await verify_rewards() == []


async def test_reattribution_sees_a_disguised_inbox_and_keeps_rejected_referrals(
    client: httpx.AsyncClient,
) -> None:
    cid, ada, _grace = await _three(client)
    friend = await signup(client, referralCode=ada["code"], email="mia.lee@gmail.com")
    assert friend["status"] == "SIGNED_UP"
    # The friend's own inbox, spelled the way gmail ignores: still a self-referral.
    mia = await enroll(client, cid, "mialee+shop@googlemail.com")
    disguised = await reattribute(client, referralId=friend["id"], linkId=mia["id"])
    assert (disguised["code"], disguised["field"]) == ("INVALID_INPUT", "linkId")
    # A referral the fraud controls rejected is not moved to anyone.
    own = await signup(client, referralCode=ada["code"], externalId="cust-ada")
    assert own["status"] == "REJECTED"
    grace = await enroll(client, cid, "grace@example.com")
    moved = await reattribute(client, referralId=own["id"], linkId=grace["id"])
    assert (moved["code"], moved["field"]) == ("INVALID_STATE", "referralId")
    assert await AuditEvent.filter(action="referral.reattribute").count() == 0


async def test_reattribution_respects_the_new_advocate_s_cap(client: httpx.AsyncClient) -> None:
    cid, ada, grace = await _three(client)
    give = {
        "key": "give",
        "recipient": "ADVOCATE",
        "kind": "CASH",
        "currency": "USD",
        "trigger": "FIRST_PURCHASE",
        "fixedAmount": 1000,
    }
    made = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [give], "advocateCap": {"maxCount": 1}},
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    for who, email in ((ada, "bob@x.org"), (grace, "cy@x.org")):
        done = await convert(
            client, f"cap-key-{email}", email, 5000, referralCode=who["code"], email=email
        )
        assert done["__typename"] == "ConversionRecorded", done
    bob = await Referral.get(friend_email="bob@x.org")
    moved = await reattribute(client, referralId=gid("Referral", bob.id), linkId=grace["id"])
    assert moved["link"]["code"] == grace["code"], moved
    # Grace already has her one reward: Ada's is voided and not issued to her again.
    grace_id = await _advocate_of(grace)
    counted = await Reward.filter(advocate_id=grace_id).exclude(status=RewardStatus.VOIDED)
    assert len(counted) == 1
    assert await Reward.filter(referral_id=bob.id, status=RewardStatus.VOIDED).count() == 1
    assert await AuditEvent.filter(action="reward.capped").count() == 1
    assert await verify_ledger() == []
    assert await verify_rewards() == []
