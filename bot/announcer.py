"""Delivers the API's outbox to Slack: milestone celebrations and approval requests.

At least once, never twice in normal operation: a notification is claimed under a lease and
posted with its id in the message metadata; one claimed again after an earlier attempt (a
crash, a lost answer) is first looked for in the channel, and marked with the message found.
A subscription wakes the loop as soon as something is committed; claiming is the catch-up.

Under Slack's limits: posts are paced per channel (about one a second), a 429 is retried after
its Retry-After by the Slack client (bot/app.py), and a large backlog found on start is posted
as one digest per channel instead of a flood. Approval requests are never folded into a digest:
each keeps its own message with its buttons, redrawn when someone decides."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

import aiohttp
import websockets
from slack_sdk.errors import SlackApiError
from slack_sdk.models.metadata import Metadata
from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError, document
from bot.api.models import Notification, NotificationKind
from bot.blocks.approvals import Message, approval_message
from bot.blocks.digest import digest_message
from bot.blocks.ids import EventType
from bot.blocks.milestones import milestone_message
from bot.blocks.notices import notice_message
from bot.deps import Deps
from bot.pacing import Pacer

log = logging.getLogger("vouch.bot.announcer")
HISTORY_LOOKBACK_SECONDS = 300  # clock skew between the API and Slack
HISTORY_PAGES = 10  # at most 2000 messages searched for an earlier attempt
LEASE_MARGIN_SECONDS = 10


def backoff(base: float = 1.0, cap: float = 60.0) -> Iterator[float]:
    """1, 2, 4 ... seconds, then `cap` for as long as it takes."""
    for attempt in count():
        yield min(cap, base * 2**attempt)


@dataclass(frozen=True, slots=True)
class Delivery:
    channel: str | None
    message: Message


def delivery_for(notification: Notification, deps: Deps) -> Delivery:
    """Where and what to post: a pure choice from the notification and the settings."""
    settings = deps.settings
    if notification.kind is NotificationKind.REWARD_AWAITING_APPROVAL:
        if notification.reward is None:
            raise ValueError(f"notification {notification.id} has no reward")
        channel = settings.approvals_channel or settings.default_channel
        if notification.test:  # rehearsals stay out of the live approval queue
            channel = settings.test_channel or channel
        return Delivery(channel, approval_message(notification.reward))
    if notification.kind is NotificationKind.WEBHOOK_ENDPOINT_DISABLED:
        return Delivery(settings.default_channel, notice_message(notification.detail))
    if notification.milestone is None or notification.campaign is None:
        raise ValueError(f"notification {notification.id} has no milestone")
    campaign_channel = notification.campaign.slack_channel or settings.default_channel
    channel = (settings.test_channel or campaign_channel) if notification.test else campaign_channel
    return Delivery(channel, milestone_message(notification.milestone))


class Announcer:
    def __init__(
        self,
        deps: Deps,
        slack: AsyncWebClient,
        *,
        batch: int = 10,
        lease_seconds: int = 60,
        poll_seconds: float = 30.0,
        post_interval: float = 1.0,
        digest_threshold: int = 10,
        catch_up_batch: int = 50,  # the most claimNotifications hands out at once
    ) -> None:
        self.deps = deps
        self.slack = slack
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.poll_seconds = poll_seconds
        self.pacer = Pacer(post_interval)
        # On start, a backlog of at least this many notifications becomes digests.
        self.digest_threshold = digest_threshold
        self.catch_up_batch = catch_up_batch
        self._caught_up = False
        self._wake = asyncio.Event()
        self._joined: set[str] = set()

    async def run(self) -> None:
        """Forever: catch up, then deliver whenever woken or every `poll_seconds`."""
        listener = asyncio.create_task(self.listen())
        try:
            delays = backoff()
            while True:
                self._wake.clear()
                try:
                    await self.deliver_due()
                except (ApiError, UserError) as exc:
                    delay = next(delays)
                    log.warning("cannot claim notifications (%s); retrying in %.0f s", exc, delay)
                    await asyncio.sleep(delay)
                    continue
                except Exception:
                    # An answer we cannot read (e.g. a newer server): keep the loop alive; the
                    # server gives such a row up after its last lease.
                    delay = next(delays)
                    log.exception("delivery failed; retrying in %.0f s", delay)
                    await asyncio.sleep(delay)
                    continue
                delays = backoff()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def deliver_due(self) -> int:
        """Claim and deliver until nothing is due; returns how many were delivered."""
        delivered = 0
        loop = asyncio.get_running_loop()
        if not self._caught_up:
            deadline = loop.time() + self.lease_seconds - LEASE_MARGIN_SECONDS
            backlog = await self.deps.api.claim_notifications(
                self.catch_up_batch, self.lease_seconds
            )
            self._caught_up = True
            rows, lease = backlog.notifications, backlog.lease_token
            if len(rows) >= self.digest_threshold:
                delivered += await self.deliver_digests(rows, lease, deadline)
            else:
                for notification in rows:
                    if loop.time() >= deadline:
                        return delivered  # the rest come back when the lease ends
                    delivered += await self.deliver(notification, lease)
            if len(rows) < self.catch_up_batch:
                return delivered
        while True:
            # Measured on our own clock from the claim, so server clock skew does not matter.
            deadline = loop.time() + self.lease_seconds - LEASE_MARGIN_SECONDS
            batch = await self.deps.api.claim_notifications(self.batch, self.lease_seconds)
            for notification in batch.notifications:
                if loop.time() >= deadline:
                    # The rest go back when the lease ends; their retry checks the channel first.
                    return delivered
                delivered += await self.deliver(notification, batch.lease_token)
            if len(batch.notifications) < self.batch:
                return delivered

    async def deliver(self, notification: Notification, lease: str) -> int:
        api = self.deps.api
        try:
            target = delivery_for(notification, self.deps)
            if target.channel is None:
                raise ValueError("no channel: set SLACK_DEFAULT_CHANNEL")
            ts = None
            if notification.attempts > 0:
                ts = await self.already_posted(notification, target.channel)
            channel = target.channel
            if ts is None:
                channel, ts = await self.post(notification, target.channel, target.message)
        except (SlackApiError, aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("notification %s not delivered: %s", notification.id, exc)
            try:
                await api.mark_failed(notification.id, lease, str(exc))
            except (ApiError, UserError) as lost:
                # Lease lost or API away: the row comes back when its lease ends.
                log.warning("notification %s not marked failed: %s", notification.id, lost)
            return 0
        try:
            await api.mark_delivered(notification.id, lease, channel, ts)
        except UserError as exc:
            # The lease was lost; whoever holds it now finds this message before posting.
            log.warning("notification %s: %s", notification.id, exc.message)
            return 0
        return 1

    async def deliver_digests(
        self, notifications: list[Notification], lease: str, deadline: float
    ) -> int:
        """The backlog on start: milestones as one digest per channel; approval requests, and
        a channel's lone milestone, as their own messages."""
        delivered = 0
        loop = asyncio.get_running_loop()
        groups: dict[str, list[tuple[Notification, Delivery]]] = {}
        singles: list[Notification] = []
        for notification in notifications:
            try:
                target = delivery_for(notification, self.deps)
            except ValueError:
                target = Delivery(None, Message(text="", blocks=[]))
            milestone = notification.kind is NotificationKind.MILESTONE_REACHED
            if not milestone or target.channel is None or notification.attempts > 0:
                # Approvals keep their buttons; a retried row is first looked for by itself.
                singles.append(notification)
            else:
                groups.setdefault(target.channel, []).append((notification, target))
        for channel, group in groups.items():
            if len(group) == 1:
                singles.append(group[0][0])
            else:
                delivered += await self.post_digest(channel, group, lease)
        for notification in singles:
            if loop.time() >= deadline:
                break  # the rest come back when the lease ends
            delivered += await self.deliver(notification, lease)
        return delivered

    async def post_digest(
        self, channel: str, group: list[tuple[Notification, Delivery]], lease: str
    ) -> int:
        api = self.deps.api
        ids = [n.id for n, _ in group]
        message = digest_message([d.message.text.removeprefix(":tada: ") for _, d in group])
        try:
            await self.join(channel)
            await self.pacer.wait(channel)
            response = await self.slack.chat_postMessage(
                channel=channel,
                text=message.fallback,
                blocks=message.blocks,
                metadata=Metadata(
                    event_type=EventType.NOTIFICATION.value,
                    event_payload={"notification_ids": ",".join(ids)},
                ),
                unfurl_links=False,
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("digest for %s not delivered: %s", channel, exc)
            for notification_id in ids:
                with contextlib.suppress(ApiError, UserError):
                    await api.mark_failed(notification_id, lease, str(exc))
            return 0
        posted_channel, ts = str(response["channel"]), str(response["ts"])
        delivered = 0
        for notification_id in ids:
            try:
                await api.mark_delivered(notification_id, lease, posted_channel, ts)
                delivered += 1
            except UserError as exc:
                log.warning("notification %s: %s", notification_id, exc.message)
        return delivered

    async def join(self, channel: str) -> None:
        """Join a public channel before the first post there: posting needs no membership
        (chat:write.public), but reading it back after a crash does. Private channels need
        an /invite, which Slack refuses to do for us; that refusal is not an error here."""
        if channel in self._joined:
            return
        try:
            await self.slack.conversations_join(channel=channel)
        except SlackApiError as exc:
            log.info("not joining %s: %s", channel, exc.response.get("error"))
        self._joined.add(channel)

    async def post(
        self, notification: Notification, channel: str, message: Message
    ) -> tuple[str, str]:
        await self.join(channel)
        await self.pacer.wait(channel)
        response = await self.slack.chat_postMessage(
            channel=channel,
            text=message.fallback,
            blocks=message.blocks,
            metadata=Metadata(
                event_type=EventType.NOTIFICATION.value,
                event_payload={"notification_id": notification.id},
            ),
            unfurl_links=False,
        )
        return str(response["channel"]), str(response["ts"])

    async def already_posted(self, notification: Notification, channel: str) -> str | None:
        """The ts of an earlier attempt's message in the channel, if there is one."""
        # A test notification is stamped with its campaign's clock, which may run ahead of
        # real time: search back from now instead, a bounded number of pages.
        oldest = None
        if not notification.test:
            since = notification.created_at.timestamp() - HISTORY_LOOKBACK_SECONDS
            oldest = f"{since:.6f}"
        cursor = None
        for _ in range(HISTORY_PAGES):
            page = await self.slack.conversations_history(
                channel=channel, oldest=oldest, include_all_metadata=True, limit=200, cursor=cursor
            )
            messages: list[dict[str, Any]] = page.get("messages", [])
            for message in messages:
                metadata: dict[str, Any] = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                in_digest = str(payload.get("notification_ids", "")).split(",")
                if metadata.get("event_type") == EventType.NOTIFICATION and (
                    str(payload.get("notification_id")) == notification.id
                    or notification.id in in_digest
                ):
                    return str(message["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        return None

    async def listen(self) -> None:
        """Subscribe to new notifications; reconnect with backoff whenever the API goes away."""
        api = self.deps.api
        delays = backoff()
        while True:
            try:
                async with websockets.connect(
                    api.websocket_url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")]
                ) as ws:
                    await ws.send(
                        json.dumps(
                            {
                                "type": "connection_init",
                                "payload": {"authorization": f"Bearer {api.api_key}"},
                            }
                        )
                    )
                    ack = json.loads(await ws.recv())
                    if ack.get("type") != "connection_ack":
                        raise ConnectionError(f"subscription refused: {ack}")
                    await ws.send(
                        json.dumps(
                            {
                                "id": "1",
                                "type": "subscribe",
                                "payload": {"query": document("NotificationCreated")},
                            }
                        )
                    )
                    delays = backoff()
                    self._wake.set()  # catch up on whatever came while disconnected
                    async for raw in ws:
                        frame = json.loads(raw)
                        if frame.get("type") == "ping":
                            await ws.send(json.dumps({"type": "pong"}))
                        elif frame.get("type") == "next":
                            self._wake.set()
                        elif frame.get("type") in ("error", "complete"):
                            raise ConnectionError(f"subscription ended: {frame}")
            except (OSError, websockets.WebSocketException, ConnectionError, ValueError) as exc:
                delay = next(delays)
                log.info("notification subscription down (%s); reconnecting in %.0f s", exc, delay)
                await asyncio.sleep(delay)
