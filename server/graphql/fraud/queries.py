from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.fraud import service
from server.fraud.models import BlocklistEntry as BlocklistEntryModel
from server.graphql.enums import BlockKind
from server.graphql.errors import parse_id
from server.graphql.fraud.types import BlocklistEntry
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs
from server.graphql.referrals.types import Referral


@strawberry.type
class FraudQueries:
    @strawberry.field(
        extensions=needs(Permission.FRAUD_REVIEW),
        description="The review queue: referrals flagged by fraud rules, oldest first.",
    )
    async def flagged_referrals(
        self,
        campaign_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Referral]:
        campaign = (
            parse_id(campaign_id, "campaignId", "Campaign") if campaign_id is not None else None
        )
        return await paginate(
            service.review_queue(campaign), Page.of(first, after, last, before), Referral.of
        )

    @strawberry.field(extensions=needs(Permission.FRAUD_REVIEW), description="Newest first.")
    async def blocklist(
        self,
        kind: BlockKind | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[BlocklistEntry]:
        query = BlocklistEntryModel.all()
        if kind is not None:
            query = query.filter(kind=kind)
        return await paginate(
            query, Page.of(first, after, last, before), BlocklistEntry.of, newest_first=True
        )
