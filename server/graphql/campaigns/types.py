from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.advocates.rules import first_name
from server.analytics import rules as analytics_rules
from server.analytics import service as analytics
from server.campaigns import rules
from server.campaigns.models import Campaign as CampaignModel
from server.campaigns.service import now_of
from server.email.models import CampaignEmailSettings
from server.graphql.analytics.types import (
    CampaignStats,
    Metric,
    Money,
    ObjectiveProgress,
    TimeseriesPoint,
)
from server.graphql.context import Info
from server.graphql.email.types import Branding
from server.graphql.enums import (
    AttributionModel,
    CampaignStatus,
    Interval,
    ObjectiveMetric,
    Period,
    Phase,
)
from server.graphql.node import Entity
from server.graphql.pagination import Connection, Page, build, page_size
from server.graphql.permissions import needs
from server.graphql.scalars import BigInt

if TYPE_CHECKING:
    from server.graphql.advocates.types import Advocate
    from server.graphql.fraud.types import FraudRuleSetting
    from server.graphql.referrals.types import Conversion, Link, Referral
    from server.graphql.rewards.types import RewardRuleVersion


LinkT = Annotated["Link", strawberry.lazy("server.graphql.referrals.types")]
ReferralT = Annotated["Referral", strawberry.lazy("server.graphql.referrals.types")]
ConversionT = Annotated["Conversion", strawberry.lazy("server.graphql.referrals.types")]
AdvocateT = Annotated["Advocate", strawberry.lazy("server.graphql.advocates.types")]
RewardRuleVersionT = Annotated["RewardRuleVersion", strawberry.lazy("server.graphql.rewards.types")]
FraudRuleSettingT = Annotated["FraudRuleSetting", strawberry.lazy("server.graphql.fraud.types")]


@strawberry.type
class Objective:
    metric: ObjectiveMetric
    target: BigInt
    deadline: datetime | None
    campaign_id: strawberry.Private[int]
    currency: strawberry.Private[str]

    @strawberry.field(extensions=needs(Permission.ANALYTICS_READ))
    async def progress(self, info: Info) -> ObjectiveProgress:
        current = await info.context.loaders.objective.load(
            (self.campaign_id, self.metric.value, self.currency)
        )
        p = rules.Progress(current=current, target=self.target)
        return ObjectiveProgress(
            current=BigInt(current), target=self.target, ratio=p.ratio, reached=p.reached
        )


@strawberry.type
class ShareTemplates:
    email_subject: str
    email_body: str
    social_message: str
    friend_reward: str


@strawberry.type
class LeaderboardEntry:
    rank: int
    advocate_id: strawberry.Private[int]
    successful_referrals: int
    revenue: Money

    @strawberry.field(description="First name only: enough to cheer someone without exposing them.")
    async def display_name(self, info: Info) -> str:
        found = await info.context.loaders.advocate.load(self.advocate_id)
        assert found is not None
        return first_name(found.name)

    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def advocate(self, info: Info) -> AdvocateT:
        from server.graphql.advocates.types import Advocate

        found = await info.context.loaders.advocate.load(self.advocate_id)
        assert found is not None
        return Advocate.of(found)


@strawberry.type
class BudgetUsage:
    budget: Money
    spent: Money
    remaining: Money


@strawberry.type
class Campaign(Entity):
    model: strawberry.Private[CampaignModel]
    # Resolved by a root field that answers one campaign: its loads need not wait for siblings.
    alone: strawberry.Private[bool] = False
    node_model: ClassVar[type[Model]] = CampaignModel
    node_permission: ClassVar[Permission] = Permission.CAMPAIGNS_READ
    id: relay.NodeID[int]
    name: str
    slug: str
    description: str
    status: CampaignStatus
    starts_at: datetime | None
    ends_at: datetime | None
    currency: str
    landing_url: str
    terms: str
    test_mode: bool
    attribution_window_days: int
    attribution_model: AttributionModel
    slack_channel: str | None
    order_grace_days: int = strawberry.field(
        description="Days after the end during which orders of friends referred before it count."
    )
    created_at: datetime
    updated_at: datetime
    launched_at: datetime | None
    ended_at: datetime | None

    @classmethod
    def of(cls, m: CampaignModel) -> Campaign:
        return cls(
            model=m,
            id=m.id,
            name=m.name,
            slug=m.slug,
            description=m.description,
            status=m.status,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            currency=m.currency,
            landing_url=m.landing_url,
            terms=m.terms,
            test_mode=m.test_mode,
            attribution_window_days=m.attribution_window_days,
            attribution_model=m.attribution_model,
            slack_channel=m.slack_channel,
            order_grace_days=m.order_grace_days,
            created_at=m.created_at,
            updated_at=m.updated_at,
            launched_at=m.launched_at,
            ended_at=m.ended_at,
        )

    @strawberry.field(description="Its look on the hosted pages and in emails.")
    async def branding(self) -> Branding:
        return Branding.of(await CampaignEmailSettings.get_or_none(campaign_id=self.model.id))

    @strawberry.field(
        description="Status with the schedule applied: a launched campaign is "
        "SCHEDULED before startsAt and ENDED after endsAt."
    )
    def phase(self, info: Info) -> Phase:
        m = self.model
        return rules.phase(m.status, m.starts_at, m.ends_at, now_of(m, info.context.clock))

    @strawberry.field(
        description="The campaign's own time: a test-mode campaign's clock may run ahead "
        "(advanceTestClock); otherwise the real time."
    )
    def test_clock(self, info: Info) -> datetime:
        return now_of(self.model, info.context.clock)

    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="The budget of the reward rules in force and what counts against it "
        "(test rows for a test-mode campaign); null without a budget.",
    )
    async def budget(self, info: Info) -> BudgetUsage | None:
        from server.rewards.service import budget_of

        found = await budget_of(self.model, info.context.clock)
        if found is None:
            return None
        return BudgetUsage(
            budget=Money(amount=BigInt(found.budget), currency=found.currency),
            spent=Money(amount=BigInt(found.spent), currency=found.currency),
            remaining=Money(
                amount=BigInt(max(found.budget - found.spent, 0)), currency=found.currency
            ),
        )

    @strawberry.field
    def objective(self) -> Objective | None:
        m = self.model
        if m.objective_metric is None or m.objective_target is None:
            return None
        return Objective(
            metric=m.objective_metric,
            target=BigInt(m.objective_target),
            deadline=m.objective_deadline,
            campaign_id=m.id,
            currency=m.currency,
        )

    @strawberry.field(description="Share content with {placeholders} unrendered.")
    def share_templates(self) -> ShareTemplates:
        m = self.model
        return ShareTemplates(
            email_subject=m.share_email_subject,
            email_body=m.share_email_body,
            social_message=m.share_social_message,
            friend_reward=m.friend_reward_text,
        )

    @strawberry.field(description="Every version of the reward rules, newest first.")
    async def reward_rule_versions(self) -> list[RewardRuleVersionT]:
        from server.graphql.rewards.types import RewardRuleVersion
        from server.rewards.models import RewardRuleSet

        rows = await RewardRuleSet.filter(campaign_id=self.model.id).order_by("-version")
        return [RewardRuleVersion.of(r) for r in rows]

    @strawberry.field(description="Every fraud rule with its mode and threshold here.")
    async def fraud_rules(self) -> list[FraudRuleSettingT]:
        from server.fraud import service as fraud
        from server.graphql.fraud.types import FraudRuleSetting

        settings = await fraud.settings_of(self.model.id)
        configured = await fraud.configured_rules(self.model.id)
        return [FraudRuleSetting.of(k, s, k in configured) for k, s in settings.items()]

    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def links(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LinkT]:
        from server.graphql.referrals.types import Link

        page = Page.of(first, after, last, before)
        rows = await info.context.loaders.links_page.load((self.model.id, page))
        return build(rows, page, lambda r: r.id, Link.of)

    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def referrals(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ReferralT]:
        from server.graphql.referrals.types import Referral

        page = Page.of(first, after, last, before)
        rows = await info.context.loaders.referrals_page.load((self.model.id, page))
        return build(rows, page, lambda r: r.id, Referral.of)

    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def conversions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ConversionT]:
        from server.graphql.referrals.types import Conversion

        page = Page.of(first, after, last, before)
        rows = await info.context.loaders.conversions_page.load((self.model.id, page))
        return build(rows, page, lambda r: r.id, Conversion.of)

    @strawberry.field(
        extensions=needs(Permission.ANALYTICS_READ),
        description="Counts in [from, to) (all time without them) from rollup rows: whole UTC "
        "days and whole hours. A range that starts or ends inside an hour (at now, or at "
        "midnight in a UTC+05:30 or UTC+05:45 timezone) also reads that part of the hour's "
        "events: at most one hour of events at each end.",
    )
    async def stats(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
    ) -> CampaignStats:
        m = self.model
        s, progress = await analytics.campaign_stats(
            lambda frm, upto: info.context.loaders.stats.load((m.id, frm, upto), alone=self.alone),
            from_,
            to,
            metric=m.objective_metric,
            target=m.objective_target,
            currency=m.currency,
        )
        return CampaignStats(
            clicks=s.clicks,
            unique_visitors=s.unique_visitors,
            referrals=s.referrals,
            signups=s.signups,
            conversions=s.conversions,
            revenue=[Money(amount=BigInt(v), currency=c) for c, v in sorted(s.revenue.items())],
            conversion_rate=analytics_rules.rate(s.converted_referrals, s.referrals),
            objective_progress=progress,
        )

    @strawberry.field(
        extensions=needs(Permission.ANALYTICS_READ),
        description="Buckets in UTC; weeks start on Monday. Revenue is in the campaign currency. "
        "Unique visitors are those first seen in the bucket. Read from rollup rows (whole UTC "
        "days and hours); a range that starts or ends inside an hour (at now, or at midnight in a "
        "UTC+05:30 or UTC+05:45 timezone) also reads that part of the hour's events of the "
        "metric: at most one hour of events at each end.",
    )
    async def timeseries(
        self,
        metric: Metric,
        interval: Interval,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> list[TimeseriesPoint]:
        points = await analytics.timeseries(self.model.id, metric.value, interval, from_, to)
        return [TimeseriesPoint(start=d, value=BigInt(v)) for d, v in points]

    @strawberry.field(
        extensions=needs(Permission.ANALYTICS_READ),
        description="Advocates by successful referrals (a referral counts on the UTC day of "
        "its first order that still counts); 'week' and 'month' are the last 7 and 30 days, "
        "in whole UTC days. A bounded list: the top `first` (at most 100). Ties go to the "
        "earlier first success. 'all' reads one rollup row per advocate; 'week' and 'month' "
        "one per advocate and day.",
    )
    async def leaderboard(
        self, info: Info, first: int = 10, period: Period = Period.ALL
    ) -> list[LeaderboardEntry]:
        size = page_size(first)
        since = analytics_rules.period_start(period, info.context.clock.now())
        rows = await analytics.leaderboard(self.model.id, size, since)
        return [
            LeaderboardEntry(
                rank=i,
                advocate_id=r.advocate_id,
                successful_referrals=r.referrals,
                revenue=Money(amount=BigInt(r.revenue), currency=self.model.currency),
            )
            for i, r in enumerate(rows, start=1)
        ]
