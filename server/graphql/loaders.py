"""Per-request DataLoaders: a page of N campaigns costs a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from server.accounts.models import StaffUser
from server.advocates.models import Advocate
from server.analytics import service as analytics
from server.analytics.sql import fetch, placeholders
from server.campaigns.models import Campaign
from server.graphql.batching import Batched
from server.graphql.pagination import Page
from server.milestones.models import Milestone
from server.referrals.models import Conversion, Referral, ReferralLink
from server.rewards.models import Reward, RewardApproval, RewardRuleSet

M = TypeVar("M", bound=Model)

StatsKey = tuple[int, datetime | None, datetime | None]
ObjectiveKey = tuple[int, str, str]
PageKey = tuple[int, Page]  # parent id, the page wanted


def _by_id(model: type[M]) -> Callable[[list[int]], Awaitable[list[M | None]]]:
    async def load(ids: list[int]) -> list[M | None]:
        found = {row.pk: row for row in await model.filter(id__in=ids)}
        return [found.get(i) for i in ids]

    return load


def _children(model: type[M], parent: str) -> Callable[[list[PageKey]], Awaitable[list[list[M]]]]:
    """One page of rows per parent (oldest first) in one windowed query per distinct page."""
    table = model._meta.db_table

    async def load(keys: list[PageKey]) -> list[list[M]]:
        groups: dict[Page, list[int]] = defaultdict(list)
        for parent_id, page in keys:
            groups[page].append(parent_id)
        found: dict[PageKey, list[M]] = {}
        for page, parents in groups.items():
            bounds, args = "", list[int]()
            if page.after is not None:
                bounds, args = bounds + " AND id > ?", [*args, page.after]
            if page.before is not None:
                bounds, args = bounds + " AND id < ?", [*args, page.before]
            order = "DESC" if page.backwards else "ASC"
            query = (
                f"SELECT id FROM (SELECT id, ROW_NUMBER() OVER "  # noqa: S608 - fixed identifiers
                f"(PARTITION BY {parent} ORDER BY id {order}) AS rn FROM {table} "
                f"WHERE {parent} IN ({placeholders(len(parents))}){bounds}) ranked "
                f"WHERE rn <= ?"
            )
            rows = await fetch(query, [*parents, *args, page.size + 1])
            ids = [int(r["id"]) for r in rows]
            per_parent: dict[int, list[M]] = defaultdict(list)
            ordering = "-id" if page.backwards else "id"
            for obj in await model.filter(id__in=ids).order_by(ordering) if ids else []:
                per_parent[getattr(obj, parent)].append(obj)
            for parent_id in parents:
                found[(parent_id, page)] = per_parent.get(parent_id, [])
        return [found[k] for k in keys]

    return load


async def _stats(keys: list[StatsKey]) -> list[analytics.Stats]:
    groups: dict[tuple[datetime | None, datetime | None], list[int]] = defaultdict(list)
    for cid, frm, to in keys:
        groups[(frm, to)].append(cid)
    results: dict[StatsKey, analytics.Stats] = {}
    for (frm, to), ids in groups.items():
        for cid, value in (await analytics.stats(ids, frm, to)).items():
            results[(cid, frm, to)] = value
    return [results[k] for k in keys]


async def _approvals_of(reward_ids: list[int]) -> Sequence[int]:
    counts: dict[int, int] = defaultdict(int)
    for reward_id in await RewardApproval.filter(reward_id__in=reward_ids).values_list(
        "reward_id", flat=True
    ):
        counts[int(reward_id)] += 1  # type: ignore[call-overload]
    return [counts[i] for i in reward_ids]


async def _staff_names(emails: list[str]) -> list[str | None]:
    rows = await StaffUser.filter(email__in=emails).values_list("email", "name")
    found = {str(email): str(name) for email, name in rows}
    return [found.get(e) for e in emails]


RuleSetKey = tuple[int, int]  # campaign id, version


async def _rule_sets(keys: list[RuleSetKey]) -> list[RewardRuleSet | None]:
    campaign_ids = {c for c, _ in keys}
    rows = await RewardRuleSet.filter(
        campaign_id__in=campaign_ids, version__in={v for _, v in keys}
    )
    found = {(r.campaign_id, r.version): r for r in rows}
    return [found.get(k) for k in keys]


class Loaders:
    """Each loader is created on first use: a request that resolves no campaign builds none."""

    @classmethod
    def create(cls) -> Loaders:
        return cls()

    @cached_property
    def campaign(self) -> DataLoader[int, Campaign | None]:
        return DataLoader(_by_id(Campaign))

    @cached_property
    def advocate(self) -> DataLoader[int, Advocate | None]:
        return DataLoader(_by_id(Advocate))

    @cached_property
    def link(self) -> DataLoader[int, ReferralLink | None]:
        return DataLoader(_by_id(ReferralLink))

    @cached_property
    def referral(self) -> DataLoader[int, Referral | None]:
        return DataLoader(_by_id(Referral))

    @cached_property
    def stats(self) -> Batched[StatsKey, analytics.Stats]:
        return Batched(_stats)

    @cached_property
    def objective(self) -> Batched[ObjectiveKey, int]:
        """From the all-time stats of the same request: `stats` without a range and the
        objective share one computation."""

        async def load(keys: list[ObjectiveKey]) -> list[int]:
            totals = await self.stats.load_many([(cid, None, None) for cid, _, _ in keys])
            return [
                analytics.objective_value(s, metric, currency)
                for s, (_, metric, currency) in zip(totals, keys, strict=True)
            ]

        return Batched(load)

    @cached_property
    def links_page(self) -> DataLoader[PageKey, list[ReferralLink]]:
        return DataLoader(_children(ReferralLink, "campaign_id"))

    @cached_property
    def referrals_page(self) -> DataLoader[PageKey, list[Referral]]:
        return DataLoader(_children(Referral, "campaign_id"))

    @cached_property
    def conversions_page(self) -> DataLoader[PageKey, list[Conversion]]:
        return DataLoader(_children(Conversion, "campaign_id"))

    @cached_property
    def referral_conversions_page(self) -> DataLoader[PageKey, list[Conversion]]:
        return DataLoader(_children(Conversion, "referral_id"))

    @cached_property
    def advocate_links_page(self) -> DataLoader[PageKey, list[ReferralLink]]:
        return DataLoader(_children(ReferralLink, "advocate_id"))

    @cached_property
    def approvals_of_reward(self) -> DataLoader[int, int]:
        return DataLoader(_approvals_of)

    @cached_property
    def milestone(self) -> DataLoader[int, Milestone | None]:
        return DataLoader(_by_id(Milestone))

    @cached_property
    def reward(self) -> DataLoader[int, Reward | None]:
        return DataLoader(_by_id(Reward))

    @cached_property
    def rule_set(self) -> DataLoader[RuleSetKey, RewardRuleSet | None]:
        return DataLoader(_rule_sets)

    @cached_property
    def staff_name(self) -> DataLoader[str, str | None]:
        return DataLoader(_staff_names)
