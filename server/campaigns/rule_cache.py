"""Per-process cache of the rules a conversion applies: reward rule versions, milestone rules
and fraud settings, keyed by (campaign id, config_version).

Correct across workers without messaging: database triggers (migration 0020) bump the
campaign's `config_version` on every insert, update or delete of a reward_rule_set,
milestone_rule or fraud_rule_setting row, in the transaction that makes the change. The
conversion reads the version with the campaign row it reads anyway; an entry at another
version is replaced by one load. An entry loaded after the version was read is at least as
new as that version, so it is never older than what the version promises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from server.fraud.models import FraudRuleSetting
from server.fraud.rules import RuleKey, Setting, settings_for
from server.milestones.models import MilestoneRule
from server.milestones.rules import RuleSpec
from server.rewards.models import RewardRuleSet
from server.rewards.versions import RuleVersion

MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class CampaignRules:
    campaign_id: int
    version: int
    reward_versions: tuple[RuleVersion, ...]  # newest first
    milestones: tuple[RuleSpec, ...]  # the enabled ones
    fraud: dict[RuleKey, Setting]

    def reward_rules_at(self, moment: datetime) -> RuleVersion | None:
        """The version in force at `moment`: the newest one created at or before it."""
        return next((v for v in self.reward_versions if v.created_at <= moment), None)


class RuleCache:
    """One per app (process): campaign id -> its rules at a version. Per app rather than per
    module, so a database whose ids start again (a restore, a wiped test database) meets an
    empty cache in the next app."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: dict[int, CampaignRules] = {}
        self._max = max_entries
        self.loads = 0  # how many times the database was asked (tests)

    async def get(self, campaign_id: int, version: int, conn: BaseDBAsyncClient) -> CampaignRules:
        """The campaign's rules at `version`, read with the campaign row in this transaction
        before it wrote anything (so the version is a committed one)."""
        found = self._entries.get(campaign_id)
        if found is not None and found.version == version:
            return found
        self.loads += 1
        entry = await load(campaign_id, version, conn)
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[campaign_id] = entry
        return entry


async def load(campaign_id: int, version: int, conn: BaseDBAsyncClient) -> CampaignRules:
    sets = await RewardRuleSet.filter(campaign_id=campaign_id).using_db(conn).order_by("-version")
    specs = await MilestoneRule.filter(campaign_id=campaign_id, enabled=True).using_db(conn)
    fraud = await FraudRuleSetting.filter(campaign_id=campaign_id).using_db(conn)
    return CampaignRules(
        campaign_id=campaign_id,
        version=version,
        reward_versions=tuple(RuleVersion.of(s) for s in sets),
        milestones=tuple(RuleSpec(r.key, r.kind, int(r.threshold)) for r in specs),
        fraud=settings_for({r.rule: Setting(r.mode, r.threshold) for r in fraud}),
    )
