"""Tiers, per-advocate caps and the campaign budget, through the API."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.rewards.models import Reward
from server.rewards.service import verify_ledger
from tests.conftest import gql
from tests.factories import convert, enroll, live_campaign
from tests.ids import gid
from tests.integration.test_rewards import SET_RULES, advocate_rule

CAMPAIGN = """query($id: ID!) { campaign(id: $id) { status
  budget { budget { amount currency } spent { amount } remaining { amount } }
  rewardRuleVersions { version budget pauseCampaignOnBudget
    advocateCap { period maxCount maxAmount }
    rules { key tiers { afterReferrals fixedAmount percentBps maxAmount } } } } }"""
REJECT = """mutation($id: ID!) { rejectReward(id: $id, reason: "other") { __typename } }"""


async def _setup(
    client: httpx.AsyncClient, rules: list[dict[str, Any]], **limits: Any
) -> tuple[str, dict[str, Any]]:
    cid = await live_campaign(client)
    made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": rules, **limits})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    return cid, await enroll(client, cid, "ada@example.com", name="Ada")


async def _buy(client: httpx.AsyncClient, link: dict[str, Any], n: int, amount: int = 5000) -> None:
    done = await convert(
        client, f"lim-key-{n:04d}", f"o-{n}", amount, referralCode=link["code"], email=f"f{n}@x.org"
    )
    assert done["__typename"] == "ConversionRecorded", done


async def _amounts() -> list[tuple[int | None, int]]:
    return [(r.tier, r.amount) for r in await Reward.all().order_by("id")]


async def _audited(action: str) -> list[dict[str, Any]]:
    return [e.diff for e in await AuditEvent.filter(action=action).order_by("id")]


async def test_tiers_follow_the_advocate_s_successful_referrals(client: httpx.AsyncClient) -> None:
    tiers = [
        {"afterReferrals": 2, "fixedAmount": 1500},
        {"afterReferrals": 3, "percentBps": 1000, "maxAmount": 2500},
    ]
    cid, link = await _setup(client, [advocate_rule(tiers=tiers)])
    for n, amount in enumerate([5000, 5000, 5000, 20000, 90000]):
        await _buy(client, link, n, amount)
    # 0 and 1 earlier successes: base; 2: fixed tier; 3 and 4: 10% up to 25.00.
    assert await _amounts() == [(None, 1000), (None, 1000), (2, 1500), (3, 2000), (3, 2500)]
    version = (await gql(client, CAMPAIGN, id=cid))["campaign"]["rewardRuleVersions"][0]
    assert version["rules"][0]["tiers"] == [
        {"afterReferrals": 2, "fixedAmount": 1500, "percentBps": None, "maxAmount": None},
        {"afterReferrals": 3, "fixedAmount": None, "percentBps": 1000, "maxAmount": 2500},
    ]
    bad = await gql(
        client,
        SET_RULES,
        input={
            "campaignId": cid,
            "rules": [advocate_rule(recipient="FRIEND", tiers=[tiers[0]])],
        },
    )
    assert bad["setRewardRules"]["field"] == "rules.0.tiers"


async def test_a_tiered_percentage_reward_shrinks_at_its_own_tier_on_refund(
    client: httpx.AsyncClient,
) -> None:
    from tests.factories import refund

    tiers = [{"afterReferrals": 1, "percentBps": 2000}]
    _cid, link = await _setup(
        client, [advocate_rule(fixedAmount=None, percentBps=1000, tiers=tiers)]
    )
    await _buy(client, link, 0, 10000)
    await _buy(client, link, 1, 10000)
    assert await _amounts() == [(None, 1000), (1, 2000)]
    second = await Reward.get(tier=1)
    assert second.conversion_id is not None
    await refund(client, gid("Conversion", second.conversion_id), 5000, "lim-refund-1")
    assert (await Reward.get(id=second.id)).amount == 1000  # 20 % of the 50.00 left
    assert await verify_ledger() == []


async def test_a_count_cap_per_day_refuses_and_audits_and_resets_the_next_day(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, link = await _setup(
        client,
        [advocate_rule(), advocate_rule(key="friend", recipient="FRIEND", fixedAmount=300)],
        advocateCap={"period": "DAY", "maxCount": 2},
    )
    for n in range(3):
        await _buy(client, link, n)
    rewards = await Reward.all().order_by("id")
    assert sorted(r.rule_key for r in rewards) == ["friend", "friend", "friend", "give", "give"]
    [capped] = await _audited("reward.capped")
    assert capped["reason"] == [None, "cap_count"] and capped["rule"] == [None, "give"]
    # A rejected reward no longer counts, so the advocate may earn again today.
    first_give = next(r for r in rewards if r.rule_key == "give")
    assert (await gql(client, REJECT, id=gid("Reward", first_give.id)))["rejectReward"][
        "__typename"
    ] == "Reward"
    await _buy(client, link, 3)
    await _buy(client, link, 4)  # capped again
    clock.advance(timedelta(days=1))
    await _buy(client, link, 5)
    gives = [r for r in await Reward.filter(rule_key="give").order_by("id")]
    assert len(gives) == 4 and len(await _audited("reward.capped")) == 2
    cap = (await gql(client, CAMPAIGN, id=cid))["campaign"]["rewardRuleVersions"][0]["advocateCap"]
    assert cap == {"period": "DAY", "maxCount": 2, "maxAmount": None}


async def test_an_amount_cap_refuses_rather_than_shrinks(client: httpx.AsyncClient) -> None:
    _cid, link = await _setup(
        client, [advocate_rule(fixedAmount=1000)], advocateCap={"maxAmount": 2500}
    )
    for n in range(3):
        await _buy(client, link, n)
    assert await _amounts() == [(None, 1000), (None, 1000)]  # not a third of 500


async def test_the_budget_stops_rewards_and_pauses_the_campaign(
    client: httpx.AsyncClient,
) -> None:
    cid, link = await _setup(
        client,
        [advocate_rule(fixedAmount=1000)],
        budget=2500,
        pauseCampaignOnBudget=True,
    )
    for n in range(2):
        await _buy(client, link, n)
    shown = (await gql(client, CAMPAIGN, id=cid))["campaign"]
    assert shown["budget"] == {
        "budget": {"amount": 2500, "currency": "USD"},
        "spent": {"amount": 2000},
        "remaining": {"amount": 500},
    }
    assert shown["status"] == "ACTIVE"
    await _buy(client, link, 2)  # would make 30.00: refused, campaign paused
    assert len(await Reward.all()) == 2
    [why] = await _audited("reward.budget_exhausted")
    assert why["spent"] == [None, 2000] and why["budget"] == [None, 2500]
    [paused] = await _audited("campaign.paused")
    assert paused == {"status": ["active", "paused"], "reason": [None, "budget_exhausted"]}
    shown = (await gql(client, CAMPAIGN, id=cid))["campaign"]
    assert shown["status"] == "PAUSED"
    version = shown["rewardRuleVersions"][0]
    assert (version["budget"], version["pauseCampaignOnBudget"]) == (2500, True)
    assert await verify_ledger() == []


async def test_budget_and_caps_are_validated(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"rules": [advocate_rule(currency="EUR")], "budget": 100}, "rules.0.currency"),
        ({"rules": [advocate_rule()], "pauseCampaignOnBudget": True}, "pauseCampaignOnBudget"),
        ({"rules": [advocate_rule()], "advocateCap": {"maxCount": 0}}, "advocateCap.maxCount"),
        ({"rules": [advocate_rule()], "budget": 0}, "budget"),
    ]
    for data, field in cases:
        got = (await gql(client, SET_RULES, input={"campaignId": cid, **data}))["setRewardRules"]
        assert (got["code"], got["field"]) == ("INVALID_INPUT", field)


@pytest.mark.parametrize("pause", [False, True])
async def test_concurrent_conversions_never_overspend_the_budget(
    client: httpx.AsyncClient, pause: bool
) -> None:
    cid, link = await _setup(
        client, [advocate_rule(fixedAmount=1000)], budget=5000, pauseCampaignOnBudget=pause
    )
    friends = [
        convert(
            client, f"conc-{n:04d}", f"o-{n}", 5000, referralCode=link["code"], email=f"c{n}@x.org"
        )
        for n in range(20)
    ]
    results = await asyncio.gather(*friends)
    recorded = [r for r in results if r["__typename"] == "ConversionRecorded"]
    assert len(await Reward.all()) == 5
    assert len(await _audited("reward.budget_exhausted")) == len(recorded) - 5
    if pause:
        # Once paused, new friends are no longer attributed at all.
        assert len(await _audited("campaign.paused")) == 1
        assert all(r["code"] == "INVALID_STATE" for r in results if r not in recorded)
    else:
        assert len(recorded) == 20
    assert await verify_ledger() == []
    budget = (await gql(client, CAMPAIGN, id=cid))["campaign"]["budget"]
    assert budget["remaining"] == {"amount": 0}


async def test_concurrent_conversions_never_exceed_an_advocate_s_cap(
    client: httpx.AsyncClient,
) -> None:
    _cid, link = await _setup(
        client,
        [advocate_rule(fixedAmount=700)],
        advocateCap={"period": "MONTH", "maxCount": 3, "maxAmount": 10000},
    )
    results = await asyncio.gather(
        *(
            convert(
                client,
                f"cap-{n:04d}",
                f"o-{n}",
                5000,
                referralCode=link["code"],
                email=f"{n}@x.org",
            )
            for n in range(20)
        )
    )
    assert all(r["__typename"] == "ConversionRecorded" for r in results)
    assert len(await Reward.all()) == 3
    assert await verify_ledger() == []


PREVIEW = """query($id: ID!, $s: RewardScenario!) { previewReward(campaignId: $id, scenario: $s)
  { rewards { ruleKey tier value { amount } } withheld { reason reward { ruleKey value { amount } } } } }"""


async def test_preview_knows_the_advocate_s_tier_and_remaining_caps(
    client: httpx.AsyncClient,
) -> None:
    cid, link = await _setup(
        client,
        [
            advocate_rule(tiers=[{"afterReferrals": 1, "fixedAmount": 1200}]),
            advocate_rule(key="friend", recipient="FRIEND", fixedAmount=300),
        ],
        advocateCap={"maxCount": 2},
        budget=3000,
    )
    scenario = {
        "advocateEmail": "ada@example.com",
        "friendEmail": "new@x.org",
        "orderAmount": 5000,
        "currency": "USD",
    }
    first = (await gql(client, PREVIEW, id=cid, s=scenario))["previewReward"]
    assert sorted((r["ruleKey"], r["tier"], r["value"]["amount"]) for r in first["rewards"]) == [
        ("friend", None, 300),
        ("give", None, 1000),
    ]
    await _buy(client, link, 0)  # 10.00 + 3.00 spent, one success
    second = (await gql(client, PREVIEW, id=cid, s=scenario))["previewReward"]
    assert sorted((r["ruleKey"], r["tier"], r["value"]["amount"]) for r in second["rewards"]) == [
        ("friend", None, 300),
        ("give", 1, 1200),
    ]
    await _buy(client, link, 1)  # 12.00 + 3.00 more: 28.00 of 30.00, two advocate rewards
    third = (await gql(client, PREVIEW, id=cid, s=scenario))["previewReward"]
    assert third["rewards"] == []
    assert sorted((w["reason"], w["reward"]["ruleKey"]) for w in third["withheld"]) == [
        ("BUDGET", "friend"),
        ("CAP_COUNT", "give"),
    ]
    assert await Reward.all().count() == 4  # previews wrote nothing


async def test_concurrent_conversions_count_each_other_for_tiers(
    client: httpx.AsyncClient,
) -> None:
    _cid, link = await _setup(
        client, [advocate_rule(tiers=[{"afterReferrals": 1, "fixedAmount": 1500}])]
    )
    results = await asyncio.gather(
        *(
            convert(
                client,
                f"tier-{n:04d}",
                f"o-{n}",
                5000,
                referralCode=link["code"],
                email=f"{n}@x.org",
            )
            for n in range(10)
        )
    )
    assert all(r["__typename"] == "ConversionRecorded" for r in results)
    # Exactly one friend was the advocate's first success; everyone after saw it.
    assert sorted(r.amount for r in await Reward.all()) == [1000] + [1500] * 9
