from __future__ import annotations

from datetime import datetime

import strawberry

from server.advocates.models import Advocate as AdvocateModel
from server.graphql.referrals.types import Link
from server.referrals.models import ReferralLink


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

    @strawberry.field(description="The advocate's enrolments, one per campaign.")
    async def links(self) -> list[Link]:
        rows = await ReferralLink.filter(advocate_id=self.model.id).order_by("id").limit(100)
        return [Link.of(r) for r in rows]
