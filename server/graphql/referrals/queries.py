from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.graphql.errors import parse_id
from server.graphql.permissions import needs
from server.graphql.referrals.types import Referral
from server.referrals.models import Referral as ReferralModel


@strawberry.type
class ReferralQueries:
    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def referral(self, id: strawberry.ID) -> Referral | None:
        found = await ReferralModel.get_or_none(id=parse_id(id, "id", "Referral"))
        return Referral.of(found) if found else None
