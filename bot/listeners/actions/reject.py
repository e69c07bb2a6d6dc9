"""Reject button: ask for a reason in a modal; the decision happens on submission."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.approvals import MessageRef, reject_modal
from bot.blocks.ids import ActionId
from bot.deps import Deps
from bot.listeners.replies import origin


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ActionId.REJECT.value)
    async def reject(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        channel, ts = origin(body)
        ref = MessageRef(reward_id=action["value"], channel=channel, ts=ts)
        await client.views_open(trigger_id=body["trigger_id"], view=reject_modal(ref))
