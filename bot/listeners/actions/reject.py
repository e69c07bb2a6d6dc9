"""Reject button: ask for a reason in a modal; the decision happens on submission."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.blocks.approvals import MessageRef, reject_modal
from bot.blocks.ids import ActionId
from bot.deps import Deps
from bot.listeners.replies import explain, origin, refusal, tell

REWARDS_APPROVE = "rewards:approve"
NOT_ALLOWED = "You may not reject rewards."


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ActionId.REJECT.value)
    async def reject(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        user = body["user"]["id"]
        channel, ts = origin(body)
        # Spare an unlinked or read-only person the form; the server still decides on submit.
        try:
            api = deps.api.acting_as(user)
            allowed = REWARDS_APPROVE in await api.permissions()
            reasons = await api.reject_reasons() if allowed else []
        except (UserError, ApiError) as error:
            await tell(client, user, channel, explain(error))
            return
        if not allowed:
            await tell(client, user, channel, refusal(UserError("FORBIDDEN", NOT_ALLOWED)))
            return
        ref = MessageRef(reward_id=action["value"], channel=channel, ts=ts)
        await client.views_open(trigger_id=body["trigger_id"], view=reject_modal(ref, reasons))
