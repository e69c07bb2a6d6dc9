"""Pure reward decisions: which rules fire for an event, how much, and which moves are legal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from server.errors import InvalidInput, InvalidState
from server.rewards.models import RewardKind, RewardRecipient, RewardStatus

S = RewardStatus
MAX_RULES = 20
BPS = 10_000


class Trigger(StrEnum):
    SIGNUP = "signup"
    FIRST_PURCHASE = "first_purchase"
    EVERY_PURCHASE = "every_purchase"


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of a campaign's reward rules. Amounts are integer minor units."""

    key: str
    recipient: RewardRecipient
    trigger: Trigger
    kind: RewardKind
    currency: str
    fixed_amount: int | None = None
    percent_bps: int | None = None
    max_amount: int | None = None
    min_order_amount: int = 0
    max_per_friend: int | None = None
    hold_days: int = 0
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "recipient": self.recipient.value,
            "trigger": self.trigger.value,
            "kind": self.kind.value,
            "currency": self.currency,
            "fixed_amount": self.fixed_amount,
            "percent_bps": self.percent_bps,
            "max_amount": self.max_amount,
            "min_order_amount": self.min_order_amount,
            "max_per_friend": self.max_per_friend,
            "hold_days": self.hold_days,
            "description": self.description,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rule:
        return cls(
            key=data["key"],
            recipient=RewardRecipient(data["recipient"]),
            trigger=Trigger(data["trigger"]),
            kind=RewardKind(data["kind"]),
            currency=data["currency"],
            fixed_amount=data["fixed_amount"],
            percent_bps=data["percent_bps"],
            max_amount=data["max_amount"],
            min_order_amount=data["min_order_amount"],
            max_per_friend=data["max_per_friend"],
            hold_days=data["hold_days"],
            description=data["description"],
        )


@dataclass(frozen=True, slots=True)
class Policy:
    """Approval policy: auto-approve unflagged rewards up to `auto_approve_max`; above
    `four_eyes_above` two distinct approvers are needed. None disables either."""

    auto_approve_max: int | None = None
    four_eyes_above: int | None = None


def validate_rules(rules: list[Rule]) -> list[Rule]:
    if len(rules) > MAX_RULES:
        raise InvalidInput(f"At most {MAX_RULES} rules.", field="rules")
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise InvalidInput("Rule keys must be unique.", field="rules.key")
    for i, r in enumerate(rules):
        at = f"rules.{i}"
        if not r.key or len(r.key) > 32:
            raise InvalidInput("A rule key is 1-32 characters.", field=f"{at}.key")
        if (r.fixed_amount is None) == (r.percent_bps is None):
            raise InvalidInput("Give either a fixed amount or a percentage.", field=f"{at}.amount")
        if r.fixed_amount is not None and not 0 < r.fixed_amount <= 10**12:
            raise InvalidInput("The amount must be positive.", field=f"{at}.fixedAmount")
        if r.percent_bps is not None:
            if not 0 < r.percent_bps <= BPS:
                raise InvalidInput(
                    "A percentage is 1-10000 basis points.", field=f"{at}.percentBps"
                )
            if r.trigger is Trigger.SIGNUP:
                raise InvalidInput(
                    "A signup has no order to take a percentage of.", field=f"{at}.percentBps"
                )
        if r.max_amount is not None and r.max_amount <= 0:
            raise InvalidInput("The maximum must be positive.", field=f"{at}.maxAmount")
        if r.min_order_amount < 0:
            raise InvalidInput(
                "The minimum order cannot be negative.", field=f"{at}.minOrderAmount"
            )
        if r.max_per_friend is not None and r.max_per_friend < 1:
            raise InvalidInput("The per-friend maximum is at least 1.", field=f"{at}.maxPerFriend")
        if not 0 <= r.hold_days <= 365:
            raise InvalidInput("Hold days are 0-365.", field=f"{at}.holdDays")
        if len(r.currency) != 3 or not r.currency.isalpha() or not r.currency.isupper():
            raise InvalidInput("The currency must be an ISO 4217 code.", field=f"{at}.currency")
        if r.kind is RewardKind.CUSTOM and not r.description.strip():
            raise InvalidInput("A custom reward needs a description.", field=f"{at}.description")
    return rules


def validate_policy(policy: Policy) -> Policy:
    for name in ("auto_approve_max", "four_eyes_above"):
        value = getattr(policy, name)
        if value is not None and value < 0:
            raise InvalidInput("Thresholds cannot be negative.", field=f"policy.{name}")
    return policy


@dataclass(frozen=True, slots=True)
class Event:
    """What happened to a referral, as reward rules see it."""

    trigger: Trigger  # SIGNUP or a purchase (FIRST_PURCHASE when it is the friend's first)
    order_amount: int = 0
    order_currency: str = ""
    prior_rewards: dict[str, int] = field(default_factory=dict)  # rule key -> count for friend


@dataclass(frozen=True, slots=True)
class Award:
    rule: Rule
    amount: int
    currency: str


def amount_for(rule: Rule, order_amount: int) -> int:
    """Percentages round down to the minor unit, then the maximum applies."""
    if rule.fixed_amount is not None:
        return rule.fixed_amount
    assert rule.percent_bps is not None
    value = order_amount * rule.percent_bps // BPS
    return min(value, rule.max_amount) if rule.max_amount is not None else value


def awards(rules: list[Rule], event: Event) -> list[Award]:
    out: list[Award] = []
    for rule in rules:
        if event.trigger is Trigger.SIGNUP:
            if rule.trigger is not Trigger.SIGNUP:
                continue
        else:
            first = event.trigger is Trigger.FIRST_PURCHASE
            if rule.trigger is Trigger.SIGNUP or (
                rule.trigger is Trigger.FIRST_PURCHASE and not first
            ):
                continue
            if event.order_amount < rule.min_order_amount:
                continue
            if rule.percent_bps is not None and event.order_currency != rule.currency:
                continue  # a percentage is only meaningful in the order's own currency
        limit = 1 if rule.trigger is not Trigger.EVERY_PURCHASE else rule.max_per_friend
        if limit is not None and event.prior_rewards.get(rule.key, 0) >= limit:
            continue
        amount = amount_for(rule, event.order_amount)
        if amount > 0:
            out.append(Award(rule=rule, amount=amount, currency=rule.currency))
    return out


def hold_until(occurred_at: datetime, rule: Rule) -> datetime:
    return occurred_at + timedelta(days=rule.hold_days)


TRANSITIONS: dict[RewardStatus, frozenset[RewardStatus]] = {
    S.PENDING: frozenset({S.AWAITING_APPROVAL, S.APPROVED, S.VOIDED, S.REJECTED}),
    S.AWAITING_APPROVAL: frozenset({S.APPROVED, S.REJECTED, S.VOIDED}),
    S.APPROVED: frozenset({S.FULFILLED, S.AWAITING_APPROVAL, S.VOIDED}),
    S.FULFILLED: frozenset({S.REVERSED}),
    S.REJECTED: frozenset(),
    S.VOIDED: frozenset(),
    S.REVERSED: frozenset(),
}


def check_transition(current: RewardStatus, target: RewardStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidState(
            f"A {current.value} reward cannot become {target.value}.", field="status"
        )


def after_hold(amount: int, flagged: bool, policy: Policy) -> RewardStatus:
    """Where a reward goes when its hold ends: approved automatically or to a human."""
    if not flagged and policy.auto_approve_max is not None and amount <= policy.auto_approve_max:
        return S.APPROVED
    return S.AWAITING_APPROVAL


def approvals_needed(amount: int, policy: Policy) -> int:
    return 2 if policy.four_eyes_above is not None and amount > policy.four_eyes_above else 1


OWED = frozenset({S.PENDING, S.AWAITING_APPROVAL, S.APPROVED})


def expected_balance(status: RewardStatus, amount: int, paid: int | None) -> int:
    """What a reward contributes to its recipient's balance (earned and not yet paid out):
    owed rewards their amount; after payout, minus whatever was clawed back since."""
    if status in OWED:
        return amount
    if status is S.FULFILLED:
        return amount - (paid or 0)
    if status is S.REVERSED:
        return -(paid or 0)
    return 0
