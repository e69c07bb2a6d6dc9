"""Domain enums exposed as GraphQL enums. Registering mutates the class, so annotations use the
domain types directly and mypy sees real types."""

from __future__ import annotations

import strawberry

from server.accounts.models import Role
from server.analytics.rules import Interval, Period
from server.campaigns.models import AttributionModel, CampaignStatus, ObjectiveMetric
from server.campaigns.rules import Phase
from server.errors import ErrorCode
from server.milestones.models import MilestoneKind
from server.notifications.models import NotificationKind, NotificationStatus
from server.referrals.models import ConversionStatus, LinkStatus, ReferralStatus
from server.rewards.models import LedgerKind, RewardKind, RewardRecipient, RewardStatus
from server.rewards.rules import Trigger

for _enum in (
    AttributionModel,
    CampaignStatus,
    ObjectiveMetric,
    ErrorCode,
    ConversionStatus,
    LinkStatus,
    ReferralStatus,
    RewardKind,
    RewardRecipient,
    RewardStatus,
    Interval,
    Role,
    LedgerKind,
    MilestoneKind,
    NotificationKind,
    NotificationStatus,
):
    strawberry.enum(_enum)
strawberry.enum(Phase, name="CampaignPhase")
strawberry.enum(Period, name="LeaderboardPeriod")
strawberry.enum(Trigger, name="RewardTrigger")

__all__ = [
    "AttributionModel",
    "CampaignStatus",
    "ConversionStatus",
    "ErrorCode",
    "Interval",
    "LedgerKind",
    "LinkStatus",
    "MilestoneKind",
    "NotificationKind",
    "NotificationStatus",
    "ObjectiveMetric",
    "Period",
    "Phase",
    "ReferralStatus",
    "RewardKind",
    "RewardRecipient",
    "RewardStatus",
    "Role",
    "Trigger",
]
