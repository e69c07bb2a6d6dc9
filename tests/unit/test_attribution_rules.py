"""Which touch wins: exclusions, first vs last touch, and every tie-break."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from server.campaigns.models import AttributionModel
from server.errors import InvalidInput
from server.referrals import rules
from server.referrals.rules import Candidate, Exclusion, TouchMethod

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FIRST, LAST = AttributionModel.FIRST_TOUCH, AttributionModel.LAST_TOUCH
M = TouchMethod


def touch(
    method: TouchMethod,
    link: int,
    at: datetime | None = NOW,
    *,
    campaign: int = 1,
    blocked: bool = False,
) -> Candidate:
    return Candidate(method, link, link * 10, campaign, at, blocked)


def unknown(method: TouchMethod) -> Candidate:
    return Candidate(method, None, None, None, None)


def decide(cands: list[Candidate], model: AttributionModel = LAST) -> rules.Decision:
    return rules.decide(cands, campaign_id=1, window_days=30, model=model, event_at=NOW)


def test_nothing_eligible_gives_no_winner_and_every_reason() -> None:
    cands = [
        unknown(M.VISIT_TOKEN),
        touch(M.VISIT_TOKEN, 2, NOW - timedelta(days=30)),  # the window is [t, t + 30 days)
        touch(M.VISIT_TOKEN, 3, NOW + timedelta(seconds=1)),
        touch(M.REFERRAL_CODE, 4, campaign=2),
        touch(M.COUPON, 5, blocked=True),
    ]
    for model in AttributionModel:
        d = decide(cands, model)
        assert d.winner is None and d.decided_by == "none"
        assert [j.excluded for j in d.candidates] == [
            Exclusion.UNKNOWN,
            Exclusion.OUTSIDE_WINDOW,
            Exclusion.AFTER_EVENT,
            Exclusion.OTHER_CAMPAIGN,
            Exclusion.LINK_BLOCKED,
        ]
        assert not any(j.won for j in d.candidates)
    assert decide([]).winner is None


def test_exclusions_are_checked_in_order() -> None:
    # Another campaign's blocked, stale link is reported as another campaign's.
    stale = NOW - timedelta(days=90)
    assert (
        decide([touch(M.VISIT_TOKEN, 1, stale, campaign=9, blocked=True)]).candidates[0].excluded
        is Exclusion.OTHER_CAMPAIGN
    )
    assert (
        decide([touch(M.VISIT_TOKEN, 1, stale, blocked=True)]).candidates[0].excluded
        is Exclusion.LINK_BLOCKED
    )


def test_one_eligible_touch_is_the_only_candidate_under_both_models() -> None:
    cands = [unknown(M.COUPON), touch(M.VISIT_TOKEN, 7, NOW - timedelta(days=29, hours=23))]
    for model in AttributionModel:
        d = decide(cands, model)
        assert d.winner == cands[1] and d.decided_by == "only_candidate"
        assert [j.won for j in d.candidates] == [False, True]


def test_first_and_last_touch_by_time() -> None:
    old, mid = NOW - timedelta(days=20), NOW - timedelta(days=3)
    cands = [touch(M.VISIT_TOKEN, 2, mid), touch(M.VISIT_TOKEN, 1, old), touch(M.COUPON, 3)]
    first, last = decide(cands, FIRST), decide(cands, LAST)
    assert first.winner is not None and first.winner.link_id == 1
    assert first.decided_by == "first_touch" and "earliest of 3" in first.reason
    assert last.winner is not None and last.winner.link_id == 3
    assert last.decided_by == "last_touch" and "latest of 3" in last.reason
    assert "Tied" not in first.reason + last.reason
    assert [j.won for j in last.candidates] == [False, False, True]


def test_excluded_touches_never_win_even_when_earliest_or_latest() -> None:
    cands = [
        touch(M.VISIT_TOKEN, 1, NOW - timedelta(days=40)),  # earliest, out of window
        touch(M.VISIT_TOKEN, 2, NOW - timedelta(days=5)),
        touch(M.VISIT_TOKEN, 3, NOW - timedelta(days=2)),
        touch(M.COUPON, 4, blocked=True),  # latest, blocked
    ]
    assert (w := decide(cands, FIRST).winner) is not None and w.link_id == 2
    assert (w := decide(cands, LAST).winner) is not None and w.link_id == 3


@pytest.mark.parametrize("model", list(AttributionModel))
def test_ties_on_time_prefer_coupon_then_code_then_visit_then_request_order(
    model: AttributionModel,
) -> None:
    methods = [M.VISIT_TOKEN, M.REFERRAL_CODE, M.COUPON]
    for order in itertools.permutations(methods):
        cands = [touch(m, link) for link, m in enumerate(order, start=1)]
        d = decide(cands, model)
        assert d.winner is not None and d.winner.method is M.COUPON
        assert "Tied on time" in d.reason
    for order in itertools.permutations([M.VISIT_TOKEN, M.REFERRAL_CODE]):
        cands = [touch(m, link) for link, m in enumerate(order, start=1)]
        assert (w := decide(cands, model).winner) is not None and w.method is M.REFERRAL_CODE
    twins = [touch(M.VISIT_TOKEN, 5), touch(M.VISIT_TOKEN, 6)]
    assert (w := decide(twins, model).winner) is not None and w.link_id == 5


def test_a_tie_only_matters_at_the_winning_time() -> None:
    early = NOW - timedelta(days=1)
    cands = [touch(M.VISIT_TOKEN, 1, early), touch(M.COUPON, 2, early), touch(M.VISIT_TOKEN, 3)]
    last = decide(cands, LAST)
    assert last.winner is not None and last.winner.link_id == 3 and "Tied" not in last.reason
    first = decide(cands, FIRST)
    assert first.winner is not None and first.winner.link_id == 2 and "Tied" in first.reason


def test_the_stored_record_lists_every_candidate() -> None:
    cands = [unknown(M.VISIT_TOKEN), touch(M.REFERRAL_CODE, 4)]
    record = rules.attribution_record(decide(cands))
    assert record == {
        "method": "referral_code",
        "decidedBy": "only_candidate",
        "reason": "The only eligible touch.",
        "candidates": [
            {
                "method": "visit_token",
                "linkId": None,
                "advocateId": None,
                "touchedAt": None,
                "excludedReason": "unknown",
                "won": False,
            },
            {
                "method": "referral_code",
                "linkId": 4,
                "advocateId": 40,
                "touchedAt": NOW.isoformat(),
                "excludedReason": None,
                "won": True,
            },
        ],
    }
    staff = rules.reattribution_record(
        record, link_id=9, advocate_id=90, decided_by="staff:a@x.io", reason="typo", now=NOW
    )
    assert staff["method"] == "staff" and staff["decidedBy"] == "staff:a@x.io"
    assert [c["won"] for c in staff["candidates"]] == [False, False, True]
    assert staff["candidates"][-1]["linkId"] == 9
    assert record["candidates"][1]["won"] is True  # the earlier record is not mutated


def test_coupons_and_generation_keys() -> None:
    assert rules.normalize_coupon(" ada-10 ") == "ADA-10"
    for bad in ("ab", "-abc", "a" * 33, "ad a", "ädä"):
        with pytest.raises(InvalidInput):
            rules.normalize_coupon(bad)
    assert rules.generation_key("conversion:7", 1) == "conversion:7#g1"
    assert rules.generation_key("conversion:7#g1", 2) == "conversion:7#g2"
    assert rules.base_event_key("conversion:7#g2") == rules.base_event_key("conversion:7")
