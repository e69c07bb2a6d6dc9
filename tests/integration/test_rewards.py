"""Rewards: the right person, the right amount, exactly once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from tortoise.exceptions import IntegrityError, OperationalError

from server.accounts.models import Role
from server.clock import FrozenClock
from server.email.render import REJECT_REASONS as WORDING
from server.jobs import run_due
from server.rewards.decide import REJECT_REASONS
from server.rewards.models import LedgerEntry, Reward
from server.rewards.service import verify_ledger
from server.settings import Settings
from tests.conftest import gql, make_client, staff_token
from tests.factories import CASH_PER_FIRST_PURCHASE, convert, enroll, live_campaign, refund, signup
from tests.ids import gid, pk
from tests.tampering import triggers_off

SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on RewardRuleVersion { version } ... on UserError { code field message } } }"""
APPROVE = """mutation($id: ID!) { approveReward(id: $id) {
  __typename ... on RewardDecision { approvals approvalsNeeded reward { status decidedBy } }
  ... on UserError { code message } } }"""
REWARDS = """{ rewards(first: 50) { nodes { id status recipient value { amount currency }
  ruleKey ruleVersion } } }"""


def advocate_rule(**extra: Any) -> dict[str, Any]:
    return {**CASH_PER_FIRST_PURCHASE, **extra}


async def _campaign(
    client: httpx.AsyncClient, *rules: dict[str, Any], **policy: Any
) -> tuple[str, dict[str, Any]]:
    cid = await live_campaign(client)
    made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": list(rules), **policy})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    return cid, await enroll(client, cid, "ada@example.com", name="Ada")


async def _rewards(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = (await gql(client, REWARDS))["rewards"]["nodes"]
    return nodes


async def test_double_sided_rewards_go_to_the_referral_s_people(client: httpx.AsyncClient) -> None:
    _cid, link = await _campaign(
        client,
        advocate_rule(),
        advocate_rule(key="friend", recipient="FRIEND", kind="DISCOUNT", fixedAmount=500),
    )
    await convert(
        client, "rw-key-0001", "o-1", 4000, referralCode=link["code"], email="bob@example.org"
    )
    rewards = await Reward.all().order_by("rule_key")
    assert [(r.rule_key, r.recipient.value, r.advocate_id, r.amount) for r in rewards] == [
        ("friend", "friend", None, 500),
        ("give", "advocate", pk(link["advocate"]["id"]), 1000),
    ]
    # Rule input cannot name a recipient account: it only says advocate or friend.
    fields = await gql(client, '{ __type(name: "RewardRuleInput") { inputFields { name } } }')
    names = {f["name"] for f in fields["__type"]["inputFields"]}
    assert not names & {"advocateId", "email", "accountId", "recipientId", "externalId"}


async def test_triggers_amounts_and_limits(client: httpx.AsyncClient) -> None:
    _cid, link = await _campaign(
        client,
        advocate_rule(key="signup", trigger="SIGNUP", fixedAmount=200),
        advocate_rule(
            key="pct",
            trigger="EVERY_PURCHASE",
            fixedAmount=None,
            percentBps=1000,
            maxAmount=1500,
            maxPerFriend=2,
            minOrderAmount=2000,
        ),
    )
    await signup(client, referralCode=link["code"], email="bob@example.org")
    await signup(client, referralCode=link["code"], email="bob@example.org")  # repeat: no reward
    for i, amount in enumerate([1000, 5000, 30000, 9000]):  # below minimum, 10%, capped, 3rd
        await convert(
            client,
            f"rw-key-10{i}",
            f"o-{i}",
            amount,
            referralCode=link["code"],
            email="bob@example.org",
        )
    assert sorted((r["ruleKey"], r["value"]["amount"]) for r in await _rewards(client)) == [
        ("pct", 500),
        ("pct", 1500),
        ("signup", 200),
    ]


async def test_the_version_in_force_when_the_order_happened_applies(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _campaign(client, advocate_rule(fixedAmount=1000))
    clock.advance(timedelta(hours=1))
    await gql(
        client, SET_RULES, input={"campaignId": cid, "rules": [advocate_rule(fixedAmount=2500)]}
    )
    clock.advance(timedelta(hours=1))
    early = (clock.now() - timedelta(minutes=90)).isoformat()
    await convert(
        client,
        "rw-key-0201",
        "o-early",
        100,
        referralCode=link["code"],
        email="a@example.org",
        occurredAt=early,
    )
    await convert(
        client, "rw-key-0202", "o-late", 100, referralCode=link["code"], email="b@example.org"
    )
    got = sorted((r["ruleVersion"], r["value"]["amount"]) for r in await _rewards(client))
    assert got == [(1, 1000), (2, 2500)]
    versions = await gql(
        client,
        """query($id: ID!) { campaign(id: $id) { rewardRuleVersions {
        version rules { fixedAmount } } } }""",
        id=cid,
    )
    assert [
        (v["version"], v["rules"][0]["fixedAmount"])
        for v in versions["campaign"]["rewardRuleVersions"]
    ] == [(2, 2500), (1, 1000)]
    bad = await gql(
        client, SET_RULES, input={"campaignId": cid, "rules": [advocate_rule(percentBps=500)]}
    )
    assert bad["setRewardRules"]["code"] == "INVALID_INPUT"


async def test_holds_release_to_approval_or_auto_approval(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    _cid, link = await _campaign(client, advocate_rule(holdDays=14), autoApproveMax=1000)
    await convert(
        client, "rw-key-0301", "o-1", 100, referralCode=link["code"], email="a@example.org"
    )
    assert [r["status"] for r in await _rewards(client)] == ["PENDING"]
    assert (await run_due(clock=clock))["reward_holds_released"] == 0
    clock.advance(timedelta(days=14))
    assert (await run_due(clock=clock))["reward_holds_released"] == 1
    assert [r["status"] for r in await _rewards(client)] == ["APPROVED"]


async def _awaiting(
    client: httpx.AsyncClient, clock: FrozenClock, amount: int = 1000, **policy: Any
) -> str:
    _cid, link = await _campaign(client, advocate_rule(fixedAmount=amount), **policy)
    await convert(
        client, "rw-key-0401", "o-1", 100, referralCode=link["code"], email="a@example.org"
    )
    await run_due(clock=clock)
    [reward] = await _rewards(client)
    assert reward["status"] == "AWAITING_APPROVAL"
    return str(reward["id"])


async def test_twenty_concurrent_approvals_make_one_decision(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    reward_id = await _awaiting(client, clock)
    tokens = [await staff_token(app, Role.MANAGER, f"m{i}@example.com") for i in range(20)]
    clients = [make_client(app, t) for t in tokens]
    try:
        results = await asyncio.gather(*(gql(c, APPROVE, id=reward_id) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    decisions = [r["approveReward"] for r in results]
    winners = [d for d in decisions if d["__typename"] == "RewardDecision"]
    assert len(winners) == 1
    assert all(
        d["code"] == "CONFLICT" and d["message"] == "Already approved by Manager."
        for d in decisions
        if d not in winners
    )
    assert await LedgerEntry.filter(reward_id=pk(reward_id)).count() == 1  # issued only
    assert (await Reward.get(id=pk(reward_id))).status.value == "approved"


async def test_four_eyes_needs_two_distinct_approvers_with_the_right(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    reward_id = await _awaiting(client, clock, amount=50000, fourEyesAbove=20000)
    one = "query($id: ID!) { reward(id: $id) { approvals approvalsNeeded } }"
    assert (await gql(client, one, id=reward_id))["reward"] == {
        "approvals": 0,
        "approvalsNeeded": 2,
    }
    assert (await gql(client, one, id=gid("Reward", 424242)))["reward"] is None
    async with make_client(app, await staff_token(app, Role.MANAGER, "m@example.com")) as m:
        assert (await gql(m, APPROVE, id=reward_id))["approveReward"]["code"] == "FORBIDDEN"
    clock.advance(timedelta(hours=25))  # the owner changed the rules: wait out the cooldown
    first = await gql(client, APPROVE, id=reward_id)
    assert first["approveReward"]["approvals"] == 1
    assert first["approveReward"]["approvalsNeeded"] == 2
    assert first["approveReward"]["reward"]["status"] == "AWAITING_APPROVAL"
    again = await gql(client, APPROVE, id=reward_id)
    assert again["approveReward"]["code"] == "CONFLICT"
    async with make_client(app, await staff_token(app, Role.ADMIN, "a2@example.com")) as admin:
        second = (await gql(admin, APPROVE, id=reward_id))["approveReward"]
    assert (second["approvals"], second["reward"]["status"]) == (2, "APPROVED")
    assert second["reward"]["decidedBy"] == "a2@example.com"


async def test_nobody_approves_their_own_reward_or_after_changing_rules(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    reward_id = await _awaiting(client, clock)
    async with make_client(app, await staff_token(app, Role.MANAGER, "ada@example.com")) as ada:
        own = (await gql(ada, APPROVE, id=reward_id))["approveReward"]
    assert own["code"] == "FORBIDDEN" and "receive" in own["message"]
    # The owner client set this campaign's rules moments ago.
    mine = (await gql(client, APPROVE, id=reward_id))["approveReward"]
    assert mine["code"] == "FORBIDDEN" and "24 hours" in mine["message"]
    clock.advance(timedelta(hours=25))
    assert (await gql(client, APPROVE, id=reward_id))["approveReward"]["approvals"] == 1


async def test_reject_unapprove_fulfil_and_the_ledger(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    reward_id = await _awaiting(client, clock)
    clock.advance(timedelta(hours=25))
    reject = """mutation($id: ID!, $r: String!) { rejectReward(id: $id, reason: $r, note: "dup") {
      __typename ... on Reward { status rejectReason } ... on UserError { code field message } } }"""
    fulfil = """mutation($id: ID!) { fulfillReward(id: $id, externalReference: "PAYOUT-9") {
      __typename ... on Reward { status externalReference } ... on UserError { code message } } }"""
    unapprove = """mutation($id: ID!) { unapproveReward(id: $id) {
      __typename ... on Reward { status } ... on UserError { code } } }"""
    assert (await gql(client, reject, id=reward_id, r="because"))["rejectReward"][
        "field"
    ] == "reason"
    early = (await gql(client, fulfil, id=reward_id))["fulfillReward"]
    assert early == {
        "__typename": "UserError",
        "code": "CONFLICT",
        "message": "It is awaiting approval.",
    }
    await gql(client, APPROVE, id=reward_id)
    assert (await gql(client, unapprove, id=reward_id))["unapproveReward"]["status"] == (
        "AWAITING_APPROVAL"
    )
    await gql(client, APPROVE, id=reward_id)
    balance = """query($id: ID!) { advocate(id: $id) { balance { amount currency }
      ledger { nodes { kind } } } }"""
    advocate_pk = (await Reward.get(id=pk(reward_id))).advocate_id
    assert advocate_pk is not None
    advocate = gid("Advocate", advocate_pk)
    assert (await gql(client, balance, id=advocate))["advocate"]["balance"] == [
        {"amount": 1000, "currency": "USD"}
    ]
    done = (await gql(client, fulfil, id=reward_id))["fulfillReward"]
    assert done == {"__typename": "Reward", "status": "FULFILLED", "externalReference": "PAYOUT-9"}
    after = (await gql(client, balance, id=advocate))["advocate"]
    assert after["balance"] == [{"amount": 0, "currency": "USD"}]
    assert [n["kind"] for n in after["ledger"]["nodes"]] == ["FULFILLED", "ISSUED"]
    stale = (await gql(client, reject, id=reward_id, r="other"))["rejectReward"]
    assert (
        stale["code"] == "CONFLICT" and stale["message"] == "Already fulfilled (approved by Owner)."
    )
    assert await verify_ledger() == []


async def test_refunds_void_shrink_and_claw_back(
    client: httpx.AsyncClient, clock: FrozenClock, settings: Settings
) -> None:
    _cid, link = await _campaign(
        client,
        advocate_rule(trigger="EVERY_PURCHASE", fixedAmount=None, percentBps=1000),
        autoApproveMax=100000,
    )
    orders = {}
    for i in range(3):
        made = await convert(
            client,
            f"rw-key-06{i}",
            f"o-{i}",
            10000,
            referralCode=link["code"],
            email="bob@example.org",
        )
        orders[i] = made["conversion"]["id"]
    await refund(client, orders[0], 10000, "rf-key-0001")  # during hold: void
    await refund(client, orders[1], 4000, "rf-key-0002")  # partial: 10% of 60.00
    await refund(client, orders[1], 4000, "rf-key-0002")  # replay: nothing new
    await run_due(clock=clock)
    by_order = {r.conversion_id: r for r in await Reward.all()}
    assert by_order[pk(orders[0])].status.value == "voided"
    assert by_order[pk(orders[1])].amount == 600
    fulfil = (
        """mutation($id: ID!) { fulfillReward(id: $id, externalReference: "P-1") { __typename } }"""
    )
    await gql(client, fulfil, id=gid("Reward", by_order[pk(orders[2])].id))
    await refund(client, orders[2], 10000, "rf-key-0003")  # after payout: claw back
    assert (await Reward.get(id=by_order[pk(orders[2])].id)).status.value == "reversed"
    query = "query($id: ID!) { advocate(id: $id) { balance { amount } } }"
    balance = (await gql(client, query, id=link["advocate"]["id"]))["advocate"]
    assert balance["balance"] == [{"amount": 600 - 1000}]  # 6.00 owed, 10.00 to claw back
    assert await verify_ledger() == []
    with pytest.raises((IntegrityError, OperationalError), match="append-only"):
        await LedgerEntry.filter(kind="adjustment").update(amount=-1)
    async with triggers_off(settings):  # tamper as someone with DDL rights could
        await LedgerEntry.filter(kind="adjustment").update(amount=-1)
    [mismatch] = await verify_ledger()
    assert (mismatch.ledger, mismatch.expected) == (-400 + 399, -400)


async def test_test_mode_rewards_are_never_fulfilled(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, testMode=True)
    await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [advocate_rule()], "autoApproveMax": 5000},
    )
    link = await enroll(client, cid)
    await convert(
        client, "rw-key-0701", "o-1", 100, referralCode=link["code"], email="t@example.org"
    )
    await run_due(clock=clock)
    [reward] = await _rewards(client)
    out = await gql(
        client,
        """mutation($id: ID!) { fulfillReward(id: $id, externalReference: "x")
      { __typename ... on UserError { code message } } }""",
        id=reward["id"],
    )
    assert out["fulfillReward"]["code"] == "INVALID_STATE"
    query = "query($id: ID!) { advocate(id: $id) { balance { amount } } }"
    balance = (await gql(client, query, id=link["advocate"]["id"]))["advocate"]
    assert balance["balance"] == []  # test-mode entries stay out of live balances


async def test_preview_answers_without_writing(client: httpx.AsyncClient) -> None:
    cid, _link = await _campaign(
        client,
        advocate_rule(holdDays=14),
        advocate_rule(key="friend", recipient="FRIEND", kind="DISCOUNT", fixedAmount=500),
        advocate_rule(
            key="pct", trigger="EVERY_PURCHASE", fixedAmount=None, percentBps=1000, maxAmount=50000
        ),
        autoApproveMax=600,
        fourEyesAbove=2000,
    )
    query = """query($id: ID!, $s: RewardScenario!) { previewReward(campaignId: $id, scenario: $s)
      { ruleVersion refused rewards { recipient ruleKey value { amount } holdUntil
        statusAfterHold approvalsNeeded } fraudSignals { rule mode severity } } }"""
    scenario = {
        "advocateEmail": "ada@example.com",
        "friendEmail": "new@example.org",
        "orderAmount": 30000,
        "currency": "USD",
        "at": "2026-03-10T00:00:00Z",
    }
    before = (await Reward.all().count(), await LedgerEntry.all().count())
    got = (await gql(client, query, id=cid, s=scenario))["previewReward"]
    assert got["ruleVersion"] == 1 and got["refused"] is None
    assert sorted(
        (
            r["ruleKey"],
            r["value"]["amount"],
            r["statusAfterHold"],
            r["approvalsNeeded"],
            r["holdUntil"][:10],
        )
        for r in got["rewards"]
    ) == [
        ("friend", 500, "APPROVED", 1, "2026-03-10"),
        ("give", 1000, "AWAITING_APPROVAL", 1, "2026-03-24"),
        ("pct", 3000, "AWAITING_APPROVAL", 2, "2026-03-10"),
    ]
    assert got["fraudSignals"] == []
    # Dots and +tags only fold at providers that ignore them: at example.com this is not Ada.
    other = await gql(client, query, id=cid, s={**scenario, "friendEmail": "a.da+x@example.com"})
    assert len(other["previewReward"]["rewards"]) == 3
    assert other["previewReward"]["fraudSignals"] == []
    own = await gql(client, query, id=cid, s={**scenario, "friendEmail": "ADA@example.com"})
    assert own["previewReward"]["refused"] == (
        "Fraud controls would block this referral (self_referral)."
    )
    assert own["previewReward"]["fraudSignals"] == [
        {"rule": "SELF_REFERRAL", "mode": "BLOCK", "severity": "HIGH"}
    ]
    # A disposable inbox is flagged by default: nothing approves itself.
    burner = await gql(client, query, id=cid, s={**scenario, "friendEmail": "x@mailinator.com"})
    assert [s["rule"] for s in burner["previewReward"]["fraudSignals"]] == ["DISPOSABLE_EMAIL"]
    assert {r["statusAfterHold"] for r in burner["previewReward"]["rewards"]} == {
        "AWAITING_APPROVAL"
    }
    invalid = await gql(client, query, id=cid, s={**scenario, "friendEmail": "bob@localhost"})
    assert [s["rule"] for s in invalid["previewReward"]["fraudSignals"]] == ["INVALID_EMAIL"]
    assert invalid["previewReward"]["refused"].startswith("Fraud controls would block")
    assert (await Reward.all().count(), await LedgerEntry.all().count()) == before


async def test_concurrent_orders_of_one_friend_respect_per_friend_limits(
    client: httpx.AsyncClient,
) -> None:
    _cid, link = await _campaign(
        client,
        advocate_rule(),
        advocate_rule(
            key="pct", trigger="EVERY_PURCHASE", fixedAmount=None, percentBps=1000, maxPerFriend=2
        ),
    )
    # Already converted once, so later orders do not touch the referral row.
    await convert(
        client, "rw-conc-first", "o-first", 1000, referralCode=link["code"], email="bob@example.org"
    )
    results = await asyncio.gather(
        *(
            convert(
                client,
                f"rw-conc-{i:04d}",
                f"o-conc-{i}",
                1000,
                referralCode=link["code"],
                email="bob@example.org",
            )
            for i in range(10)
        )
    )
    assert all(r["__typename"] == "ConversionRecorded" for r in results)
    keys = sorted(r.rule_key for r in await Reward.all())
    assert keys == ["give", "pct", "pct"]  # one first purchase, the percentage twice at most


async def test_the_currency_is_fixed_once_reward_rules_use_it(client: httpx.AsyncClient) -> None:
    cid, _link = await _campaign(client, advocate_rule())
    update = """mutation($id: ID!, $c: String!) { updateCampaign(id: $id, input: {currency: $c}) {
      __typename ... on Campaign { currency } ... on UserError { code field } } }"""
    refused = (await gql(client, update, id=cid, c="EUR"))["updateCampaign"]
    assert refused == {"__typename": "UserError", "code": "INVALID_STATE", "field": "currency"}
    fresh = await live_campaign(client, slug="no-rules-yet")
    assert (await gql(client, update, id=fresh, c="eur"))["updateCampaign"] == {
        "__typename": "Campaign",
        "currency": "EUR",
    }


async def test_the_reject_reasons_come_from_the_one_server_list(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    """Clients (the dashboard) list the reasons from the API; every listed reason has the
    advocate's wording in its email, and each is taken by rejectReward."""
    listed = (await gql(client, "{ rewardRejectReasons { name label } }"))["rewardRejectReasons"]
    assert [(r["name"], r["label"]) for r in listed] == list(REJECT_REASONS.items())
    assert set(WORDING) == set(REJECT_REASONS)
    async with make_client(app, await staff_token(app, Role.ANALYST)) as analyst:
        seen = (await gql(analyst, "{ rewardRejectReasons { name } }"))["rewardRejectReasons"]
    assert [r["name"] for r in seen] == list(REJECT_REASONS)
