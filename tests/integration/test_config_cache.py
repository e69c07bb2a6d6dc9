"""The rules a conversion applies (reward rules, milestone rules, fraud settings) are cached per
process by the campaign's config version: a change made through one app instance is used by
another instance's very next conversion."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from server.app import create_app
from server.clock import FrozenClock
from server.milestones.models import Milestone
from server.rewards.models import Reward
from server.settings import Settings
from tests.conftest import gql, make_client
from tests.factories import CASH_PER_FIRST_PURCHASE as ADVOCATE_RULE
from tests.factories import click, convert, enroll, live_campaign
from tests.integration.test_hot_paths import SET_RULES

SET_FRAUD = """mutation($input: SetFraudRulesInput!) { setFraudRules(input: $input) {
  __typename ... on UserError { code message } } }"""
RULES = "query($id: ID!) { milestoneRules(campaignId: $id) { id key } }"
SWITCH = """mutation($id: ID!) { updateMilestoneRule(id: $id, enabled: false) {
  __typename ... on UserError { code message } } }"""


def _worker(settings: Settings, clock: FrozenClock) -> Starlette:
    """Another worker process's app."""
    return create_app(settings, clock=clock, manage_db=False, run_jobs=False)


async def _order(shop: httpx.AsyncClient, code: str, friend: str, order: str) -> dict[str, object]:
    token = await click(shop, code, ua=f"Browser/{order}")
    return await convert(shop, f"order-key-{order}", order, 5000, visitToken=token, email=friend)


async def test_a_rules_change_in_one_instance_counts_at_the_next_conversion_in_another(
    client: httpx.AsyncClient, settings: Settings, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    ada = (await enroll(client, cid, "ada@example.com"))["code"]
    bob = (await enroll(client, cid, "bob@example.com"))["code"]
    worker = _worker(settings, clock)
    cache = worker.state.services.rules
    async with make_client(worker, client.headers["authorization"].split()[1]) as other:
        first = await _order(other, ada, "f1@example.org", "o-1")
        assert first["__typename"] == "ConversionRecorded", first
        assert await Milestone.filter(rule_key="advocate_referrals-1").count() == 1
        loads = cache.loads
        # Through the first instance: reward rules, a stricter fraud rule, a milestone off.
        made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": [ADVOCATE_RULE]})
        assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
        strict = {"rule": "CONVERSION_VELOCITY_HOUR", "mode": "BLOCK", "threshold": 1}
        fraud = await gql(client, SET_FRAUD, input={"campaignId": cid, "rules": [strict]})
        assert fraud["setFraudRules"]["__typename"] == "Campaign", fraud
        rule = next(
            r
            for r in (await gql(client, RULES, id=cid))["milestoneRules"]
            if r["key"] == "advocate_referrals-1"
        )
        off = await gql(client, SWITCH, id=rule["id"])
        assert off["updateMilestoneRule"]["__typename"] == "MilestoneRule", off
        # Ada's second order in the hour is over the new limit of one: blocked.
        second = await _order(other, ada, "f2@example.org", "o-2")
        assert second["__typename"] == "UserError", second
        assert second["code"] == "INVALID_STATE", second
        assert cache.loads == loads + 1  # the version moved: loaded once
        # Bob's first order earns the new reward; his first-referral milestone is off.
        third = await _order(other, bob, "f3@example.org", "o-3")
        assert third["__typename"] == "ConversionRecorded", third
        assert cache.loads == loads + 1  # unchanged since: from the cache
    assert await Reward.filter(conversion__external_order_id="o-3").count() == 1
    assert await Milestone.filter(rule_key="advocate_referrals-1").count() == 1
