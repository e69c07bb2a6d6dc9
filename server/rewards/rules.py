"""Pure reward decisions: which rules fire for an event, how much, and which moves are legal."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from server.errors import InvalidInput, InvalidState
from server.money import validate_currency
from server.rewards.models import CapPeriod, RewardKind, RewardRecipient, RewardStatus

S = RewardStatus
MAX_RULES = 20
MAX_TIERS = 10
BPS = 10_000
MAX_MONEY = 10**12


class Trigger(StrEnum):
    SIGNUP = "signup"
    FIRST_PURCHASE = "first_purchase"
    EVERY_PURCHASE = "every_purchase"


@dataclass(frozen=True, slots=True)
class Tier:
    """From the advocate's `after_referrals`-th successful referral on, this amount applies."""

    after_referrals: int
    fixed_amount: int | None = None
    percent_bps: int | None = None
    max_amount: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "after_referrals": self.after_referrals,
            "fixed_amount": self.fixed_amount,
            "percent_bps": self.percent_bps,
            "max_amount": self.max_amount,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tier:
        return cls(
            after_referrals=data["after_referrals"],
            fixed_amount=data["fixed_amount"],
            percent_bps=data["percent_bps"],
            max_amount=data["max_amount"],
        )


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
    tiers: tuple[Tier, ...] = ()

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
            "tiers": [t.to_json() for t in self.tiers],
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
            # Versions written before tiers existed have none.
            tiers=tuple(Tier.from_json(t) for t in data.get("tiers", [])),
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
    seen: set[str] = set()
    for i, r in enumerate(rules):
        if r.key in seen:
            raise InvalidInput("Rule keys must be unique.", field=f"rules.{i}.key")
        seen.add(r.key)
    for i, r in enumerate(rules):
        at = f"rules.{i}"
        if not r.key or len(r.key) > 32:
            raise InvalidInput("A rule key is 1-32 characters.", field=f"{at}.key")
        _validate_amounts(r.fixed_amount, r.percent_bps, r.max_amount, r.trigger, at)
        if r.min_order_amount < 0:
            raise InvalidInput(
                "The minimum order cannot be negative.", field=f"{at}.minOrderAmount"
            )
        if r.max_per_friend is not None and r.max_per_friend < 1:
            raise InvalidInput("The per-friend maximum is at least 1.", field=f"{at}.maxPerFriend")
        if not 0 <= r.hold_days <= 365:
            raise InvalidInput("Hold days are 0-365.", field=f"{at}.holdDays")
        if validate_currency(r.currency, f"{at}.currency") != r.currency:
            raise InvalidInput("The currency must be an ISO 4217 code.", field=f"{at}.currency")
        if r.kind is RewardKind.CUSTOM and not r.description.strip():
            raise InvalidInput("A custom reward needs a description.", field=f"{at}.description")
        _validate_tiers(r, at)
    return rules


def _validate_amounts(
    fixed: int | None, bps: int | None, maximum: int | None, trigger: Trigger, at: str
) -> None:
    if (fixed is None) == (bps is None):
        raise InvalidInput("Give either a fixed amount or a percentage.", field=f"{at}.fixedAmount")
    if fixed is not None and not 0 < fixed <= MAX_MONEY:
        raise InvalidInput("The amount must be positive.", field=f"{at}.fixedAmount")
    if bps is not None:
        if not 0 < bps <= BPS:
            raise InvalidInput("A percentage is 1-10000 basis points.", field=f"{at}.percentBps")
        if trigger is Trigger.SIGNUP:
            raise InvalidInput(
                "A signup has no order to take a percentage of.", field=f"{at}.percentBps"
            )
    if maximum is not None and not 0 < maximum <= MAX_MONEY:
        raise InvalidInput("The maximum must be positive.", field=f"{at}.maxAmount")


def _validate_tiers(rule: Rule, at: str) -> None:
    if not rule.tiers:
        return
    if rule.recipient is not RewardRecipient.ADVOCATE:
        raise InvalidInput(
            "Tiers follow an advocate's referrals: advocate rules only.", field=f"{at}.tiers"
        )
    if len(rule.tiers) > MAX_TIERS:
        raise InvalidInput(f"At most {MAX_TIERS} tiers.", field=f"{at}.tiers")
    previous = 0
    for j, t in enumerate(rule.tiers):
        where = f"{at}.tiers.{j}"
        if not previous < t.after_referrals <= 1_000_000:
            raise InvalidInput(
                "Tier thresholds are 1-1000000 and strictly increasing.",
                field=f"{where}.afterReferrals",
            )
        previous = t.after_referrals
        _validate_amounts(t.fixed_amount, t.percent_bps, t.max_amount, rule.trigger, where)


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-advocate caps (on advocate rewards, per period) and the campaign's budget (on all
    rewards). Amounts are in the campaign's currency. An award that would exceed a cap or the
    budget is not created at all: never shrunk, so every reward is what its rule says."""

    cap_period: CapPeriod = CapPeriod.ALL_TIME
    cap_count: int | None = None
    cap_amount: int | None = None
    budget: int | None = None
    pause_campaign_on_budget: bool = False

    @property
    def any(self) -> bool:
        return self.cap_count is not None or self.cap_amount is not None or self.budget is not None


def validate_limits(limits: Limits, rules: list[Rule], campaign_currency: str) -> Limits:
    if limits.cap_count is not None and not 1 <= limits.cap_count <= 1_000_000:
        raise InvalidInput("The count cap is 1-1000000.", field="advocateCap.maxCount")
    if limits.cap_amount is not None and not 0 < limits.cap_amount <= MAX_MONEY:
        raise InvalidInput("The amount cap must be positive.", field="advocateCap.maxAmount")
    if limits.budget is not None and not 0 < limits.budget <= MAX_MONEY:
        raise InvalidInput("The budget must be positive.", field="budget")
    if limits.pause_campaign_on_budget and limits.budget is None:
        raise InvalidInput("Pausing on budget needs a budget.", field="pauseCampaignOnBudget")
    if limits.cap_amount is not None or limits.budget is not None:
        for i, r in enumerate(rules):
            if r.currency != campaign_currency:
                raise InvalidInput(
                    f"With a budget or amount cap, rewards are in the campaign's currency "
                    f"({campaign_currency}).",
                    field=f"rules.{i}.currency",
                )
    return limits


def period_start(period: CapPeriod, now: datetime) -> datetime | None:
    """Start of the UTC period containing `now` (weeks start on Monday); None for all time."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if period is CapPeriod.DAY:
        return day
    if period is CapPeriod.WEEK:
        return day - timedelta(days=day.weekday())
    if period is CapPeriod.MONTH:
        return day.replace(day=1)
    return None


@dataclass(frozen=True, slots=True)
class Usage:
    """What already counts: the advocate's rewards in the cap period, the campaign's spend."""

    advocate_count: int = 0
    advocate_amount: int = 0
    spent: int = 0


class Refusal(StrEnum):
    CAP_COUNT = "cap_count"
    CAP_AMOUNT = "cap_amount"
    BUDGET = "budget"


def within_limits(
    candidates: list[Award], limits: Limits, usage: Usage
) -> tuple[list[Award], list[tuple[Award, Refusal]]]:
    """Grant awards in rule order while they fit; each granted one counts for the next."""
    granted: list[Award] = []
    refused: list[tuple[Award, Refusal]] = []
    count, amount, spent = usage.advocate_count, usage.advocate_amount, usage.spent
    for a in candidates:
        to_advocate = a.rule.recipient is RewardRecipient.ADVOCATE
        if to_advocate and limits.cap_count is not None and count + 1 > limits.cap_count:
            refused.append((a, Refusal.CAP_COUNT))
        elif (
            to_advocate and limits.cap_amount is not None and amount + a.amount > limits.cap_amount
        ):
            refused.append((a, Refusal.CAP_AMOUNT))
        elif limits.budget is not None and spent + a.amount > limits.budget:
            refused.append((a, Refusal.BUDGET))
        else:
            granted.append(a)
            spent += a.amount
            if to_advocate:
                count, amount = count + 1, amount + a.amount
    return granted, refused


def validate_policy(policy: Policy) -> Policy:
    for value, at in (
        (policy.auto_approve_max, "autoApproveMax"),
        (policy.four_eyes_above, "fourEyesAbove"),
    ):
        if value is not None and value < 0:
            raise InvalidInput("Thresholds cannot be negative.", field=at)
    return policy


@dataclass(frozen=True, slots=True)
class Event:
    """What happened to a referral, as reward rules see it."""

    trigger: Trigger  # SIGNUP or a purchase (FIRST_PURCHASE when it is the friend's first)
    order_amount: int = 0
    order_currency: str = ""
    prior_rewards: dict[str, int] = field(default_factory=dict)  # rule key -> count for friend
    # The advocate's successful (converted, not rejected) referrals before this one.
    successful_referrals: int = 0


@dataclass(frozen=True, slots=True)
class Award:
    rule: Rule
    amount: int
    currency: str
    tier: int | None = None  # the threshold of the tier that set the amount


def tier_reached(rule: Rule, successful: int) -> Tier | None:
    """The highest tier whose threshold the advocate has reached."""
    reached = [t for t in rule.tiers if t.after_referrals <= successful]
    return reached[-1] if reached else None


def priced(rule: Rule, successful: int) -> Rule:
    """The rule with the reached tier's amount in place of its base amount."""
    tier = tier_reached(rule, successful)
    if tier is None:
        return rule
    return replace(
        rule,
        fixed_amount=tier.fixed_amount,
        percent_bps=tier.percent_bps,
        max_amount=tier.max_amount,
    )


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
        # Tiers price advocate rewards only (validation keeps them off friend rules).
        tier = tier_reached(rule, event.successful_referrals)
        pricing = priced(rule, event.successful_referrals)
        if event.trigger is Trigger.SIGNUP:
            if rule.trigger is not Trigger.SIGNUP:
                continue
        else:
            first = event.trigger is Trigger.FIRST_PURCHASE
            if rule.trigger is Trigger.SIGNUP or (
                rule.trigger is Trigger.FIRST_PURCHASE and not first
            ):
                continue
            if event.order_currency != rule.currency:
                continue  # amounts, thresholds and percentages compare within one currency
            if event.order_amount < rule.min_order_amount:
                continue
        limit = 1 if rule.trigger is not Trigger.EVERY_PURCHASE else rule.max_per_friend
        if limit is not None and event.prior_rewards.get(rule.key, 0) >= limit:
            continue
        amount = amount_for(pricing, event.order_amount)
        if amount > 0:
            out.append(
                Award(
                    rule=rule,
                    amount=amount,
                    currency=rule.currency,
                    tier=tier.after_referrals if tier else None,
                )
            )
    return out


def currency_mismatch(rules: list[Rule], event: Event) -> list[Rule]:
    """Purchase rules this order cannot earn from because it is in another currency: money is
    never compared (or converted) across currencies, so such an order earns nothing from them."""
    if event.trigger is Trigger.SIGNUP:
        return []
    first = event.trigger is Trigger.FIRST_PURCHASE
    return [
        r
        for r in rules
        if r.trigger is not Trigger.SIGNUP
        and (first or r.trigger is not Trigger.FIRST_PURCHASE)
        and r.currency != event.order_currency
    ]


def validate_rule_currency(rules: list[Rule], campaign_currency: str) -> None:
    """A campaign runs in one currency: its rules, caps, budget and approval thresholds are all
    in it, so every comparison of money is within one currency."""
    for i, r in enumerate(rules):
        if r.currency != campaign_currency:
            raise InvalidInput(
                f"Rewards are in the campaign's currency ({campaign_currency}).",
                field=f"rules.{i}.currency",
            )


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
        raise InvalidState(f"A {current.value} reward cannot become {target.value}.", field="id")


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
