"""`/vouch`: ack at once, then answer through the response URL, only to the asker."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot import commands
from bot.api.client import ApiError, UserError
from bot.api.models import LeaderboardPeriod
from bot.blocks import commands as replies
from bot.blocks.approvals import Message
from bot.deps import Deps
from bot.listeners.replies import explain


async def answer(deps: Deps, user: str, text: str) -> Message:
    command = commands.parse(text)
    api = deps.api
    match command:
        case commands.Help(problem=problem):
            return replies.help_message(problem)
        case commands.Stats(slug=slug):
            if slug is None:
                return replies.stats_message(await api.active_campaigns())
            found = await api.campaign(slug)
            return replies.stats_message([found]) if found else _unknown(slug)
        case commands.Leaderboard(slug=slug, period=period):
            return await _leaderboard(deps, slug, period)
        case commands.Pending():
            # Acting for the asker: the queue is shown only to people the server lets see it.
            return replies.pending_message(await api.acting_as(user).pending_rewards())
        case commands.CampaignInfo(slug=slug):
            detail = await api.campaign(slug)
            return replies.campaign_message(detail) if detail else _unknown(slug)


async def _leaderboard(deps: Deps, slug: str | None, period: LeaderboardPeriod) -> Message:
    if slug is None:
        active = await deps.api.active_campaigns(first=1)
        if not active:
            return replies.notice("No active campaigns right now.")
        slug = active[0].slug
    board = await deps.api.leaderboard(slug, period)
    return replies.leaderboard_message(board, period) if board else _unknown(slug)


def _unknown(slug: str) -> Message:
    return replies.notice(f"No campaign `{slug[:100]}`. Try `/vouch stats` to see them all.")


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/vouch")
    async def vouch(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        try:
            message = await answer(deps, command["user_id"], command.get("text", ""))
        except (UserError, ApiError) as error:
            message = replies.notice(explain(error))
        await respond(
            text=message.fallback,
            blocks=[b.to_dict() for b in message.blocks],
            response_type="ephemeral",
        )
