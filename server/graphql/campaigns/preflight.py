"""campaignPreflight, goLive and the acknowledged launch: translation only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.campaigns import golive, preflight
from server.campaigns import preflight_rules as rules
from server.graphql.analytics.types import Money
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import RewardRecipient
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs, needs
from server.graphql.scalars import BigInt

strawberry.enum(rules.Code, name="PreflightFindingCode")
strawberry.enum(rules.Severity, name="PreflightSeverity")


@strawberry.type(description="Something the launch preflight noticed; WARNING needs acknowledging.")
class PreflightFinding:
    code: rules.Code
    severity: rules.Severity
    message: str
    link_code: str | None = strawberry.field(description="The sharing link it is about, if one.")


@strawberry.type(description="A reward the simulated journey would create.")
class PreflightPayee:
    recipient: RewardRecipient
    email: str | None
    value: Money


@strawberry.type(description="One simulated friend of one sharing advocate (nothing was written).")
class PreflightJourney:
    sharer_code: str
    sharer_email: str
    new_advocate: bool = strawberry.field(
        description="A synthetic advocate enrolled for the simulation (the campaign's next one)."
    )
    friend_email: str
    clicked_code: str | None = strawberry.field(
        description="The link the rendered share message led the friend to."
    )
    clicks: int = strawberry.field(description="Clicks recorded by following that link.")
    coupon: str | None = strawberry.field(description="A coupon typed at checkout, if any.")
    credited_code: str | None
    credited_email: str | None
    payees: list[PreflightPayee]
    refused: str | None = strawberry.field(description="Why the journey earned nothing, if so.")

    @classmethod
    def of(cls, j: rules.Journey) -> PreflightJourney:
        return cls(
            sharer_code=j.sharer_code,
            sharer_email=j.sharer_email,
            new_advocate=j.synthetic,
            friend_email=j.friend_email,
            clicked_code=j.clicked_code,
            clicks=j.clicks,
            coupon=j.coupon,
            credited_code=j.credited_code,
            credited_email=j.credited_email,
            payees=[
                PreflightPayee(
                    recipient=RewardRecipient(p.recipient),
                    email=p.email,
                    value=Money(amount=BigInt(p.amount), currency=p.currency),
                )
                for p in j.payees
            ],
            refused=j.refused,
        )


@strawberry.type
class PreflightReport:
    campaign: Campaign
    simulated_at: datetime
    warnings: list[rules.Code] = strawberry.field(
        description="Codes to acknowledge before launchCampaign or goLive proceed."
    )
    findings: list[PreflightFinding]
    journeys: list[PreflightJourney]

    @classmethod
    def of(cls, report: preflight.Report) -> PreflightReport:
        return cls(
            campaign=Campaign.of(report.campaign),
            simulated_at=report.simulated_at,
            warnings=[rules.Code(c) for c in report.warnings],
            findings=[
                PreflightFinding(
                    code=f.code, severity=f.severity, message=f.message, link_code=f.link_code
                )
                for f in report.findings
            ],
            journeys=[PreflightJourney.of(j) for j in report.journeys],
        )


GoLiveResult = Annotated[Campaign | UserError, strawberry.union("GoLiveResult")]


@strawberry.type
class PreflightQueries:
    @strawberry.field(
        extensions=needs(Permission.CAMPAIGNS_WRITE),
        description="Simulate friends' journeys (share message, /r/ click, signup, purchase) "
        "through the real attribution, fraud and reward code as if the campaign were live now, "
        "and say who would be credited and paid. Writes nothing.",
    )
    async def campaign_preflight(self, info: Info, campaign_id: strawberry.ID) -> PreflightReport:
        ctx = info.context
        return PreflightReport.of(
            await preflight.run(
                campaign_id=parse_id(campaign_id, "campaignId", kind="Campaign"),
                settings=ctx.settings,
                clock=ctx.clock,
                actor=ctx.actor,
                check_landing=ctx.settings.preflight_check_landing,
            )
        )


async def launch(info: Info, id: strawberry.ID, acknowledge: list[rules.Code]) -> Campaign:
    ctx = info.context
    return Campaign.of(
        await golive.launch(
            campaign_id=parse_id(id, kind="Campaign"),
            acknowledge=[c.value for c in acknowledge],
            settings=ctx.settings,
            actor=ctx.actor,
            clock=ctx.clock,
        )
    )


@strawberry.type
class PreflightMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.TEST_DATA_RESET),
        description="Take a test-mode campaign live in one audited step: refused while test "
        "data remains unless resetTestData deletes it; the test clock returns to real time; the "
        "launch preflight runs and its warnings must be acknowledged.",
    )
    async def go_live(
        self,
        info: Info,
        campaign_id: strawberry.ID,
        reset_test_data: bool = False,
        acknowledge: list[rules.Code] | None = None,
    ) -> GoLiveResult:
        async def run() -> Campaign:
            ctx = info.context
            return Campaign.of(
                await golive.go_live(
                    campaign_id=parse_id(campaign_id, "campaignId", kind="Campaign"),
                    reset_test_data=reset_test_data,
                    acknowledge=[c.value for c in acknowledge or []],
                    settings=ctx.settings,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        # The lifecycle step it shares with launchCampaign names the campaign `id`.
        return await attempt(run(), {"id": "campaignId"})
