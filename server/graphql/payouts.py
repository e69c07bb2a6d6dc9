"""Paying approved rewards from the dashboard: payout files for PayPal and Wise out, their result
files in (each reward fulfilled once), and each Stripe customer-balance credit, its status and
error. Each resolver only translates (server/payouts/service.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.graphql.analytics.types import Money
from server.graphql.context import Info
from server.graphql.enums import NotificationStatus as OutboxStatus
from server.graphql.errors import UserError, attempt, node_id, parse_id
from server.graphql.permissions import mutation_needs, needs
from server.payouts import service
from server.payouts.files import Payable, Provider
from server.payouts.models import StripeCredit as StripeCreditModel

MAX_ROWS = 100


@strawberry.type
class StripeCredit:
    reward_id: strawberry.ID
    customer_id: str
    amount: int
    currency: str
    status: OutboxStatus
    attempts: int
    last_error: str
    next_attempt_at: datetime | None = strawberry.field(
        description="When a failed credit is tried again; null once given up or delivered."
    )
    stripe_object_id: str | None = strawberry.field(
        description="The customer balance transaction that credited the reward."
    )
    delivered_at: datetime | None

    @classmethod
    def of(cls, m: StripeCreditModel) -> StripeCredit:
        return cls(
            reward_id=node_id("Reward", m.reward_id),
            customer_id=m.customer_id,
            amount=m.amount,
            currency=m.currency,
            status=m.status,
            attempts=m.claims,
            last_error=m.last_error,
            next_attempt_at=m.next_attempt_at,
            stripe_object_id=m.stripe_object_id,
            delivered_at=m.delivered_at,
        )


@strawberry.type
class PayoutQueries:
    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="Stripe balance credits, newest first (at most 100), optionally by status.",
    )
    async def stripe_credits(
        self,
        status: OutboxStatus | None = None,
        first: int = 50,
    ) -> list[StripeCredit]:
        query = StripeCreditModel.all()
        if status is not None:
            query = query.filter(status=status)
        rows = await query.order_by("-id").limit(max(1, min(first, MAX_ROWS)))
        return [StripeCredit.of(r) for r in rows]


@strawberry.type(description="A batch file to upload to the provider, and what it pays.")
class PayoutFile:
    provider: Provider
    filename: str = strawberry.field(description="A name to save it under (.csv).")
    content: str = strawberry.field(description="The file itself (CSV, UTF-8).")
    count: int = strawberry.field(description="Rewards in the file, one line each.")
    totals: list[Money] = strawberry.field(description="What the file pays, per currency.")
    more: int = strawberry.field(
        description=f"Payable rewards left out: a file holds the oldest {service.MAX_FILE_ROWS}; "
        "export again once these are paid."
    )


@strawberry.type
class PayoutProblem:
    line: int = strawberry.field(description="1-based line of the file; the header is line 1.")
    message: str


@strawberry.type(description="What a provider's result file did, line by line.")
class PayoutImport:
    fulfilled: int = strawberry.field(description="Rewards marked paid now.")
    already: int = strawberry.field(description="Already paid: left as they were (a re-import).")
    skipped: int = strawberry.field(description="Lines the provider did not pay (failed, ...).")
    problems: list[PayoutProblem] = strawberry.field(description="Lines that matched nothing.")


PayoutFileResult = Annotated[PayoutFile | UserError, strawberry.union("PayoutFileResult")]
PayoutImportResult = Annotated[PayoutImport | UserError, strawberry.union("PayoutImportResult")]


def _totals(rows: list[Payable]) -> list[Money]:
    sums: dict[str, int] = {}
    for r in rows:
        sums[r.currency] = sums.get(r.currency, 0) + r.amount
    return Money.each(sorted((amount, currency) for currency, amount in sums.items()))


@strawberry.type
class PayoutMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description="Approved, unpaid, live cash rewards (not those paid through Stripe) as a "
        "PayPal Payouts or Wise batch file, oldest first. PayPal takes one currency per file. "
        "Writes nothing but the audit: who put which reward in a file.",
    )
    async def export_payout_file(
        self,
        info: Info,
        provider: Provider,
        currency: str | None = None,
        campaign_id: strawberry.ID | None = None,
    ) -> PayoutFileResult:
        async def run() -> PayoutFile:
            ctx = info.context
            done = await service.export_file(
                provider,
                campaign_id=parse_id(campaign_id, "campaignId", "Campaign")
                if campaign_id is not None
                else None,
                currency=currency,
                actor=ctx.actor,
                clock=ctx.clock,
            )
            day = ctx.clock.now().date().isoformat()
            return PayoutFile(
                provider=provider,
                filename=f"vouch-payouts-{provider.value}-{currency or 'all'}-{day}.csv",
                content=done.text,
                count=len(done.rows),
                totals=_totals(done.rows),
                more=done.more,
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.REWARDS_APPROVE),
        description="The provider's result file (CSV text, within the request body limit; "
        "`vouch payouts import` takes bigger files): each line it says was paid fulfils its "
        "reward exactly once, matched by the reference and checked against amount and currency. "
        "Safe to send again.",
    )
    async def import_payout_results(
        self, info: Info, provider: Provider, file: str
    ) -> PayoutImportResult:
        async def run() -> PayoutImport:
            ctx = info.context
            report = await service.import_results(provider, file, actor=ctx.actor, clock=ctx.clock)
            return PayoutImport(
                fulfilled=report.fulfilled,
                already=report.already,
                skipped=report.skipped,
                problems=[PayoutProblem(line=p.line, message=p.message) for p in report.problems],
            )

        return await attempt(run())
