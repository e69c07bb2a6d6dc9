"""Pure milestone decisions: the default rules, what a value has reached, how it reads."""

from __future__ import annotations

from dataclasses import dataclass

from server.errors import InvalidInput
from server.milestones.models import MilestoneKind
from server.money import format_money

K = MilestoneKind
MAX_RULES_PER_CAMPAIGN = 100
# Minor units; the same round numbers read well in most currencies.
_DEFAULT_THRESHOLDS: dict[MilestoneKind, tuple[int, ...]] = {
    K.CONVERSIONS: (10, 50, 100, 250, 500, 1000, 2500, 5000, 10000),
    K.REVENUE: (1_000_00, 5_000_00, 10_000_00, 50_000_00, 100_000_00, 1_000_000_00),
    K.OBJECTIVE_PERCENT: (25, 50, 75, 100),
    K.ADVOCATE_REFERRALS: (1, 5, 10, 25),
}


@dataclass(frozen=True, slots=True)
class RuleSpec:
    key: str
    kind: MilestoneKind
    threshold: int


def rule_key(kind: MilestoneKind, threshold: int) -> str:
    return f"{kind.value}-{threshold}"


def default_rules(*, has_objective: bool) -> list[RuleSpec]:
    """Created with each campaign; objective rules only when there is an objective."""
    return [
        RuleSpec(rule_key(kind, t), kind, t)
        for kind, thresholds in _DEFAULT_THRESHOLDS.items()
        if has_objective or kind is not K.OBJECTIVE_PERCENT
        for t in thresholds
    ]


def validate_threshold(kind: MilestoneKind, threshold: int) -> int:
    if threshold < 1 or threshold > 10**15:
        raise InvalidInput("A threshold is a positive whole number.", field="threshold")
    if kind is K.OBJECTIVE_PERCENT and threshold > 100:
        raise InvalidInput("An objective milestone is 1-100 percent.", field="threshold")
    return threshold


def objective_percent(current: int, target: int | None) -> int:
    """Whole percent reached, rounded down: 99.9 % has not reached 100."""
    if not target or target <= 0:
        return 0
    return current * 100 // target


@dataclass(frozen=True, slots=True)
class Crossing:
    rule: RuleSpec
    value: int


def crossed(rules: list[RuleSpec], value: int, reached: set[str]) -> list[Crossing]:
    """Rules this value meets that the subject has not reached yet."""
    return [Crossing(r, value) for r in rules if r.threshold <= value and r.key not in reached]


def title(kind: MilestoneKind, threshold: int, currency: str) -> str:
    match kind:
        case K.CONVERSIONS:
            return f"{threshold:,} conversion" + ("" if threshold == 1 else "s")
        case K.REVENUE:
            return f"{format_money(threshold, currency)} in referred revenue"
        case K.OBJECTIVE_PERCENT:
            return f"{threshold}% of the objective"
        case K.ADVOCATE_REFERRALS:
            return (
                "first successful referral"
                if threshold == 1
                else f"{threshold} successful referrals"
            )
