"""Rewards created as plain rows (server/rewards/created.py): the values written are the ones
Tortoise would write for the same `Reward`, field for field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise.exceptions import ValidationError

from server.rewards import created
from server.rewards.models import Reward, RewardKind, RewardRecipient, RewardStatus

NOW = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
GIVEN: list[dict[str, Any]] = [
    {
        "recipient": RewardRecipient.ADVOCATE,
        "advocate_id": 7,
        "conversion_id": 9,
        "kind": RewardKind.CASH,
        "status": RewardStatus.PENDING,
        "hold_until": NOW + timedelta(days=14),
        "tier": 3,
        "description": "Zoë's café ☕",
    },
    {
        "recipient": RewardRecipient.FRIEND,
        "advocate_id": None,
        "conversion_id": None,
        "kind": RewardKind.DISCOUNT,
        "status": RewardStatus.APPROVED,
        "hold_until": NOW,
        "decided_by": "auto",
        "decided_at": NOW,
        "flagged": False,
        "test": True,
    },
    {
        "recipient": RewardRecipient.ADVOCATE,
        "advocate_id": 3,
        "conversion_id": 4,
        "kind": RewardKind.CREDIT,
        "status": RewardStatus.AWAITING_APPROVAL,
        "hold_until": None,
        "approval_waits": 1,
        "flagged": True,
    },
]


@pytest.mark.parametrize("given", GIVEN)
async def test_the_row_is_what_tortoise_writes(database: None, given: dict[str, Any]) -> None:
    fields = {
        "campaign_id": 1,
        "referral_id": 2,
        "event_key": "conversion:9",
        "rule_key": "advocate",
        "rule_version": 2,
        "amount": 1000,
        "currency": "USD",
        "created_at": NOW,
        "updated_at": NOW,
        **given,
    }
    attrs = created.values(**fields)
    model = Reward(**fields)
    meta = Reward._meta.fields_map
    assert created._db_row(attrs) == tuple(
        meta[name].to_db_value(getattr(model, name), model) for name in created.COLUMNS
    )
    # The values the audit trail and the webhook payloads read are the instance's.
    assert attrs == {name: getattr(model, name) for name in attrs}
    assert sorted(attrs) == sorted(created.COLUMNS)


async def test_a_too_long_description_fails_as_the_model_did(database: None) -> None:
    model = Reward(description="x" * 301)
    with pytest.raises(ValidationError):
        Reward._meta.fields_map["description"].to_db_value(model.description, model)
    with pytest.raises(ValidationError):
        created.values(description="x" * 301)
