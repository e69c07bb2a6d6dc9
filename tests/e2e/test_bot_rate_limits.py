"""The bot under Slack's limits: a 429 is retried after its Retry-After, and a large backlog on
start becomes one digest per channel instead of a flood."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from server.notifications.models import Notification, NotificationStatus
from tests.e2e.conftest import DEFAULT, LEASE_SECONDS, BotStack
from tests.e2e.test_bot_announcer import _all_delivered, _first_referral, eventually
from tests.factories import convert, enroll, live_campaign
from tests.ids import gid

GROWTH = "C0GROWTH01"
FRIENDS = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo"]


def _metadata(params: dict[str, Any]) -> dict[str, Any]:
    raw = params["metadata"]
    value: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else raw
    return value


async def _first_referrals(
    stack: BotStack, names: list[str], slug: str, **campaign: object
) -> None:
    cid = await live_campaign(stack.owner, slug=slug, **campaign)
    for i, name in enumerate(names):
        link = await enroll(stack.owner, cid, f"{name.lower()}@example.com", name=f"{name} Smith")
        done = await convert(
            stack.owner,
            f"{slug}-order-{i:04}",
            f"{slug}-o-{i}",
            5000,
            referralCode=link["code"],
            email=f"friend-{slug}-{i}@x.org",
        )
        assert done["__typename"] == "ConversionRecorded", done


async def test_a_429_is_retried_after_its_retry_after(stack: BotStack) -> None:
    stack.slack.rate_limit_next["chat.postMessage"] = 1
    async with stack.bot():
        await _first_referral(stack)
        limited, post = await stack.posted(DEFAULT, "first successful referral", count=2)
        await eventually(_all_delivered)
    assert limited.answer == {"ok": False, "error": "ratelimited"}
    calls = stack.slack.of("chat.postMessage")
    # Slack said 429 once; the client waited and sent the same message again, once.
    assert [c.answer.get("error") for c in calls] == ["ratelimited", None]
    assert calls[0].params["text"] == calls[1].params["text"]
    [row] = await Notification.all()
    assert (row.status, row.delivered_ts) == (NotificationStatus.DELIVERED, post.answer["ts"])
    assert row.last_error == ""  # never marked failed


async def test_a_large_backlog_on_start_is_one_digest_per_channel(stack: BotStack) -> None:
    # While the bot is away: six advocates' first referrals in one campaign, two in another
    # campaign that has its own channel.
    await _first_referrals(stack, FRIENDS, "spring")
    await _first_referrals(stack, ["Gus", "Hal"], "growth", slackChannel=GROWTH)
    backlog = await Notification.all().count()
    assert backlog == 8
    stack.slack.rate_limit_next["chat.postMessage"] = 1  # and Slack is busy at first
    async with stack.bot(digest_threshold=5):
        await eventually(_all_delivered)
        ok = [c for c in stack.slack.of("chat.postMessage") if c.answer.get("ok")]
        assert sorted(c.params["channel"] for c in ok) == [GROWTH, DEFAULT]
        by_channel = {c.params["channel"]: c for c in ok}
        for name in FRIENDS:
            assert f"{name} made their first successful referral" in by_channel[DEFAULT].text()
        assert "6 updates while Vouch was away" in by_channel[DEFAULT].text()
        assert "Gus" in by_channel[GROWTH].text() and "Hal" in by_channel[GROWTH].text()
        assert "Smith" not in by_channel[DEFAULT].text()  # first names only, as ever
        rows = await Notification.all()
        assert {(r.delivered_channel, r.delivered_ts) for r in rows} == {
            (DEFAULT, by_channel[DEFAULT].answer["ts"]),
            (GROWTH, by_channel[GROWTH].answer["ts"]),
        }
        # Caught up: what happens now is posted on its own.
        await _first_referrals(stack, ["Ivy"], "later")
        [single] = await stack.posted(DEFAULT, "*Ivy* made their")
        assert "updates while Vouch was away" not in single.text()
        await eventually(_all_delivered)
    assert [c.answer.get("error") for c in stack.slack.of("chat.postMessage")] == [
        "ratelimited",
        None,
        None,
        None,
    ]


async def test_a_digest_interrupted_before_marking_is_found_not_posted_again(
    stack: BotStack,
) -> None:
    await _first_referrals(stack, FRIENDS[:3], "spring")
    stack.slack.hold.add("chat.postMessage")  # Slack posts the digest; the bot never hears
    async with stack.bot(digest_threshold=3):
        [digest] = await stack.slack.wait_for("chat.postMessage")
    ids = _metadata(digest.params)["event_payload"]["notification_ids"].split(",")
    assert sorted(ids) == sorted(gid("Notification", n.id) for n in await Notification.all())
    stack.slack.release()
    stack.clock.advance(timedelta(seconds=LEASE_SECONDS + 1))
    async with stack.bot(digest_threshold=3):
        await eventually(_all_delivered)
    assert len(stack.slack.of("chat.postMessage")) == 1
    assert {r.delivered_ts for r in await Notification.all()} == {digest.answer["ts"]}
