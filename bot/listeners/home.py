"""Rendering a person's App Home, shared by the home event and the approval buttons."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.blocks.home import home_view
from bot.deps import Deps
from bot.listeners.replies import explain


async def publish_home(client: AsyncWebClient, deps: Deps, user: str) -> None:
    awaiting = None
    refusal = None
    try:
        awaiting = await deps.api.acting_as(user).pending_rewards()
    except (UserError, ApiError) as error:
        refusal = explain(error)
    try:
        milestones = await deps.api.recent_milestones()
    except (UserError, ApiError):
        milestones = []
    await client.views_publish(user_id=user, view=home_view(awaiting, milestones, refusal))
