from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.graphql.errors import bounded, parse_id
from server.graphql.permissions import needs
from server.graphql.referrals.types import Conversion, Referral
from server.referrals.models import Conversion as ConversionModel
from server.referrals.models import Referral as ReferralModel


@strawberry.type
class ReferralQueries:
    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def referral(self, id: strawberry.ID) -> Referral | None:
        found = await ReferralModel.get_or_none(id=parse_id(id, "id", "Referral"))
        return Referral.of(found) if found else None

    @strawberry.field(
        extensions=needs(Permission.ADVOCATES_READ, Permission.EVENTS_RECORD),
        description="An order recorded in the campaign, by the shop's own order id: how an "
        "integration reads back its conversion, referral and rewards. Null if unknown.",
    )
    async def conversion_by_order(
        self, campaign_id: strawberry.ID, external_order_id: str
    ) -> Conversion | None:
        found = await ConversionModel.get_or_none(
            campaign_id=parse_id(campaign_id, "campaignId", kind="Campaign"),
            external_order_id=bounded(
                ConversionModel, "external_order_id", external_order_id.strip(), "externalOrderId"
            ),
        )
        return Conversion.of(found) if found else None
