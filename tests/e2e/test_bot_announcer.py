"""Milestones reach Slack exactly once: through restarts, crashes mid-delivery, Slack
failures and the API going away."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta

from server.notifications.models import Notification, NotificationStatus
from tests.e2e.conftest import DEFAULT, LEASE_SECONDS, BotStack
from tests.e2e.slack_standin import Call
from tests.factories import convert, enroll, live_campaign
from tests.ids import gid

GROWTH = "C0GROWTH01"


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Poll the database with a deadline: the bot's last step (marking) is not seen by Slack."""
    for _ in range(600):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition never met")


async def _all_delivered() -> bool:
    rows = await Notification.all()
    return bool(rows) and all(r.status is NotificationStatus.DELIVERED for r in rows)


def _notification_ids(calls: list[Call]) -> Counter[str]:
    return Counter(
        str(json.loads(c.params["metadata"])["event_payload"]["notification_id"])
        if isinstance(c.params["metadata"], str)
        else str(c.params["metadata"]["event_payload"]["notification_id"])
        for c in calls
        if c.answer.get("ok")
    )


async def _first_referral(stack: BotStack, order: str = "order-0001", **campaign: object) -> str:
    """One conversion: Ada's first successful referral is the only milestone it reaches."""
    cid = await live_campaign(stack.owner, **campaign)
    link = await enroll(stack.owner, cid, "ada@example.com", name="Ada Lovelace")
    done = await convert(
        stack.owner, order, "o-1", 5000, referralCode=link["code"], email="f@x.org"
    )
    assert done["__typename"] == "ConversionRecorded", done
    return cid


async def _second_advocate(stack: BotStack) -> None:
    cid = await live_campaign(stack.owner, slug="second")
    link = await enroll(stack.owner, cid, "bo@example.com", name="Bo Diddley")
    done = await convert(
        stack.owner, "order-0002", "o-2", 5000, referralCode=link["code"], email="g@x.org"
    )
    assert done["__typename"] == "ConversionRecorded", done


async def test_milestone_is_posted_once_in_the_campaign_channel(stack: BotStack) -> None:
    async with stack.bot():
        await _first_referral(
            stack, slackChannel=GROWTH, objective={"metric": "CONVERSIONS", "target": 4}
        )
        posts = await stack.posted(GROWTH, "Give 10", count=2)
        await eventually(_all_delivered)
    texts = " ".join(p.text() for p in posts)
    assert "*Ada* made their *first successful referral*" in texts
    assert "Lovelace" not in texts and "ada@example.com" not in texts  # first name only
    assert "25% of the objective (1 / 4 conversions)" in texts
    async with stack.bot():  # after a restart, only what is new gets posted
        await _second_advocate(stack)
        await stack.posted(DEFAULT, "*Bo* made their")
        await eventually(_all_delivered)
    notifications = await Notification.all()
    assert _notification_ids(stack.slack.of("chat.postMessage")) == Counter(
        {gid("Notification", n.id): 1 for n in notifications}
    )
    assert len(notifications) == 3
    assert [n.delivered_channel for n in notifications] == [GROWTH, GROWTH, DEFAULT]


async def test_catches_up_on_start(stack: BotStack) -> None:
    await _first_referral(stack)  # nothing runs yet: the outbox keeps it
    assert stack.slack.of("chat.postMessage") == []
    async with stack.bot():
        [post] = await stack.posted(DEFAULT, "first successful referral")
        await eventually(_all_delivered)
    [row] = await Notification.all()
    assert (row.delivered_channel, row.delivered_ts) == (DEFAULT, post.answer["ts"])


async def test_restart_mid_delivery_does_not_post_twice(stack: BotStack) -> None:
    stack.slack.hold.add("chat.postMessage")  # Slack posts, the bot never hears back
    async with stack.bot():
        await _first_referral(stack)
        [posted] = await stack.slack.wait_for("chat.postMessage")
    [row] = await Notification.all()
    assert row.status is NotificationStatus.CLAIMED  # the bot "crashed" before marking
    stack.slack.release()
    stack.clock.advance(timedelta(seconds=LEASE_SECONDS + 1))  # the lease runs out
    async with stack.bot():
        await stack.slack.wait_for("conversations.history")
        await eventually(_all_delivered)
    assert len(stack.slack.of("chat.postMessage")) == 1
    [row] = await Notification.all()
    assert row.delivered_ts == posted.answer["ts"]


async def test_a_failed_post_is_retried_after_the_backoff(stack: BotStack) -> None:
    stack.slack.fail_next.add("chat.postMessage")
    async with stack.bot(poll_seconds=0.2):
        await _first_referral(stack)
        await stack.slack.wait_for("chat.postMessage")
        [row] = await Notification.all()
        await eventually(lambda: _status_is(row.id, NotificationStatus.FAILED))
        stack.clock.advance(timedelta(minutes=5))
        await eventually(_all_delivered)
    calls = stack.slack.of("chat.postMessage")
    assert [c.answer.get("ok") for c in calls] == [None, True]  # the failure, then one post
    # The retry looked for an earlier post first (attempts > 0) and found none.
    assert len(stack.slack.of("conversations.history")) == 1


async def _status_is(notification_id: int, status: NotificationStatus) -> bool:
    return (await Notification.get(id=notification_id)).status is status


async def test_reconnects_when_the_api_restarts(stack: BotStack) -> None:
    async with stack.bot():
        await _first_referral(stack)
        await stack.posted(DEFAULT, "first successful referral")
        await eventually(_all_delivered)
        await stack.api_server.stop()
        # While the API is down, a second advocate's first referral is recorded in-process.
        cid = await live_campaign(stack.owner, slug="second")
        link = await enroll(stack.owner, cid, "bo@example.com", name="Bo Diddley")
        await convert(
            stack.owner, "order-0002", "o-2", 5000, referralCode=link["code"], email="g@x.org"
        )
        await stack.api_server.start()
        await stack.posted(DEFAULT, "*Bo* made their")
        await eventually(_all_delivered)
    assert len(stack.slack.of("chat.postMessage")) == 2


async def test_names_reach_slack_as_text_never_as_mentions(stack: BotStack) -> None:
    """Campaign and advocate names are user-given: `<!channel>` in one must not ping a channel,
    in the notification fallback `text` nor in any block."""
    async with stack.bot():
        cid = await live_campaign(
            stack.owner,
            name="<!channel> Spring <https://evil.example|sale> & co",
            slackChannel=GROWTH,
        )
        link = await enroll(stack.owner, cid, "ada@example.com", name="<!here> Ada")
        done = await convert(
            stack.owner, "order-esc1", "o-esc", 5000, referralCode=link["code"], email="f@x.org"
        )
        assert done["__typename"] == "ConversionRecorded", done
        [post] = await stack.posted(GROWTH, "first successful referral")
        await eventually(_all_delivered)
    fallback = post.params["text"]
    assert "&lt;!here&gt;" in fallback and "&lt;!channel&gt;" in fallback and "&amp; co" in fallback
    for call in stack.slack.calls:
        sent = json.dumps(call.params)
        assert "<!channel>" not in sent and "<!here>" not in sent and "<https://evil" not in sent
