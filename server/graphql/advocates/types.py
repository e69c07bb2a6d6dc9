from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay
from tortoise.functions import Sum
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.advocates import portal as portal_reads
from server.advocates.models import Advocate as AdvocateModel
from server.graphql.analytics.types import Earnings, Money
from server.graphql.context import Info
from server.graphql.node import Entity
from server.graphql.pagination import Connection, Page, build, paginate
from server.graphql.permissions import needs
from server.graphql.referrals.types import Link
from server.graphql.scalars import BigInt
from server.rewards.models import LedgerEntry as LedgerEntryModel

if TYPE_CHECKING:
    from server.graphql.rewards.types import LedgerEntry

LedgerEntryT = Annotated["LedgerEntry", strawberry.lazy("server.graphql.rewards.types")]


@strawberry.type
class Advocate(Entity):
    model: strawberry.Private[AdvocateModel]
    node_model: ClassVar[type[Model]] = AdvocateModel
    node_permission: ClassVar[Permission] = Permission.ADVOCATES_READ
    id: relay.NodeID[int]
    email: str
    name: str
    external_id: str | None
    created_at: datetime
    stripe_customer_id: str | None = strawberry.field(
        description="Rewards are credited to this Stripe customer's balance when set."
    )
    erased_at: datetime | None = strawberry.field(
        description="When the advocate's personal data was erased (eraseAdvocate)."
    )

    @classmethod
    def of(cls, m: AdvocateModel) -> Advocate:
        return cls(
            model=m,
            id=m.id,
            email=m.email,
            name=m.name,
            external_id=m.external_id,
            created_at=m.created_at,
            stripe_customer_id=m.stripe_customer_id,
            erased_at=m.erased_at,
        )

    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="Earned and not yet paid out, per currency (live rewards only).",
    )
    async def balance(self) -> list[Money]:
        rows = (
            await LedgerEntryModel.filter(advocate_id=self.model.id, test=False)
            .group_by("currency")
            .annotate(total=Sum("amount"))
            .values("currency", "total")
        )
        return [
            Money(amount=BigInt(int(r["total"] or 0)), currency=r["currency"])
            for r in sorted(rows, key=lambda r: r["currency"])
        ]

    @strawberry.field(
        extensions=needs(Permission.REWARDS_READ),
        description="The balance split into pending and approved, and payouts (live only).",
    )
    async def earnings(self) -> Earnings:
        return Earnings.of(await portal_reads.earnings(self.model.id, live_only=True))

    @strawberry.field(extensions=needs(Permission.REWARDS_READ), description="Newest first.")
    async def ledger(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LedgerEntryT]:
        from server.graphql.rewards.types import LedgerEntry

        query = LedgerEntryModel.filter(advocate_id=self.model.id)
        return await paginate(
            query, Page.of(first, after, last, before), LedgerEntry.of, newest_first=True
        )

    @strawberry.field(description="The advocate's enrolments, one per campaign; oldest first.")
    async def links(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Link]:
        page = Page.of(first, after, last, before)
        rows = await info.context.loaders.advocate_links_page.load((self.model.id, page))
        return build(rows, page, lambda r: r.id, Link.of)
