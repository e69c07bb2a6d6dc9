"""Reward rule versions: written once, never edited, so past rewards stay explainable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts.viewer import Viewer
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import Conflict, NotFound
from server.rewards import rules
from server.rewards.models import (
    RewardRuleSet,
)
from server.rewards.rules import Limits, Policy, Rule


async def set_rules(
    *,
    campaign_id: int,
    rules_: list[Rule],
    policy: Policy,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
    limits: Limits | None = None,
) -> RewardRuleSet:
    """A new version; old versions are never edited, so past rewards stay explainable."""
    limits = limits or Limits()
    rules.validate_rules(rules_)
    rules.validate_policy(policy)
    now = clock.now()
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    campaign_rules.check_config_write(campaign_test=campaign.test_mode, key_test=actor.key_test)
    rules.validate_rule_currency(rules_, campaign.currency)
    rules.validate_limits(limits, rules_, campaign.currency)
    try:
        async with in_transaction() as conn:
            latest = (
                await RewardRuleSet.filter(campaign_id=campaign_id)
                .using_db(conn)
                .order_by("-version")
                .first()
            )
            version = (latest.version if latest else 0) + 1
            rule_set = await RewardRuleSet.create(
                campaign_id=campaign_id,
                version=version,
                rules=[r.to_json() for r in rules_],
                auto_approve_max=policy.auto_approve_max,
                four_eyes_above=policy.four_eyes_above,
                cap_period=limits.cap_period,
                cap_count=limits.cap_count,
                cap_amount=limits.cap_amount,
                budget=limits.budget,
                pause_campaign_on_budget=limits.pause_campaign_on_budget,
                created_by_user_id=viewer.user.id if viewer.user else None,
                created_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="reward_rules.set",
                target=rule_set,
                now=now,
                changes={"version": [version - 1 or None, version]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict(
            "Another rules change landed at the same time; retry.", field="campaignId"
        ) from None
    return rule_set


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """A rule set as the engine uses it (parsed once; cached per process by its campaign's
    config version, see server/campaigns/rule_cache.py)."""

    version: int
    created_at: datetime
    rules: tuple[Rule, ...]
    policy: Policy
    limits: Limits

    @classmethod
    def of(cls, rule_set: RewardRuleSet) -> RuleVersion:
        rules_, policy = parse(rule_set)
        return cls(
            rule_set.version, rule_set.created_at, tuple(rules_), policy, limits_of(rule_set)
        )


def parse(rule_set: RewardRuleSet) -> tuple[list[Rule], Policy]:
    return (
        [Rule.from_json(r) for r in rule_set.rules],
        Policy(rule_set.auto_approve_max, rule_set.four_eyes_above),
    )


def limits_of(rule_set: RewardRuleSet) -> Limits:
    return Limits(
        cap_period=rule_set.cap_period,
        cap_count=rule_set.cap_count,
        cap_amount=rule_set.cap_amount,
        budget=rule_set.budget,
        pause_campaign_on_budget=rule_set.pause_campaign_on_budget,
    )


async def rule_set_at(
    campaign_id: int, moment: datetime, conn: BaseDBAsyncClient | None = None
) -> RewardRuleSet | None:
    """The version in force at `moment`: the newest one created at or before it."""
    return (
        await RewardRuleSet.filter(campaign_id=campaign_id, created_at__lte=moment)
        .using_db(conn)
        .order_by("-version")
        .first()
    )
