from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.errors import InvalidInput
from server.milestones import rules
from server.milestones.models import MilestoneKind as K
from server.notifications import rules as outbox

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_defaults_cover_every_kind_and_skip_objective_without_one() -> None:
    with_objective = rules.default_rules(has_objective=True)
    without = rules.default_rules(has_objective=False)
    assert {r.kind for r in with_objective} == set(K)
    assert K.OBJECTIVE_PERCENT not in {r.kind for r in without}
    assert [r.threshold for r in with_objective if r.kind is K.OBJECTIVE_PERCENT] == [
        25,
        50,
        75,
        100,
    ]
    assert [r.threshold for r in without if r.kind is K.ADVOCATE_REFERRALS] == [1, 5, 10, 25]
    keys = [r.key for r in with_objective]
    assert len(keys) == len(set(keys))


def test_crossed_returns_only_unreached_rules_at_or_below_the_value() -> None:
    specs = rules.default_rules(has_objective=False)
    conversions = [s for s in specs if s.kind is K.CONVERSIONS]
    hit = rules.crossed(conversions, 50, reached={"conversions-10"})
    assert [c.rule.threshold for c in hit] == [50]
    assert all(c.value == 50 for c in hit)
    assert rules.crossed(conversions, 9, reached=set()) == []
    # A jump past several thresholds reaches each of them.
    assert [c.rule.threshold for c in rules.crossed(conversions, 260, set())] == [10, 50, 100, 250]


@pytest.mark.parametrize(
    ("current", "target", "percent"),
    [(0, 100, 0), (24, 100, 24), (999, 1000, 99), (1000, 1000, 100), (3, 0, 0), (5, None, 0)],
)
def test_objective_percent_rounds_down(current: int, target: int | None, percent: int) -> None:
    assert rules.objective_percent(current, target) == percent


def test_thresholds_are_validated() -> None:
    with pytest.raises(InvalidInput):
        rules.validate_threshold(K.CONVERSIONS, 0)
    with pytest.raises(InvalidInput):
        rules.validate_threshold(K.OBJECTIVE_PERCENT, 101)
    assert rules.validate_threshold(K.REVENUE, 10**9) == 10**9


def test_titles_read_like_sentences() -> None:
    assert rules.title(K.CONVERSIONS, 1, "USD") == "1 conversion"
    assert rules.title(K.CONVERSIONS, 1000, "USD") == "1,000 conversions"
    assert rules.title(K.REVENUE, 1_000_00, "EUR") == "€1,000.00 in referred revenue"
    assert rules.title(K.REVENUE, 1_234_56, "USD") == "$1,234.56 in referred revenue"
    assert rules.title(K.REVENUE, 5000, "JPY") == "¥5,000 in referred revenue"
    assert rules.title(K.REVENUE, 1234, "KWD") == "KWD1.234 in referred revenue"
    assert rules.title(K.OBJECTIVE_PERCENT, 50, "USD") == "50% of the objective"
    assert rules.title(K.ADVOCATE_REFERRALS, 1, "USD") == "first successful referral"
    assert rules.title(K.ADVOCATE_REFERRALS, 5, "USD") == "5 successful referrals"


def test_claim_limits() -> None:
    assert outbox.validate_claim(10, 60) == (10, 60)
    for limit, lease in [(0, 60), (51, 60), (10, 4), (10, 601)]:
        with pytest.raises(InvalidInput):
            outbox.validate_claim(limit, lease)


def test_backoff_doubles_up_to_an_hour_then_gives_up() -> None:
    delays = [outbox.next_attempt(n, NOW) for n in range(1, 11)]
    assert delays[0] == NOW + timedelta(seconds=30)
    assert delays[1] == NOW + timedelta(seconds=60)
    assert delays[2] == NOW + timedelta(seconds=120)
    assert delays[8] == NOW + timedelta(hours=1)
    assert delays[9] is None
