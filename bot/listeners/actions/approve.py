"""Approve button: the server decides for the clicking person; the message shows the result."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.blocks.approvals import Verdict, approval_message
from bot.blocks.ids import ActionId
from bot.deps import Deps
from bot.listeners.home import publish_home
from bot.listeners.posts import show_current, update_posts
from bot.listeners.replies import explain, origin, tell


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ActionId.APPROVE.value)
    async def approve(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        user = body["user"]["id"]
        channel, ts = origin(body)
        try:
            decision = await deps.api.acting_as(user).approve_reward(action["value"])
        except (UserError, ApiError) as error:
            await tell(client, user, channel, explain(error))
            if isinstance(error, UserError) and error.code == "CONFLICT":
                await show_current(client, deps, action["value"], channel, ts)
            return
        reward = decision.reward
        verdict = Verdict(
            by_slack_user=user,
            at=reward.decided_at or deps.now(),
            approvals=decision.approvals,
            approvals_needed=decision.approvals_needed,
        )
        message = approval_message(reward, verdict)
        if ts is not None and channel is not None:
            await client.chat_update(
                channel=channel, ts=ts, text=message.text, blocks=message.blocks
            )
        elif channel is not None:  # an ephemeral list: answer there, keep the list
            await respond(text=message.text, blocks=[b.to_dict() for b in message.blocks])
        else:
            await publish_home(client, deps, user)
        await update_posts(client, deps, reward, verdict, done=(channel, ts))
