from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum

import strawberry

from server import money
from server.advocates.portal import Earnings as Split
from server.graphql.scalars import BigInt


@strawberry.enum
class Metric(Enum):
    CLICKS = "clicks"
    UNIQUE_VISITORS = "unique_visitors"
    REFERRALS = "referrals"
    SIGNUPS = "signups"
    CONVERSIONS = "conversions"
    REVENUE = "revenue"


@strawberry.type(
    description="An amount in one currency. Clients show `formatted` (or scale `amount` by "
    "`exponent`) and never keep their own table of currency digits."
)
class Money:
    amount: BigInt = strawberry.field(
        description="Minor units: cents for USD, fils (1/1000) for KWD, yen for JPY."
    )
    currency: str = strawberry.field(description="ISO 4217 code.")

    @strawberry.field(description="Minor-unit digits of the currency (ISO 4217): 2, 3 or 0.")
    def exponent(self) -> int:
        return money.exponent(self.currency)

    @strawberry.field(description="The amount as people read it, e.g. $12.50, ¥5,000, KWD1.234.")
    def formatted(self) -> str:
        return money.format_money(int(self.amount), self.currency)

    @classmethod
    def each(cls, rows: Iterable[tuple[int, str]]) -> list[Money]:
        """(amount, currency) pairs, in order."""
        return [cls(amount=BigInt(amount), currency=currency) for amount, currency in rows]


@strawberry.type(description="What an advocate earned, split by what they may count on.")
class Earnings:
    pending: list[Money] = strawberry.field(
        description="Rewards on hold (the refund window) or being checked: they may still be "
        "refused, per currency."
    )
    approved: list[Money] = strawberry.field(
        description="Approved and not paid yet, per currency (negative when a paid reward was "
        "clawed back). pending + approved is the balance."
    )
    paid: list[Money] = strawberry.field(description="Paid out so far, per currency.")

    @classmethod
    def of(cls, e: Split) -> Earnings:
        return cls(
            pending=Money.each(e.pending), approved=Money.each(e.approved), paid=Money.each(e.paid)
        )


@strawberry.type
class CampaignStats:
    clicks: int
    unique_visitors: int = strawberry.field(
        description="Exact, from a first-seen table: visitors (keyed hash of address and user "
        "agent) first seen in the range; over all time, every distinct visitor."
    )
    referrals: int
    signups: int
    conversions: int
    revenue: list[Money] = strawberry.field(description="Net of refunds, one entry per currency.")
    conversion_rate: float | None = strawberry.field(
        description="Converted referrals / referred friends: of the friends referred in the "
        "range (not rejected, however they arrived: click, code or coupon), the share who have "
        "converted since. Always between 0 and 1; null when nobody was referred. Repeat orders "
        "do not raise it (see conversions)."
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
