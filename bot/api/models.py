"""Typed results of the bot's operations: only the fields its .graphql files select."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class Money(Model):
    """The API formats money (ISO 4217 digits from one source); the bot only shows it."""

    amount: int
    currency: str
    exponent: int
    formatted: str


class RewardStatus(StrEnum):
    PENDING = "PENDING"
    AWAITING_APPROVAL = "AWAITING_APPROVAL"
    APPROVED = "APPROVED"
    FULFILLED = "FULFILLED"
    REJECTED = "REJECTED"
    VOIDED = "VOIDED"
    REVERSED = "REVERSED"


class LeaderboardPeriod(StrEnum):
    ALL = "ALL"
    MONTH = "MONTH"
    WEEK = "WEEK"


class CampaignRef(Model):
    id: str
    name: str
    slug: str
    slack_channel: str | None
    test_mode: bool


class Reward(Model):
    id: str
    status: RewardStatus
    recipient: str
    kind: str
    description: str
    value: Money
    flagged: bool
    test: bool
    rule_key: str
    approvals: int
    approvals_needed: int = 1
    decided_by: str | None
    decided_at: datetime | None
    reject_reason: str | None
    reject_reason_label: str | None = None
    reject_note: str
    created_at: datetime
    campaign: CampaignRef


class RejectReason(Model):
    """A reason the API takes for rejectReward, and the label staff see."""

    name: str
    label: str


class Decision(Model):
    approvals: int
    approvals_needed: int
    reward: Reward


class ObjectiveProgress(Model):
    current: int
    target: int
    ratio: float
    reached: bool


class Objective(Model):
    metric: str
    deadline: datetime | None
    progress: ObjectiveProgress


class Stats(Model):
    clicks: int
    referrals: int
    signups: int
    conversions: int
    revenue: list[Money]
    conversion_rate: float | None


class Campaign(Model):
    id: str
    name: str
    slug: str
    phase: str
    test_mode: bool
    currency: str
    slack_channel: str | None
    ends_at: datetime | None
    objective: Objective | None


class CampaignWithStats(Campaign):
    stats: Stats


class Rule(Model):
    key: str
    recipient: str
    trigger: str
    kind: str
    currency: str
    fixed_value: Money | None
    percent_bps: int | None
    max_value: Money | None
    hold_days: int
    description: str


class RuleVersion(Model):
    version: int
    auto_approve_max_value: Money | None
    four_eyes_above_value: Money | None
    rules: list[Rule]


class CampaignDetail(CampaignWithStats):
    reward_rule_versions: list[RuleVersion]


class LeaderboardEntry(Model):
    rank: int
    successful_referrals: int
    display_name: str
    revenue: Money


class CampaignLeaderboard(Campaign):
    leaderboard: list[LeaderboardEntry]


class MilestoneKind(StrEnum):
    CONVERSIONS = "CONVERSIONS"
    REVENUE = "REVENUE"
    OBJECTIVE_PERCENT = "OBJECTIVE_PERCENT"
    ADVOCATE_REFERRALS = "ADVOCATE_REFERRALS"


class Milestone(Model):
    id: str
    rule_key: str
    kind: MilestoneKind
    threshold: int
    value: int
    title: str
    advocate_first_name: str | None
    test: bool
    reached_at: datetime
    campaign: Campaign


class NotificationKind(StrEnum):
    MILESTONE_REACHED = "MILESTONE_REACHED"
    REWARD_AWAITING_APPROVAL = "REWARD_AWAITING_APPROVAL"
    WEBHOOK_ENDPOINT_DISABLED = "WEBHOOK_ENDPOINT_DISABLED"


class Notification(Model):
    id: str
    kind: NotificationKind
    status: str
    test: bool
    attempts: int
    created_at: datetime
    detail: str = ""
    campaign: CampaignRef | None
    milestone: Milestone | None
    reward: Reward | None


class NotificationBatch(Model):
    lease_token: str
    lease_expires_at: datetime
    notifications: list[Notification]
