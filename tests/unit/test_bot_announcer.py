"""Where each notification goes, and how long the announcer waits after a failure."""

from __future__ import annotations

from itertools import islice
from typing import Any

import pytest

from bot.announcer import backoff, delivery_for
from bot.api.client import VouchApi
from bot.api.models import Notification
from bot.deps import Deps
from bot.settings import BotSettings
from tests.unit.test_bot_blocks import AT, milestone, reward


def deps(**channels: str | None) -> Deps:
    settings = BotSettings(
        api_url="http://127.0.0.1:1/graphql",
        api_key="vch_live_x",
        bot_token="xoxb",
        signing_secret="s",
        app_token=None,
        port=3000,
        default_channel=channels.get("default", "C0DEFAULT1"),
        approvals_channel=channels.get("approvals"),
        test_channel=channels.get("test"),
    )
    return Deps(settings=settings, api=VouchApi(settings.api_url, settings.api_key))


def notification(kind: str, test: bool = False, channel: str | None = None) -> Notification:
    campaign = {
        "id": "1",
        "name": "Give",
        "slug": "give",
        "slackChannel": channel,
        "testMode": test,
    }
    data: dict[str, Any] = {
        "id": "9",
        "kind": kind,
        "status": "CLAIMED",
        "test": test,
        "attempts": 0,
        "createdAt": AT.isoformat(),
        "campaign": campaign,
        "milestone": milestone(test=test).model_dump(by_alias=True, mode="json")
        if kind == "MILESTONE_REACHED"
        else None,
        "reward": reward(test=test).model_dump(by_alias=True, mode="json")
        if kind == "REWARD_AWAITING_APPROVAL"
        else None,
    }
    return Notification.model_validate(data)


def test_backoff_doubles_up_to_a_cap() -> None:
    assert list(islice(backoff(), 8)) == [1, 2, 4, 8, 16, 32, 60, 60]


@pytest.mark.parametrize(
    ("kind", "test", "campaign_channel", "channels", "expected"),
    [
        ("MILESTONE_REACHED", False, "C0GROWTH01", {}, "C0GROWTH01"),
        ("MILESTONE_REACHED", False, None, {}, "C0DEFAULT1"),
        ("MILESTONE_REACHED", True, "C0GROWTH01", {"test": "C0TESTING1"}, "C0TESTING1"),
        ("MILESTONE_REACHED", True, "C0GROWTH01", {}, "C0GROWTH01"),
        ("MILESTONE_REACHED", False, None, {"default": None}, None),
        (
            "REWARD_AWAITING_APPROVAL",
            False,
            "C0GROWTH01",
            {"approvals": "C0APPROVE1"},
            "C0APPROVE1",
        ),
        ("REWARD_AWAITING_APPROVAL", False, "C0GROWTH01", {}, "C0DEFAULT1"),
        # A rehearsal's approval requests stay out of the live queue.
        (
            "REWARD_AWAITING_APPROVAL",
            True,
            "C0GROWTH01",
            {"approvals": "C0APPROVE1", "test": "C0TESTING1"},
            "C0TESTING1",
        ),
    ],
)
async def test_channel_choice(
    kind: str,
    test: bool,
    campaign_channel: str | None,
    channels: dict[str, str | None],
    expected: str | None,
) -> None:
    d = deps(**channels)
    try:
        target = delivery_for(notification(kind, test, campaign_channel), d)
    finally:
        await d.api.aclose()
    assert target.channel == expected
    assert target.message.blocks


async def test_a_notification_without_its_subject_is_refused() -> None:
    d = deps()
    broken = notification("MILESTONE_REACHED").model_copy(update={"milestone": None})
    try:
        with pytest.raises(ValueError, match="no milestone"):
            delivery_for(broken, d)
    finally:
        await d.api.aclose()


async def test_a_disabled_webhook_endpoint_is_told_in_the_default_channel() -> None:
    d = deps()
    data = notification("MILESTONE_REACHED").model_dump()
    data.update(
        kind="WEBHOOK_ENDPOINT_DISABLED",
        campaign=None,
        milestone=None,
        detail="Webhook endpoint https://hooks.example.com/<x> was disabled",
    )
    try:
        target = delivery_for(Notification.model_validate(data), d)
    finally:
        await d.api.aclose()
    assert target.channel == "C0DEFAULT1"
    assert "https://hooks.example.com/&lt;x&gt;" in str(target.message.blocks[0].to_dict())
