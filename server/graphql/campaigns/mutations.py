from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from server.accounts.permissions import Permission
from server.campaigns import sandbox, service
from server.campaigns.models import CampaignStatus as Status
from server.campaigns.preflight_rules import Code
from server.campaigns.service import CampaignChanges
from server.graphql.campaigns import preflight
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import AttributionModel, ObjectiveMetric
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs
from server.graphql.scalars import BigInt

CampaignResult = Annotated[Campaign | UserError, strawberry.union("CampaignResult")]


@strawberry.type
class TestClockAdvanced:
    campaign: Campaign
    holds_released: int = strawberry.field(description="Rewards whose hold ended by the move.")


@strawberry.type
class DeletedRows:
    kind: str
    count: int


@strawberry.type
class TestDataReset:
    campaign: Campaign
    deleted: list[DeletedRows]


AdvanceResult = Annotated[TestClockAdvanced | UserError, strawberry.union("AdvanceTestClockResult")]
ResetResult = Annotated[TestDataReset | UserError, strawberry.union("ResetTestDataResult")]


GRACE_HELP = (
    "Days after the campaign's end during which orders of friends referred before the end "
    "still count (0-365, default 30). Later orders, and new friends after the end, are refused."
)


@strawberry.input
class ObjectiveInput:
    metric: ObjectiveMetric
    target: BigInt = strawberry.field(description="Count, or minor units for revenue.")
    deadline: datetime | None = None


@strawberry.input
class ShareTemplatesInput:
    email_subject: str | None = None
    email_body: str | None = None
    social_message: str | None = None
    friend_reward: str | None = None


@strawberry.input
class CreateCampaignInput:
    name: str
    slug: str
    landing_url: str
    description: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    objective: ObjectiveInput | None = None
    currency: str | None = None
    share: ShareTemplatesInput | None = None
    terms: str = ""
    test_mode: bool = False
    attribution_window_days: int = 30
    attribution_model: AttributionModel = strawberry.field(
        default=AttributionModel.LAST_TOUCH,
        description="Which touch wins when a friend arrives through several.",
    )
    slack_channel: str | None = None
    order_grace_days: int = strawberry.field(default=30, description=GRACE_HELP)


@strawberry.input(description="Omitted fields stay as they are; null clears a nullable field.")
class UpdateCampaignInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    landing_url: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.UNSET
    ends_at: datetime | None = strawberry.UNSET
    objective: ObjectiveInput | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    share: ShareTemplatesInput | None = strawberry.UNSET
    terms: str | None = strawberry.UNSET
    test_mode: bool | None = strawberry.UNSET
    attribution_window_days: int | None = strawberry.UNSET
    attribution_model: AttributionModel | None = strawberry.UNSET
    slack_channel: str | None = strawberry.UNSET
    order_grace_days: int | None = strawberry.field(
        default=strawberry.UNSET, description=GRACE_HELP
    )


def _changes(data: CreateCampaignInput | UpdateCampaignInput) -> CampaignChanges:
    """Translate API input to the service's change set; UNSET means untouched."""
    values: dict[str, Any] = {}
    clear: set[str] = set()
    simple = (
        "name",
        "slug",
        "landing_url",
        "description",
        "starts_at",
        "ends_at",
        "currency",
        "terms",
        "test_mode",
        "attribution_window_days",
        "attribution_model",
        "slack_channel",
        "order_grace_days",
    )
    for name in simple:
        value = getattr(data, name)
        if value is strawberry.UNSET:
            continue
        if value is None:
            clear.add(name)
        else:
            values[name] = value
    if data.objective is None and isinstance(data, UpdateCampaignInput):
        clear |= {"objective_metric", "objective_target", "objective_deadline"}
    elif data.objective not in (None, strawberry.UNSET):
        obj = data.objective
        assert isinstance(obj, ObjectiveInput)
        values.update(objective_metric=obj.metric, objective_target=int(obj.target))
        if obj.deadline is None:
            clear.add("objective_deadline")
        else:
            values["objective_deadline"] = obj.deadline
    share = data.share
    if isinstance(share, ShareTemplatesInput):
        for api, field in (
            ("email_subject", "share_email_subject"),
            ("email_body", "share_email_body"),
            ("social_message", "share_social_message"),
            ("friend_reward", "friend_reward_text"),
        ):
            if getattr(share, api) is not None:
                values[field] = getattr(share, api)
    # Non-nullable fields given as null on create are simply absent.
    clear -= (
        {
            "name",
            "slug",
            "landing_url",
            "description",
            "currency",
            "terms",
            "test_mode",
            "attribution_window_days",
            "attribution_model",
            "order_grace_days",
        }
        if isinstance(data, CreateCampaignInput)
        else set()
    )
    return CampaignChanges(**values, clear=frozenset(clear))


async def _transition(info: Info, id: strawberry.ID, target: Status) -> Campaign | UserError:
    async def run() -> Campaign:
        ctx = info.context
        return Campaign.of(
            await service.transition(
                campaign_id=parse_id(id, "id", "Campaign"),
                target=target,
                actor=ctx.actor,
                clock=ctx.clock,
            )
        )

    return await attempt(run())


@strawberry.type
class CampaignMutations:
    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def create_campaign(self, info: Info, input: CreateCampaignInput) -> CampaignResult:
        async def run() -> Campaign:
            ctx = info.context
            return Campaign.of(
                await service.create(
                    changes=_changes(input),
                    default_currency=ctx.settings.default_currency,
                    actor=ctx.actor,
                    clock=ctx.clock,
                    public_url=ctx.settings.public_url,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def update_campaign(
        self, info: Info, id: strawberry.ID, input: UpdateCampaignInput
    ) -> CampaignResult:
        async def run() -> Campaign:
            ctx = info.context
            return Campaign.of(
                await service.update(
                    campaign_id=parse_id(id, "id", "Campaign"),
                    changes=_changes(input),
                    actor=ctx.actor,
                    clock=ctx.clock,
                    public_url=ctx.settings.public_url,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.CAMPAIGNS_WRITE),
        description="Draft or paused -> active. Before startsAt it is SCHEDULED. Runs the launch "
        "preflight (see campaignPreflight) first: warnings must be acknowledged.",
    )
    async def launch_campaign(
        self,
        info: Info,
        id: strawberry.ID,
        acknowledge: Annotated[
            list[Code] | None,
            strawberry.argument(
                description="Preflight warning codes the caller has reviewed and accepts."
            ),
        ] = None,
    ) -> CampaignResult:
        # The launch preflight names the campaign `campaignId` (its query's argument).
        return await attempt(preflight.launch(info, id, acknowledge or []), {"campaignId": "id"})

    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def pause_campaign(self, info: Info, id: strawberry.ID) -> CampaignResult:
        return await _transition(info, id, Status.PAUSED)

    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def end_campaign(self, info: Info, id: strawberry.ID) -> CampaignResult:
        return await _transition(info, id, Status.ENDED)

    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def archive_campaign(self, info: Info, id: strawberry.ID) -> CampaignResult:
        return await _transition(info, id, Status.ARCHIVED)

    @strawberry.mutation(
        extensions=mutation_needs(Permission.CAMPAIGNS_WRITE),
        description="Test-mode campaigns only: run the campaign's clock ahead by `hours` plus "
        "`minutes` (at most 366 days in all) to rehearse hold periods, approvals and velocity "
        "windows; holds now due are released at once.",
    )
    async def advance_test_clock(
        self, info: Info, campaign_id: strawberry.ID, hours: int, minutes: int = 0
    ) -> AdvanceResult:
        async def run() -> TestClockAdvanced:
            ctx = info.context
            done = await sandbox.advance_test_clock(
                campaign_id=parse_id(campaign_id, "campaignId", "Campaign"),
                hours=hours,
                minutes=minutes,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return TestClockAdvanced(
                campaign=Campaign.of(done.campaign), holds_released=done.holds_released
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.TEST_DATA_RESET),
        description="Test-mode campaigns only: delete their test clicks, referrals, conversions, "
        "refunds, rewards, ledger entries and milestones, and set the clock back to real time.",
    )
    async def reset_test_data(self, info: Info, campaign_id: strawberry.ID) -> ResetResult:
        async def run() -> TestDataReset:
            ctx = info.context
            done = await sandbox.reset_test_data(
                campaign_id=parse_id(campaign_id, "campaignId", "Campaign"),
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return TestDataReset(
                campaign=Campaign.of(done.campaign),
                deleted=[DeletedRows(kind=k, count=n) for k, n in done.deleted.items()],
            )

        return await attempt(run())
