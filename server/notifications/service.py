"""The outbox: rows are written with the change they announce; a deliverer (the Slack bot)
claims a batch under a lease, then marks each delivered or failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from server.audit import appends
from server.clock import Clock
from server.errors import Conflict, InvalidInput, NotFound
from server.milestones.models import Milestone
from server.notifications import rules
from server.notifications.models import Notification, NotificationKind, NotificationStatus
from server.outbox import lease
from server.rewards.models import Reward
from server.sql import Statement, TortoiseExecutor, rows

S = NotificationStatus


_COLUMNS = rows.columns_of(
    Notification,
    (
        "kind",
        "dedupe_key",
        "campaign_id",
        "milestone_id",
        "reward_id",
        "detail",
        "test",
        "status",
        "claims",
        "lease_token",
        "lease_expires_at",
        "next_attempt_at",
        "last_error",
        "delivered_channel",
        "delivered_ts",
        "delivered_at",
        "created_at",
        "updated_at",
    ),
)


async def _append(
    kind: NotificationKind,
    key: str,
    *,
    campaign_id: int,
    milestone_id: int | None,
    reward_id: int | None,
    test: bool,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> None:
    """Written with the use-case's other appended rows when it collects them."""
    row = (
        kind.value,
        key,
        campaign_id,
        milestone_id,
        reward_id,
        "",
        test,
        S.PENDING.value,
        0,
        None,
        None,
        None,
        "",
        None,
        None,
        None,
        now,
        now,
    )
    await appends.add_row(Notification, _COLUMNS, row, conn)
    await appends.announce(conn)


async def enqueue_milestone(milestone: Milestone, now: datetime, conn: BaseDBAsyncClient) -> None:
    await _append(
        NotificationKind.MILESTONE_REACHED,
        f"milestone:{milestone.id}",
        campaign_id=milestone.campaign_id,
        milestone_id=milestone.id,
        reward_id=None,
        test=milestone.test,
        now=now,
        conn=conn,
    )


async def enqueue_created_awaiting(
    *,
    reward_id: int,
    approval_waits: int,
    campaign_id: int,
    test: bool,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> None:
    """A reward this transaction created waiting for a person: its count of waits is the one
    it was written with, so its row is appended with the use-case's others (the key as
    `enqueue_reward_awaiting` makes it)."""
    await _append(
        NotificationKind.REWARD_AWAITING_APPROVAL,
        f"reward:{reward_id}:{approval_waits}",
        campaign_id=campaign_id,
        milestone_id=None,
        reward_id=reward_id,
        test=test,
        now=now,
        conn=conn,
    )


# One statement: the key is the reward's id and its count of waits, bumped with the status
# change that starts this wait (the row is ours until commit): unique by construction.
_AWAITING = Statement.of(
    "notifications.reward_awaiting",
    """INSERT INTO notification (kind, dedupe_key, campaign_id, reward_id, detail, test, status,
    claims, last_error, created_at, updated_at)
SELECT ?, 'reward:' || CAST(id AS text) || ':' || CAST(approval_waits AS text), campaign_id, id,
    '', test, 'pending', 0, '', ?, ?
FROM reward WHERE id = ?""",
)


async def enqueue_reward_awaiting(reward: Reward, now: datetime, conn: BaseDBAsyncClient) -> None:
    """Each time a reward starts waiting for a person (again, after an unapproval): called
    after the change that bumped its `approval_waits`, in the same transaction."""
    await TortoiseExecutor(conn).run(
        _AWAITING, [NotificationKind.REWARD_AWAITING_APPROVAL.value, now, now, reward.id]
    )
    await appends.announce(conn)


@dataclass(frozen=True, slots=True)
class Batch:
    lease_token: str
    lease_expires_at: datetime
    notifications: list[Notification]


async def claim(*, limit: int, lease_seconds: int, clock: Clock) -> Batch:
    """Oldest first, each row taken by compare-and-set (server/outbox/lease.py)."""
    limit, lease_seconds = rules.validate_claim(limit, lease_seconds)
    leased = await lease.claim(
        Notification,
        limit=limit,
        lease_seconds=lease_seconds,
        now=clock.now(),
        max_attempts=rules.MAX_ATTEMPTS,
    )
    return Batch(leased.lease_token, leased.lease_expires_at, leased.rows)


def _check_token(lease_token: str) -> None:
    if not 1 <= len(lease_token) <= 64:
        raise InvalidInput("Not a lease token from claimNotifications.", field="leaseToken")


async def _holder_row(notification_id: int, lease_token: str) -> Notification:
    _check_token(lease_token)
    row = await Notification.get_or_none(id=notification_id)
    if row is None:
        raise NotFound("No such notification.", field="id")
    if row.lease_token != lease_token:
        raise Conflict(
            "This lease is not yours (it expired and the notification was claimed again).",
            field="leaseToken",
        )
    return row


async def mark_delivered(
    *, notification_id: int, lease_token: str, channel: str, ts: str, clock: Clock
) -> Notification:
    _check_token(lease_token)  # before it reaches a query: a long one is no database error
    channel, ts = channel.strip(), ts.strip()
    if not 1 <= len(channel) <= 80:
        raise InvalidInput("The channel is 1-80 characters.", field="channel")
    if not 1 <= len(ts) <= 40:
        raise InvalidInput("The message ts is 1-40 characters.", field="ts")
    now = clock.now()
    async with in_transaction() as conn:
        won = await lease.settle(
            Notification,
            row_id=notification_id,
            lease_token=lease_token,
            now=now,
            conn=conn,
            delivered_channel=channel,
            delivered_ts=ts,
            delivered_at=now,
        )
        if won:
            row = await Notification.get(id=notification_id, using_db=conn)
            if row.milestone_id is not None:
                await (
                    Milestone.filter(id=row.milestone_id, announced_at=None)
                    .using_db(conn)
                    .update(announced_at=now)
                )
            return row
    row = await _holder_row(notification_id, lease_token)
    if row.status is S.DELIVERED and (row.delivered_channel, row.delivered_ts) == (channel, ts):
        return row  # the holder's retry of the same answer
    raise Conflict(f"The notification is {row.status.value}.", field="id")


async def mark_failed(
    *, notification_id: int, lease_token: str, error: str, clock: Clock
) -> Notification:
    now = clock.now()
    row = await _holder_row(notification_id, lease_token)
    if row.status is not S.CLAIMED:
        raise Conflict(f"The notification is {row.status.value}.", field="id")
    won, _retry = await lease.fail(
        Notification,
        row_id=notification_id,
        lease_token=lease_token,
        attempts=row.claims,
        error=error,
        policy=rules.RETRY,
        now=now,
    )
    if not won:
        raise Conflict("The lease changed while marking; claim again.", field="leaseToken")
    return await Notification.get(id=notification_id)


async def newer_than(last_id: int, limit: int = 50) -> list[Notification]:
    return await Notification.filter(id__gt=last_id).order_by("id").limit(limit)


async def latest_id() -> int:
    row = await Notification.all().order_by("-id").first()
    return row.id if row else 0
