"""Telling the clicking person something only they see."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.api.client import ApiError, UserError
from bot.blocks.format import escape

UNREACHABLE = ":hourglass: Vouch is not answering right now. Try again in a minute."


def refusal(error: UserError) -> str:
    if error.code == "FORBIDDEN":
        return (
            f":no_entry: {error.message} Ask a Vouch admin to link your Slack account"
            " to a staff member who may approve rewards."
        )
    if error.code == "CONFLICT":
        return f":information_source: {error.message}"
    return f":warning: {error.message}"


def explain(error: UserError | ApiError) -> str:
    return refusal(error) if isinstance(error, UserError) else UNREACHABLE


async def tell(client: AsyncWebClient, user: str, channel: str | None, text: str) -> None:
    """Ephemeral in the channel the click came from; a direct message otherwise (App Home).
    `text` is plain words (server messages quote names and notes): escaped here, once."""
    text = escape(text)
    if channel:
        await client.chat_postEphemeral(channel=channel, user=user, text=text)
    else:
        await client.chat_postMessage(channel=user, text=text)


def origin(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(channel, ts) of a non-ephemeral message the action came from, else (None, None)."""
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id")
    if container.get("type") != "message" or container.get("is_ephemeral"):
        return channel, None
    return channel, (body.get("message") or {}).get("ts")
