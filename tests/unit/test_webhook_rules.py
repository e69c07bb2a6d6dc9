"""Pure webhook decisions: which audited change is which event, retry schedule, URLs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.errors import InvalidInput
from server.webhooks import rules


@pytest.mark.parametrize(
    ("action", "subject", "changes", "expected"),
    [
        ("referral.create", "Referral", {"status": [None, "signed_up"]}, ["referral.created"]),
        (
            "referral.create",
            "Referral",
            {"status": [None, "converted"]},
            ["referral.created", "referral.converted"],
        ),
        ("referral.confirm_fraud", "Referral", {"status": ["converted", "rejected"]},
         ["referral.rejected"]),
        ("reward.approve", "Reward", {"status": ["awaiting_approval", "awaiting_approval"]}, []),
        ("reward.approve", "Reward", {"status": ["awaiting_approval", "approved"]},
         ["reward.approved"]),
        ("reward.hold_released", "Reward", {"status": ["pending", "approved"]},
         ["reward.approved"]),
        ("reward.refund", "Reward", {"status": ["fulfilled", "reversed"]}, ["reward.voided"]),
        ("reward.fulfill", "Reward", {"status": ["approved", "fulfilled"]}, ["reward.fulfilled"]),
        ("reward.reject", "Reward", {"status": ["awaiting_approval", "rejected"]},
         ["reward.rejected"]),
        ("campaign.active", "Campaign", {"status": ["draft", "active"]},
         ["campaign.status_changed"]),
        ("campaign.update", "Campaign", {"name": ["a", "b"]}, []),
        ("staff.login", "StaffUser", {}, []),
    ],
)  # fmt: skip
def test_audited_changes_map_to_event_types(
    action: str, subject: str, changes: dict[str, list[str | None]], expected: list[str]
) -> None:
    assert [e.value for e in rules.events_for(action, subject, changes)] == expected


def test_retries_last_about_three_days() -> None:
    assert timedelta(days=2, hours=12) < rules.RETRY.total() < timedelta(days=3, hours=12)
    assert rules.RETRY.next_attempt(rules.RETRY.max_attempts, datetime.now(UTC)) is None


def test_urls() -> None:
    assert rules.validate_url(" https://h.example.com/x ", production=True) == (
        "https://h.example.com/x"
    )
    for url, production in [
        ("http://h.example.com/", True),
        ("https://user:pw@h.example.com/", False),
        ("javascript:alert(1)", False),
        ("https:///nohost", False),
    ]:
        with pytest.raises(InvalidInput):
            rules.validate_url(url, production=production)
