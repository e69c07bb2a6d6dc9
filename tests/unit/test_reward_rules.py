"""Tiers, caps and budgets: pure decisions, checked exhaustively where cheap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.campaigns import rules as campaign_rules
from server.errors import InvalidInput, InvalidState
from server.rewards import rules
from server.rewards.models import CapPeriod, RewardKind, RewardRecipient
from server.rewards.rules import Award, Event, Limits, Refusal, Rule, Tier, Trigger, Usage


def rule(**extra: object) -> Rule:
    base: dict[str, object] = {
        "key": "give",
        "recipient": RewardRecipient.ADVOCATE,
        "trigger": Trigger.FIRST_PURCHASE,
        "kind": RewardKind.CASH,
        "currency": "USD",
        "fixed_amount": 1000,
    }
    base.update(extra)
    return Rule(**base)  # type: ignore[arg-type]


TIERED = rule(
    tiers=(
        Tier(after_referrals=2, fixed_amount=1500),
        Tier(after_referrals=5, percent_bps=1000, max_amount=4000),
    )
)


def buy(successful: int, amount: int = 20000) -> Event:
    return Event(
        trigger=Trigger.FIRST_PURCHASE,
        order_amount=amount,
        order_currency="USD",
        successful_referrals=successful,
    )


@pytest.mark.parametrize(
    ("successful", "amount", "tier"),
    [(0, 1000, None), (1, 1000, None), (2, 1500, 2), (4, 1500, 2), (5, 2000, 5), (99, 2000, 5)],
)
def test_the_highest_reached_tier_sets_the_amount(
    successful: int, amount: int, tier: int | None
) -> None:
    [award] = rules.awards([TIERED], buy(successful))
    assert (award.amount, award.tier) == (amount, tier)


def test_a_percentage_tier_keeps_its_maximum_and_the_order_currency() -> None:
    [award] = rules.awards([TIERED], buy(7, amount=90000))
    assert award.amount == 4000
    other = Event(Trigger.FIRST_PURCHASE, 90000, "EUR", successful_referrals=7)
    assert rules.awards([TIERED], other) == []  # a percentage of a foreign order is meaningless
    # A fixed amount is not earned by a foreign order either: money compares within a currency.
    foreign = Event(Trigger.FIRST_PURCHASE, 90000, "EUR")
    assert rules.awards([TIERED], foreign) == []
    assert rules.currency_mismatch([TIERED], foreign) == [TIERED]
    assert rules.currency_mismatch([TIERED], buy(7, amount=90000)) == []


def test_refunds_reprice_with_the_tier_the_reward_got() -> None:
    assert rules.amount_for(rules.priced(TIERED, 5), 30000) == 3000
    assert rules.amount_for(rules.priced(TIERED, 0), 30000) == 1000


@pytest.mark.parametrize(
    ("tiers", "recipient", "field"),
    [
        (
            (Tier(2, fixed_amount=1), Tier(2, fixed_amount=2)),
            RewardRecipient.ADVOCATE,
            "rules.0.tiers.1.afterReferrals",
        ),
        ((Tier(0, fixed_amount=1),), RewardRecipient.ADVOCATE, "rules.0.tiers.0.afterReferrals"),
        (
            (Tier(3, fixed_amount=1, percent_bps=5),),
            RewardRecipient.ADVOCATE,
            "rules.0.tiers.0.fixedAmount",
        ),
        ((Tier(3, fixed_amount=0),), RewardRecipient.ADVOCATE, "rules.0.tiers.0.fixedAmount"),
        ((Tier(3, fixed_amount=5),), RewardRecipient.FRIEND, "rules.0.tiers"),
        (
            tuple(Tier(i + 1, fixed_amount=1) for i in range(11)),
            RewardRecipient.ADVOCATE,
            "rules.0.tiers",
        ),
    ],
)
def test_tier_validation(tiers: tuple[Tier, ...], recipient: RewardRecipient, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.validate_rules([rule(tiers=tiers, recipient=recipient)])
    assert caught.value.field == field


def test_a_signup_tier_cannot_take_a_percentage() -> None:
    signup = rule(trigger=Trigger.SIGNUP, tiers=(Tier(1, percent_bps=100),))
    with pytest.raises(InvalidInput) as caught:
        rules.validate_rules([signup])
    assert caught.value.field == "rules.0.tiers.0.percentBps"


def test_rules_round_trip_through_json_and_old_versions_have_no_tiers() -> None:
    assert Rule.from_json(TIERED.to_json()) == TIERED
    old = TIERED.to_json()
    del old["tiers"]
    assert Rule.from_json(old).tiers == ()


def award(amount: int, recipient: RewardRecipient = RewardRecipient.ADVOCATE) -> Award:
    return Award(rule=rule(recipient=recipient), amount=amount, currency="USD")


def test_caps_count_and_amount_refuse_whole_awards() -> None:
    limits = Limits(cap_count=2, cap_amount=2500)
    granted, refused = rules.within_limits([award(1000), award(1000), award(1000)], limits, Usage())
    assert [a.amount for a in granted] == [1000, 1000]
    assert [why for _, why in refused] == [Refusal.CAP_COUNT]
    granted, refused = rules.within_limits([award(2000)], limits, Usage(1, 1000, 0))
    assert granted == [] and refused[0][1] is Refusal.CAP_AMOUNT  # never shrunk to 1500


def test_caps_are_per_advocate_so_friend_rewards_only_meet_the_budget() -> None:
    limits = Limits(cap_count=1, budget=3000)
    friend = award(1000, RewardRecipient.FRIEND)
    granted, refused = rules.within_limits(
        [award(1000), friend, award(500), friend, friend], limits, Usage()
    )
    assert [(a.rule.recipient.value, a.amount) for a in granted] == [
        ("advocate", 1000),
        ("friend", 1000),
        ("friend", 1000),
    ]
    assert [why for _, why in refused] == [Refusal.CAP_COUNT, Refusal.BUDGET]


@given(
    amounts=st.lists(st.tuples(st.integers(1, 5000), st.booleans()), max_size=30),
    cap_count=st.none() | st.integers(1, 10),
    cap_amount=st.none() | st.integers(1, 20000),
    budget=st.none() | st.integers(1, 40000),
    used=st.tuples(st.integers(0, 5), st.integers(0, 5000), st.integers(0, 10000)),
)
def test_limits_are_never_exceeded(
    amounts: list[tuple[int, bool]],
    cap_count: int | None,
    cap_amount: int | None,
    budget: int | None,
    used: tuple[int, int, int],
) -> None:
    limits = Limits(cap_count=cap_count, cap_amount=cap_amount, budget=budget)
    usage = Usage(*used)
    candidates = [
        award(n, RewardRecipient.ADVOCATE if adv else RewardRecipient.FRIEND) for n, adv in amounts
    ]
    granted, refused = rules.within_limits(candidates, limits, usage)
    assert len(granted) + len(refused) == len(candidates)
    mine = [a for a in granted if a.rule.recipient is RewardRecipient.ADVOCATE]
    if cap_count is not None and mine:
        assert usage.advocate_count + len(mine) <= cap_count
    if cap_amount is not None and mine:
        assert usage.advocate_amount + sum(a.amount for a in mine) <= cap_amount
    if budget is not None and granted:
        assert usage.spent + sum(a.amount for a in granted) <= budget
    if limits == Limits():
        assert refused == []


@pytest.mark.parametrize(
    ("period", "start"),
    [
        (CapPeriod.DAY, datetime(2026, 3, 4, tzinfo=UTC)),
        (CapPeriod.WEEK, datetime(2026, 3, 2, tzinfo=UTC)),  # Monday
        (CapPeriod.MONTH, datetime(2026, 3, 1, tzinfo=UTC)),
        (CapPeriod.ALL_TIME, None),
    ],
)
def test_cap_periods_are_utc_calendar_periods(period: CapPeriod, start: datetime | None) -> None:
    moment = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    assert rules.period_start(period, moment) == start
    # The same instant seen from UTC+2 (already Thursday there) is still Wednesday in UTC.
    ahead = moment.astimezone(timezone(timedelta(hours=2)))
    assert rules.period_start(period, ahead) == start


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        (Limits(cap_count=0), "advocateCap.maxCount"),
        (Limits(cap_amount=0), "advocateCap.maxAmount"),
        (Limits(budget=-5), "budget"),
        (Limits(pause_campaign_on_budget=True), "pauseCampaignOnBudget"),
        (Limits(budget=100), "rules.0.currency"),  # a EUR rule cannot spend a USD budget
    ],
)
def test_limit_validation(limits: Limits, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.validate_limits(limits, [rule(currency="EUR")], "USD")
    assert caught.value.field == field


def test_count_caps_allow_any_currency() -> None:
    limits = Limits(cap_count=3)
    assert rules.validate_limits(limits, [rule(currency="EUR")], "USD") == limits


def test_a_campaign_clock_runs_ahead_only_in_test_mode() -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    assert campaign_rules.campaign_now(now, True, 36) == now + timedelta(minutes=36)
    assert campaign_rules.campaign_now(now, False, 36) == now
    assert campaign_rules.advanced_test_clock(True, 10, 14, 0) == 10 + 14 * 60
    assert campaign_rules.advanced_test_clock(True, 10, 0, 15) == 25
    assert campaign_rules.advanced_test_clock(True, 10, 1, 15) == 85
    with pytest.raises(InvalidState):
        campaign_rules.advanced_test_clock(False, 0, 1, 0)
    for hours, minutes in ((0, 0), (-3, 0), (0, -3), (1, -1)):
        with pytest.raises(InvalidInput):
            campaign_rules.advanced_test_clock(True, 0, hours, minutes)
    limit = campaign_rules.MAX_TEST_CLOCK_MINUTES
    assert campaign_rules.advanced_test_clock(True, limit - 60, 1, 0) == limit
    with pytest.raises(InvalidInput):
        campaign_rules.advanced_test_clock(True, limit, 0, 1)
