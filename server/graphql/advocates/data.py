"""Advocates' data in and out for the dashboard: CSV import, signed export links, Stripe
customer ids, GDPR erasure and access export. Each resolver only translates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from server.accounts.permissions import Permission
from server.advocates import access, bulk, downloads, erasure
from server.campaigns.models import Campaign
from server.errors import InvalidInput, NotFound
from server.graphql.advocates.types import Advocate
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.permissions import mutation_needs, needs
from server.graphql.referrals.types import Referral
from server.payouts import customers

# One request enrols at most this many (each is its own transaction, within the request
# timeout); `vouch advocates import` takes bigger files. The body limit applies too.
MAX_IMPORT_CHARS = 200_000
MAX_IMPORT_LINES = 1_000


@strawberry.type
class ImportProblem:
    line: int = strawberry.field(description="1-based line of the file; the header is line 1.")
    column: str | None
    message: str


@strawberry.type
class AdvocateImport:
    lines: int
    created: int
    existing: int = strawberry.field(description="Already enrolled: left as they were.")
    problems: list[ImportProblem]


@strawberry.type
class AdvocateExportLink:
    url: str = strawberry.field(description="GET it for the CSV; signed, for this export only.")
    expires_at: datetime


@strawberry.type
class Erasure:
    pseudonym: str = strawberry.field(description="What now stands where the person's data was.")
    erased_at: datetime
    audit_events: int = strawberry.field(description="Audit events pseudonymised.")


ImportResult = Annotated[AdvocateImport | UserError, strawberry.union("AdvocateImportResult")]
ExportResult = Annotated[
    AdvocateExportLink | UserError, strawberry.union("AdvocateExportLinkResult")
]
ErasureResult = Annotated[Erasure | UserError, strawberry.union("ErasureResult")]
AdvocateResult = Annotated[Advocate | UserError, strawberry.union("AdvocateResult")]
FriendResult = Annotated[Referral | UserError, strawberry.union("FriendResult")]


def _erasure(done: erasure.Erased) -> Erasure:
    return Erasure(
        pseudonym=done.pseudonym, erased_at=done.erased_at, audit_events=done.audit_events
    )


@strawberry.type
class AdvocateDataMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_WRITE),
        description="Enrol advocates from CSV text (columns email, name, external_id, "
        "vanity_code, coupon_code, stripe_customer_id). Safe to repeat: enrolled people are "
        "left as they were. Bad lines are reported with their line numbers.",
    )
    async def import_advocates(
        self, info: Info, campaign_id: strawberry.ID, csv: str
    ) -> ImportResult:
        async def run() -> AdvocateImport:
            if len(csv) > MAX_IMPORT_CHARS:
                raise InvalidInput(
                    f"At most {MAX_IMPORT_CHARS} characters; use the CLI for bigger files.",
                    field="csv",
                )
            ctx = info.context
            report = await bulk.import_csv(
                campaign_id=parse_id(campaign_id, "campaignId", "Campaign"),
                text=csv,
                actor=ctx.actor,
                clock=ctx.clock,
                max_lines=MAX_IMPORT_LINES,
            )
            return AdvocateImport(
                lines=report.lines,
                created=report.created,
                existing=report.existing,
                problems=[ImportProblem(line=p.line, column=p.column, message=p.message)
                          for p in report.problems],
            )  # fmt: skip

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_EXPORT),
        description="A signed link to the campaign's advocates as CSV, valid for 5 minutes.",
    )
    async def export_advocates(self, info: Info, campaign_id: strawberry.ID) -> ExportResult:
        async def run() -> AdvocateExportLink:
            ctx = info.context
            campaign = await Campaign.get_or_none(
                id=parse_id(campaign_id, "campaignId", "Campaign")
            )
            if campaign is None:
                raise NotFound("No such campaign.", field="campaignId")
            await bulk.record_export(campaign=campaign, rows=None, actor=ctx.actor, clock=ctx.clock)
            session = ctx.viewer.session
            url, expires = downloads.issue(
                ctx.settings,
                ctx.clock,
                campaign_id=campaign.id,
                actor=ctx.actor,
                session_id=session.id if session is not None else None,
            )
            return AdvocateExportLink(url=url, expires_at=expires)

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_WRITE),
        description="The advocate's Stripe customer (cus_...): their approved rewards are then "
        "credited to its balance. Null clears it.",
    )
    async def set_advocate_stripe_customer(
        self, info: Info, advocate_id: strawberry.ID, customer_id: str | None
    ) -> AdvocateResult:
        async def run() -> Advocate:
            ctx = info.context
            return Advocate.of(
                await customers.set_for_advocate(
                    advocate_id=parse_id(advocate_id, "advocateId", "Advocate"),
                    customer_id=customer_id,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.ADVOCATES_WRITE),
        description="The referred friend's Stripe customer (cus_...), for double-sided rewards.",
    )
    async def set_friend_stripe_customer(
        self, info: Info, referral_id: strawberry.ID, customer_id: str | None
    ) -> FriendResult:
        async def run() -> Referral:
            ctx = info.context
            return Referral.of(
                await customers.set_for_friend(
                    referral_id=parse_id(referral_id, "referralId", "Referral"),
                    customer_id=customer_id,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.PERSONAL_DATA),
        description="GDPR erasure, irreversible: the advocate's personal data is replaced by a "
        "pseudonym everywhere; amounts, statuses and the audit trail's structure stay.",
    )
    async def erase_advocate(
        self, info: Info, advocate_id: strawberry.ID, reason: str
    ) -> ErasureResult:
        async def run() -> Erasure:
            ctx = info.context
            return _erasure(
                await erasure.erase_advocate(
                    advocate_id=parse_id(advocate_id, "advocateId", "Advocate"),
                    reason=reason,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.PERSONAL_DATA),
        description="GDPR erasure of the referred friend of this referral (and of every "
        "referral naming the same person), irreversible.",
    )
    async def erase_friend(
        self, info: Info, referral_id: strawberry.ID, reason: str
    ) -> ErasureResult:
        async def run() -> Erasure:
            ctx = info.context
            return _erasure(
                await erasure.erase_friend(
                    referral_id=parse_id(referral_id, "referralId", "Referral"),
                    reason=reason,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())


@strawberry.type
class AdvocateDataQueries:
    @strawberry.field(
        extensions=needs(Permission.PERSONAL_DATA),
        description="GDPR access request: everything held about one advocate, as JSON "
        "(friends masked). Audited.",
    )
    async def advocate_data_export(self, info: Info, advocate_id: strawberry.ID) -> JSON:
        ctx = info.context
        pk = parse_id(advocate_id, "advocateId", "Advocate")
        return JSON(await access.data_export(advocate_id=pk, actor=ctx.actor, clock=ctx.clock))
