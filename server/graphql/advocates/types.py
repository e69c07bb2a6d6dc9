from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.functions import Sum

from server.accounts.permissions import Permission
from server.advocates.models import Advocate as AdvocateModel
from server.graphql.analytics.types import Money
from server.graphql.pagination import Connection, paginate
from server.graphql.permissions import needs
from server.graphql.referrals.types import Link
from server.graphql.scalars import BigInt
from server.referrals.models import ReferralLink
from server.rewards.models import LedgerEntry as LedgerEntryModel

if TYPE_CHECKING:
    from server.graphql.rewards.types import LedgerEntry

LedgerEntryT = Annotated["LedgerEntry", strawberry.lazy("server.graphql.rewards.types")]


@strawberry.type
class Advocate:
    model: strawberry.Private[AdvocateModel]
    id: strawberry.ID
    email: str
    name: str
    external_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: AdvocateModel) -> Advocate:
        return cls(
            model=m,
            id=strawberry.ID(str(m.id)),
            email=m.email,
            name=m.name,
            external_id=m.external_id,
            created_at=m.created_at,
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

    @strawberry.field(extensions=needs(Permission.REWARDS_READ), description="Newest first.")
    async def ledger(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[LedgerEntryT]:
        from server.graphql.rewards.types import LedgerEntry

        query = LedgerEntryModel.filter(advocate_id=self.model.id)
        return await paginate(query, first, after, LedgerEntry.of, newest_first=True)

    @strawberry.field(description="The advocate's enrolments, one per campaign.")
    async def links(self) -> list[Link]:
        rows = await ReferralLink.filter(advocate_id=self.model.id).order_by("id").limit(100)
        return [Link.of(r) for r in rows]
