"""What an advocate sees through their portal token: their own link and results, no more.
Separate types on purpose: nothing here leads to another advocate or to staff data."""

from __future__ import annotations

from datetime import datetime

import strawberry

from server.graphql.analytics.types import Money
from server.graphql.enums import Phase, ReferralStatus, RewardKind, RewardStatus
from server.graphql.referrals.types import ShareContent


@strawberry.type
class PortalCampaign:
    name: str
    description: str
    terms: str
    landing_url: str
    friend_reward: str
    phase: Phase


@strawberry.type
class PortalReferral:
    friend: str = strawberry.field(description="The friend's email, masked: j***@example.com.")
    status: ReferralStatus
    created_at: datetime
    converted_at: datetime | None


@strawberry.type
class PortalReward:
    value: Money
    kind: RewardKind
    description: str
    status: RewardStatus
    hold_until: datetime | None
    reject_reason: str | None = strawberry.field(description="Why it was rejected, if it was.")
    reject_note: str
    created_at: datetime


@strawberry.type
class Portal:
    advocate_name: str
    code: str
    display_code: str
    share_url: str
    share_content: ShareContent
    campaign: PortalCampaign
    referrals: list[PortalReferral] = strawberry.field(
        description="The advocate's newest friends, at most 100 (a bounded list)."
    )
    rewards: list[PortalReward] = strawberry.field(
        description="The advocate's newest rewards, at most 100 (a bounded list)."
    )
