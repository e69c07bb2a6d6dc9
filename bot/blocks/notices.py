"""Operational notices from the API (e.g. a webhook endpoint was disabled): one plain section."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.blocks.approvals import Message
from bot.blocks.format import clip, escape


def notice_message(detail: str) -> Message:
    text = clip(detail or "An integration needs attention.", 2900)
    return Message(
        text=text,
        blocks=[SectionBlock(text=MarkdownTextObject(text=f":warning: {escape(text)}"))],
    )
