"""Approve button: the server decides for the clicking person; the message shows the result."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.blocks.approvals import Message, Verdict
from bot.blocks.ids import ActionId
from bot.deps import Deps
from bot.listeners.posts import refused, show_decision
from bot.listeners.replies import origin


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
            await refused(client, deps, user, action["value"], (channel, ts), error)
            return
        reward = decision.reward
        verdict = Verdict(
            by_slack_user=user,
            at=reward.decided_at or deps.now(),
            approvals=decision.approvals,
            approvals_needed=decision.approvals_needed,
        )

        async def answer_list(message: Message) -> None:  # an ephemeral list: keep it, answer
            await respond(text=message.fallback, blocks=[b.to_dict() for b in message.blocks])

        await show_decision(client, deps, user, reward, verdict, (channel, ts), answer_list)
