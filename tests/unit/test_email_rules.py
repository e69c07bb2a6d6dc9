"""The email rules, exhaustively: which change is which email, who may still get mail, the
nudge cadence day by day, the join form's timing window and branding validation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.email import rules
from server.email.models import EmailKind as K
from server.email.models import SuppressionReason as R
from server.errors import InvalidInput

JOINED = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("action", "subject", "changes", "kinds"),
    [
        ("advocate.enroll", "ReferralLink", {}, [K.WELCOME]),
        ("referral.signup", "Referral", {"status": [None, "signed_up"]}, [K.FRIEND_SIGNED_UP]),
        ("referral.create", "Referral", {}, []),
        ("milestone.reach", "Milestone", {}, [K.MILESTONE]),
        ("reward.create", "Reward", {}, [K.REWARD_EARNED]),
        (
            "reward.hold_released",
            "Reward",
            {"status": ["pending", "approved"]},
            [K.REWARD_APPROVED],
        ),
        ("reward.hold_released", "Reward", {"status": ["pending", "awaiting_approval"]}, []),
        ("reward.approve", "Reward", {"status": ["awaiting_approval", "awaiting_approval"]}, []),
        (
            "reward.approve",
            "Reward",
            {"status": ["awaiting_approval", "approved"]},
            [K.REWARD_APPROVED],
        ),
        ("reward.fulfill", "Reward", {"status": ["approved", "fulfilled"]}, [K.REWARD_PAID]),
        ("reward.reject", "Reward", {"status": ["pending", "rejected"]}, [K.REWARD_REJECTED]),
        ("reward.refund", "Reward", {"status": ["pending", "voided"]}, []),
        ("campaign.update", "Campaign", {"status": ["draft", "active"]}, []),
    ],
)
def test_kinds_for(
    action: str, subject: str, changes: dict[str, list[str | None]], kinds: list[K]
) -> None:
    assert rules.kinds_for(action, subject, changes) == kinds


def test_dedupe_key_is_per_event_and_recipient() -> None:
    a = rules.dedupe_key(K.REWARD_PAID, "Reward", 7, 1)
    assert a == rules.dedupe_key(K.REWARD_PAID, "Reward", 7, 1)
    assert (
        len(
            {
                a,
                rules.dedupe_key(K.REWARD_PAID, "Reward", 7, 2),
                rules.dedupe_key(K.REWARD_APPROVED, "Reward", 7, 1),
                rules.dedupe_key(K.REWARD_PAID, "Reward", 8, 1),
            }
        )
        == 4
    )


@pytest.mark.parametrize("kind", list(K))
@pytest.mark.parametrize("reason", [None, *R])
def test_may_send(kind: K, reason: R | None) -> None:
    expected = reason is None or (reason is R.UNSUBSCRIBED and kind is K.SIGN_IN)
    assert rules.may_send(kind, reason) is expected


def test_hard_bounces_are_5xx_only() -> None:
    assert [
        c for c in (250, 421, 450, 499, 500, 550, 554, 599, 600) if rules.is_hard_bounce(c)
    ] == [500, 550, 554, 599]


def _walk(
    cadence: rules.Cadence,
    days: int,
    *,
    shared_on: int | None = None,
    unsubscribed_on: int | None = None,
) -> list[tuple[int, int]]:
    """Run the job every hour for `days` days; the (day, step) of every nudge sent."""
    sent: list[tuple[int, int]] = []
    last_step, last_at = 0, None
    for hour in range(days * 24 + 1):
        now = JOINED + timedelta(hours=hour)
        day = hour // 24
        step = rules.nudge_due(
            joined_at=JOINED,
            now=now,
            cadence=cadence,
            last_step=last_step,
            last_sent_at=last_at,
            shared=shared_on is not None and day >= shared_on,
            unsubscribed=unsubscribed_on is not None and day >= unsubscribed_on,
        )
        if step is not None:
            sent.append((day, step))
            last_step, last_at = step, now
    return sent


def test_default_cadence_day_3_day_14_then_monthly() -> None:
    assert _walk(rules.Cadence(), 120) == [(3, 1), (14, 2), (44, 3), (74, 4), (104, 5)]


def test_no_repeat_stops_after_the_listed_days() -> None:
    assert _walk(rules.Cadence(days=(3, 14), repeat_days=0), 400) == [(3, 1), (14, 2)]


def test_sharing_or_unsubscribing_stops_the_nudges() -> None:
    assert _walk(rules.Cadence(), 120, shared_on=10) == [(3, 1)]
    assert _walk(rules.Cadence(), 120, unsubscribed_on=3) == []
    assert _walk(rules.Cadence(), 120, unsubscribed_on=50) == [(3, 1), (14, 2), (44, 3)]


def test_disabled_cadence_sends_nothing() -> None:
    assert _walk(rules.Cadence(enabled=False), 120) == []


def test_repeat_only_cadence() -> None:
    assert _walk(rules.Cadence(days=(), repeat_days=30), 95) == [(30, 1), (60, 2), (90, 3)]


def test_missed_steps_are_skipped_never_a_burst() -> None:
    # The job did not run for 20 days: one nudge (the latest step), not steps 1 and 2.
    now = JOINED + 20 * DAY
    step = rules.nudge_due(
        joined_at=JOINED,
        now=now,
        cadence=rules.Cadence(),
        last_step=0,
        last_sent_at=None,
        shared=False,
        unsubscribed=False,
    )
    assert step == 2
    # Years late: still one, and then none until the next period.
    late = JOINED + 400 * DAY
    step = rules.nudge_due(
        joined_at=JOINED,
        now=late,
        cadence=rules.Cadence(),
        last_step=2,
        last_sent_at=JOINED + 14 * DAY,
        shared=False,
        unsubscribed=False,
    )
    assert step == 2 + (400 - 14) // 30
    assert (
        rules.nudge_due(
            joined_at=JOINED,
            now=late + DAY,
            cadence=rules.Cadence(),
            last_step=step,
            last_sent_at=late,
            shared=False,
            unsubscribed=False,
        )
        is None
    )


def test_close_steps_keep_a_minimum_gap() -> None:
    # Days 3 and 4 listed, but nudge 1 went out late on day 3.9: nudge 2 waits until 5.9.
    cadence = rules.Cadence(days=(3, 4), repeat_days=0)
    sent_at = JOINED + timedelta(days=3.9)
    due = [
        h
        for h in range(24 * 10)
        if rules.nudge_due(
            joined_at=JOINED,
            now=JOINED + timedelta(hours=h),
            cadence=cadence,
            last_step=1,
            last_sent_at=sent_at,
            shared=False,
            unsubscribed=False,
        )
        == 2
    ]
    assert due[0] == round((3.9 + 2) * 24 + 0.5)


def test_nudge_due_at() -> None:
    c = rules.Cadence(days=(3, 14), repeat_days=30)
    assert [rules.nudge_due_at(s, JOINED, c) for s in (0, 1, 2, 3, 4)] == [
        None,
        JOINED + 3 * DAY,
        JOINED + 14 * DAY,
        JOINED + 44 * DAY,
        JOINED + 74 * DAY,
    ]
    assert rules.nudge_due_at(3, JOINED, rules.Cadence(repeat_days=0)) is None


@pytest.mark.parametrize(
    ("days", "repeat", "field"),
    [
        ([14, 3], 30, "days"),
        ([3, 3], 30, "days"),
        ([0], 30, "days"),
        ([400], 30, "days"),
        (list(range(1, 12)), 30, "days"),
        ([3], 7, "repeatDays"),
        ([3], 366, "repeatDays"),
    ],
)
def test_cadence_validation(days: list[int], repeat: int, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.validate_cadence(days, repeat)
    assert caught.value.field == field


def test_valid_cadences() -> None:
    assert rules.validate_cadence([3, 14], 30) == rules.Cadence(days=(3, 14), repeat_days=30)
    assert rules.validate_cadence([], 0) == rules.Cadence(days=(), repeat_days=0)


@pytest.mark.parametrize(
    ("age", "ok"),
    [
        (timedelta(0), False),
        (timedelta(seconds=1.9), False),
        (timedelta(seconds=2), True),
        (timedelta(hours=2), True),
        (timedelta(hours=2, seconds=1), False),
        (timedelta(seconds=-5), False),
    ],
)
def test_form_age_window(age: timedelta, ok: bool) -> None:
    if ok:
        rules.check_form_age(JOINED, JOINED + age)
    else:
        with pytest.raises(InvalidInput) as caught:
            rules.check_form_age(JOINED, JOINED + age)
        assert caught.value.field == "formToken"


def test_branding_validation() -> None:
    assert (
        rules.validate_logo_url(" https://cdn.example.com/l.png ")
        == "https://cdn.example.com/l.png"
    )
    assert rules.validate_logo_url("") is None and rules.validate_accent(None) is None
    assert rules.validate_accent("#A1B2C3") == "#a1b2c3"
    assert rules.validate_sender_name("  Acme  ") == "Acme"
    for call, value in [
        (rules.validate_logo_url, "http://x.example/l.png"),
        (rules.validate_logo_url, "https://u:p@x.example/l.png"),
        (rules.validate_logo_url, "javascript:alert(1)"),
        (rules.validate_accent, "#abc"),
        (rules.validate_accent, "red"),
        (rules.validate_sender_name, "a\nBcc: x@example.com"),
        (rules.validate_sender_name, '"Quoted"'),
        (rules.validate_sender_name, "x" * 81),
    ]:
        with pytest.raises(InvalidInput):
            call(value)
