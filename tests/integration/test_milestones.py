"""Milestones are reached exactly once, in the transaction of the event that crossed them."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from server.milestones.models import Milestone
from server.notifications.models import Notification, NotificationKind
from tests.conftest import gql
from tests.factories import convert, enroll, live_campaign, refund

MILESTONES = """
query($c: ID, $announced: Boolean) {
  milestones(campaignId: $c, announced: $announced) {
    nodes { ruleKey kind threshold value title advocateFirstName test announcedAt
            campaign { slug } }
  }
}"""
RULES = "query($c: ID!) { milestoneRules(campaignId: $c) { id key kind threshold enabled } }"
CREATE_RULE = """
mutation($input: CreateMilestoneRuleInput!) {
  createMilestoneRule(input: $input) {
    __typename ... on MilestoneRule { id key } ... on UserError { code field }
  }
}"""
UPDATE_RULE = """
mutation($id: ID!, $on: Boolean!) {
  updateMilestoneRule(id: $id, enabled: $on) {
    __typename ... on MilestoneRule { enabled } ... on UserError { code }
  }
}"""


async def _milestones(client: httpx.AsyncClient, **args: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = (await gql(client, MILESTONES, **args))["milestones"]["nodes"]
    return nodes


async def _rule(client: httpx.AsyncClient, campaign: str, kind: str, threshold: int) -> str:
    made = (
        await gql(
            client,
            CREATE_RULE,
            input={"campaignId": campaign, "kind": kind, "threshold": threshold},
        )
    )["createMilestoneRule"]
    assert made["__typename"] == "MilestoneRule", made
    return str(made["id"])


async def test_every_campaign_starts_with_default_rules(client: httpx.AsyncClient) -> None:
    plain = await live_campaign(client)
    with_objective = await live_campaign(
        client, slug="with-goal", objective={"metric": "CONVERSIONS", "target": 500}
    )
    kinds = {r["kind"] for r in (await gql(client, RULES, c=plain))["milestoneRules"]}
    assert kinds == {"CONVERSIONS", "REVENUE", "ADVOCATE_REFERRALS"}
    rules = (await gql(client, RULES, c=with_objective))["milestoneRules"]
    objective = [r["threshold"] for r in rules if r["kind"] == "OBJECTIVE_PERCENT"]
    assert objective == [25, 50, 75, 100]


async def test_first_referral_and_objective_are_reached_once_and_refunds_keep_them(
    client: httpx.AsyncClient,
) -> None:
    campaign = await live_campaign(client, objective={"metric": "CONVERSIONS", "target": 4})
    link = await enroll(client, campaign, name="Ada Lovelace")
    first = await convert(
        client, "key-0001", "o1", referralCode=link["code"], email="f1@example.org"
    )
    assert first["__typename"] == "ConversionRecorded", first
    reached = await _milestones(client, c=campaign)
    assert {(m["kind"], m["threshold"]) for m in reached} == {
        ("ADVOCATE_REFERRALS", 1),
        ("OBJECTIVE_PERCENT", 25),
    }
    achievement = next(m for m in reached if m["kind"] == "ADVOCATE_REFERRALS")
    assert achievement["advocateFirstName"] == "Ada"
    assert achievement["title"] == "first successful referral"
    assert achievement["campaign"]["slug"] == "give-10"
    # A second order from the same friend is not a second successful referral.
    await convert(client, "key-0002", "o2", referralCode=link["code"], email="f1@example.org")
    reached = await _milestones(client, c=campaign)
    assert [m["threshold"] for m in reached if m["kind"] == "OBJECTIVE_PERCENT"] == [50, 25]
    assert len([m for m in reached if m["kind"] == "ADVOCATE_REFERRALS"]) == 1
    # Refunding everything does not un-reach anything, and nothing is reached twice later.
    conversion_id = first["conversion"]["id"]
    assert (await refund(client, conversion_id, 5000, "refund-0001"))[
        "__typename"
    ] == "ConversionRecorded"
    await convert(client, "key-0003", "o3", referralCode=link["code"], email="f2@example.org")
    reached = await _milestones(client, c=campaign)
    assert sorted(m["threshold"] for m in reached if m["kind"] == "OBJECTIVE_PERCENT") == [
        25,
        50,
        75,
    ]
    assert await Milestone.all().count() == len(reached)
    # Each milestone wrote exactly one notification in its transaction.
    kinds = [str(k) for k in await Notification.all().values_list("kind", flat=True)]
    assert kinds == [NotificationKind.MILESTONE_REACHED.value] * len(reached)


async def test_custom_rules_revenue_and_switching_off(client: httpx.AsyncClient) -> None:
    campaign = await live_campaign(client)
    link = await enroll(client, campaign)
    rule_id = await _rule(client, campaign, "CONVERSIONS", 2)
    await _rule(client, campaign, "REVENUE", 7_500)
    duplicate = (
        await gql(
            client,
            CREATE_RULE,
            input={"campaignId": campaign, "kind": "CONVERSIONS", "threshold": 2},
        )
    )["createMilestoneRule"]
    assert duplicate == {"__typename": "UserError", "code": "CONFLICT", "field": "threshold"}
    no_objective = (
        await gql(
            client,
            CREATE_RULE,
            input={"campaignId": campaign, "kind": "OBJECTIVE_PERCENT", "threshold": 10},
        )
    )["createMilestoneRule"]
    assert no_objective["code"] == "INVALID_STATE"
    off = (await gql(client, UPDATE_RULE, id=rule_id, on=False))["updateMilestoneRule"]
    assert off == {"__typename": "MilestoneRule", "enabled": False}
    await convert(client, "key-0001", "o1", referralCode=link["code"], email="f1@example.org")
    await convert(client, "key-0002", "o2", referralCode=link["code"], email="f2@example.org")
    reached = {m["ruleKey"]: m for m in await _milestones(client, c=campaign)}
    assert "conversions-2" not in reached  # switched off before it was crossed
    assert reached["revenue-7500"]["value"] == 10_000
    assert reached["revenue-7500"]["title"] == "$75.00 in referred revenue"


async def test_test_mode_milestones_are_marked_test(client: httpx.AsyncClient) -> None:
    campaign = await live_campaign(client, testMode=True)
    link = await enroll(client, campaign)
    await convert(client, "key-0001", "o1", referralCode=link["code"], email="f1@example.org")
    reached = await _milestones(client, c=campaign)
    assert reached and all(m["test"] for m in reached)
    assert await Notification.filter(test=True).count() == len(reached)


async def test_fifty_concurrent_conversions_reach_a_threshold_once(
    client: httpx.AsyncClient,
) -> None:
    campaign = await live_campaign(client)
    await _rule(client, campaign, "CONVERSIONS", 25)
    links = [await enroll(client, campaign, email=f"adv{i}@example.com") for i in range(5)]
    results = await asyncio.gather(
        *(
            convert(
                client,
                f"concurrent-key-{i}",
                f"order-{i}",
                referralCode=links[i % 5]["code"],
                email=f"friend{i}@example.org",
            )
            for i in range(50)
        )
    )
    assert all(r["__typename"] == "ConversionRecorded" for r in results), results
    rows = await Milestone.filter(rule_key="conversions-25")
    assert len(rows) == 1
    assert rows[0].value >= 25
    for threshold in (10, 50):
        assert await Milestone.filter(rule_key=f"conversions-{threshold}").count() == 1
    # Five advocates, each with a first successful referral: five achievements, not fifty.
    assert await Milestone.filter(rule_key="advocate_referrals-1").count() == 5
    assert await Notification.filter(milestone_id__isnull=False).count() == (
        await Milestone.all().count()
    )
