"""One message for many milestones: what the bot posts instead of a flood after a backlog."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.blocks.approvals import Message
from bot.blocks.format import SECTION_TEXT_MAX, escape

DIGEST_LINES_MAX = 40


def digest_message(lines: list[str]) -> Message:
    """`lines` are the fallback texts of the messages this digest stands for."""
    shown = lines[:DIGEST_LINES_MAX]
    sections: list[str] = []
    current = ""
    for line in shown:
        item = f"• {escape(line)[: SECTION_TEXT_MAX - 4]}\n"
        if len(current) + len(item) > SECTION_TEXT_MAX:
            sections.append(current)
            current = ""
        current += item
    if current:
        sections.append(current)
    blocks: list[Block] = [
        HeaderBlock(text=f":newspaper: {len(lines)} updates while Vouch was away")
    ]
    blocks += [SectionBlock(text=MarkdownTextObject(text=s.rstrip())) for s in sections]
    if len(lines) > len(shown):
        more = len(lines) - len(shown)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {more} more.")]))
    text = f"{len(lines)} updates while Vouch was away: " + "; ".join(shown[:5])
    return Message(text=text[:3000], blocks=blocks)
