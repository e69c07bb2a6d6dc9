"""Domain enums exposed as GraphQL enums. Registering mutates the class, so annotations use the
domain types directly and mypy sees real types."""

from __future__ import annotations

import strawberry

from server.accounts.models import Role
from server.analytics.rules import Interval, Period
from server.campaigns.models import AttributionModel, CampaignStatus, ObjectiveMetric
from server.campaigns.rules import Phase
from server.errors import ErrorCode
from server.fraud.rules import BlockKind, Mode, ReviewStatus, RuleKey, Severity
from server.milestones.models import MilestoneKind
from server.notifications.models import NotificationKind, NotificationStatus
from server.payouts.files import Provider
from server.referrals.models import ConversionStatus, LinkStatus, NoRewardReason, ReferralStatus
from server.rewards.models import (
    CapPeriod,
    LedgerKind,
    RewardKind,
    RewardRecipient,
    RewardStatus,
)
from server.rewards.rules import Refusal, Trigger

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
    NoRewardReason,
):
    strawberry.enum(_enum)
strawberry.enum(Phase, name="CampaignPhase")
strawberry.enum(Period, name="LeaderboardPeriod")
strawberry.enum(Trigger, name="RewardTrigger")
strawberry.enum(CapPeriod)
strawberry.enum(Refusal, name="RewardWithheldReason")

strawberry.enum(Mode, name="FraudMode")
strawberry.enum(Severity, name="FraudSeverity")
strawberry.enum(RuleKey, name="FraudRule")
strawberry.enum(ReviewStatus, name="ReviewStatus")
strawberry.enum(BlockKind, name="BlocklistKind")
strawberry.enum(Provider, name="PayoutProvider")

__all__ = [
    "AttributionModel",
    "BlockKind",
    "CampaignStatus",
    "CapPeriod",
    "ConversionStatus",
    "ErrorCode",
    "Interval",
    "LedgerKind",
    "LinkStatus",
    "MilestoneKind",
    "Mode",
    "NoRewardReason",
    "NotificationKind",
    "NotificationStatus",
    "ObjectiveMetric",
    "Period",
    "Phase",
    "Provider",
    "ReferralStatus",
    "Refusal",
    "ReviewStatus",
    "RewardKind",
    "RewardRecipient",
    "RewardStatus",
    "Role",
    "RuleKey",
    "Severity",
    "Trigger",
]
