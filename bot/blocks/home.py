"""App Home: what awaits the viewer's approval, and the latest milestones."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.api.models import Milestone, Reward
from bot.blocks.commands import pending_message
from bot.blocks.format import escape, when

VIEW_BLOCKS_MAX = 100
MILESTONES_SHOWN = 10


def home_view(
    awaiting: list[Reward] | None, milestones: list[Milestone], refusal: str | None = None
) -> View:
    """`awaiting` is None when the viewer may not approve (refusal says why)."""
    blocks: list[Block] = [HeaderBlock(text="Awaiting your approval")]
    if awaiting is None:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=escape(refusal or "Nothing for you here.")))
        )
    else:
        # The pending list without its own header.
        blocks += pending_message(awaiting).blocks[1 if awaiting else 0 :]
    blocks += [DividerBlock(), HeaderBlock(text="Recent milestones")]
    if not milestones:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="No milestones yet. They are coming!"))
        )
    for m in milestones[:MILESTONES_SHOWN]:
        who = f"{escape(m.advocate_first_name)} · " if m.advocate_first_name else ""
        test = " :test_tube:" if m.test else ""
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f":tada: {who}*{escape(m.title)}* · {escape(m.campaign.name)}"
                        f" · {when(m.reached_at)}{test}"
                    )
                ]
            )
        )
    return View(type="home", blocks=blocks[:VIEW_BLOCKS_MAX])
