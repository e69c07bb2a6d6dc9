"""Reject modal submitted: the server decides for the person; the message shows the result."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.blocks.approvals import Message, MessageRef, Verdict
from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.deps import Deps
from bot.listeners.posts import refused, show_decision
from bot.listeners.replies import tell


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(CallbackId.REJECT_MODAL.value)
    async def reject_submission(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values = view["state"]["values"]
        selected = values.get(BlockId.REJECT_REASON, {}).get(ActionId.REJECT_REASON, {})
        reason = (selected.get("selected_option") or {}).get("value")
        if not reason:
            await ack(response_action="errors", errors={BlockId.REJECT_REASON: "Pick a reason."})
            return
        await ack()
        note = values.get(BlockId.REJECT_NOTE, {}).get(ActionId.REJECT_NOTE, {}).get("value")
        user = body["user"]["id"]
        ref = MessageRef.decode(view["private_metadata"])
        try:
            reward = await deps.api.acting_as(user).reject_reward(ref.reward_id, reason, note or "")
        except (UserError, ApiError) as error:
            await refused(client, deps, user, ref.reward_id, (ref.channel, ref.ts), error)
            return
        verdict = Verdict(by_slack_user=user, at=reward.decided_at or deps.now())

        async def tell_them(message: Message) -> None:  # a modal from an ephemeral list
            await tell(client, user, ref.channel, message.text)

        await show_decision(client, deps, user, reward, verdict, (ref.channel, ref.ts), tell_them)
