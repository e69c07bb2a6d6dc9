from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from server.graphql.scalars import BigInt


@strawberry.enum
class Metric(Enum):
    CLICKS = "clicks"
    UNIQUE_VISITORS = "unique_visitors"
    REFERRALS = "referrals"
    SIGNUPS = "signups"
    CONVERSIONS = "conversions"
    REVENUE = "revenue"


@strawberry.type
class Money:
    amount: BigInt = strawberry.field(description="Minor units (cents for USD).")
    currency: str


@strawberry.type
class CampaignStats:
    clicks: int
    unique_visitors: int
    referrals: int
    signups: int
    conversions: int
    revenue: list[Money] = strawberry.field(description="Net of refunds, one entry per currency.")
    conversion_rate: float | None = strawberry.field(
        description="Conversions per click in the range; null when there were no clicks."
    )
    objective_progress: float | None = strawberry.field(
        description="All-time share of the objective reached (1.0 = met); null without one."
    )


@strawberry.type
class TimeseriesPoint:
    start: date
    value: BigInt


@strawberry.type
class ObjectiveProgress:
    current: BigInt
    target: BigInt
    ratio: float
    reached: bool
