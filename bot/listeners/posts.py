"""Keeping every approval request in step with the reward, wherever the decision was taken."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.api.models import Reward
from bot.blocks.approvals import Message, Verdict, approval_message
from bot.deps import Deps
from bot.listeners.home import publish_home
from bot.listeners.replies import explain, tell

log = logging.getLogger("vouch.bot.posts")


async def refused(
    client: AsyncWebClient,
    deps: Deps,
    user: str,
    reward_id: str,
    where: tuple[str | None, str | None],
    error: UserError | ApiError,
) -> None:
    """The server said no: tell the person; if someone decided first, show what happened."""
    channel, ts = where
    await tell(client, user, channel, explain(error))
    if isinstance(error, UserError) and error.code == "CONFLICT":
        await show_current(client, deps, reward_id, channel, ts)


async def show_decision(
    client: AsyncWebClient,
    deps: Deps,
    user: str,
    reward: Reward,
    verdict: Verdict,
    where: tuple[str | None, str | None],
    in_place: Callable[[Message], Awaitable[None]],
) -> None:
    """Redraw where the click came from (the channel message in place, an ephemeral list via
    `in_place`, or App Home), then every other request for this reward."""
    channel, ts = where
    message = approval_message(reward, verdict)
    if ts is not None and channel is not None:
        await client.chat_update(
            channel=channel, ts=ts, text=message.fallback, blocks=message.blocks
        )
    elif channel is not None:
        await in_place(message)
    else:
        await publish_home(client, deps, user)
    await update_posts(client, deps, reward, verdict, done=where)


async def update_posts(
    client: AsyncWebClient,
    deps: Deps,
    reward: Reward,
    verdict: Verdict | None,
    done: tuple[str | None, str | None] = (None, None),
) -> None:
    """Redraw the channel messages that asked for this reward, except `done` (already redrawn).
    A decision taken from /vouch pending or App Home thus shows where the team looks."""
    try:
        posts = await deps.api.approval_posts(reward.id)
    except (UserError, ApiError):
        return  # the decision stands; a stale message still answers a click correctly
    message = approval_message(reward, verdict)
    for channel, ts in posts:
        if (channel, ts) != done:
            await client.chat_update(
                channel=channel, ts=ts, text=message.fallback, blocks=message.blocks
            )


async def show_current(
    client: AsyncWebClient, deps: Deps, reward_id: str, channel: str | None, ts: str | None
) -> None:
    """After a stale click: the message the person clicked shows what really happened."""
    if channel is None or ts is None:
        return
    try:
        current = await deps.api.reward(reward_id)
    except (UserError, ApiError):
        return
    if current is not None:
        message = approval_message(current)
        await client.chat_update(
            channel=channel, ts=ts, text=message.fallback, blocks=message.blocks
        )
