"""Milestone celebrations: what was reached, where, how far to the objective, and a cheer."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.api.models import Campaign, Milestone, MilestoneKind
from bot.blocks.approvals import Message
from bot.blocks.format import HEADER_TEXT_MAX, clip, escape, percent, progress_bar, when

CHEERS = (
    "High fives all round! :raised_hands:",
    "Onwards and upwards! :rocket:",
    "Word of mouth at work. :loudspeaker:",
    "Cake in the kitchen? :cake:",
    "The referral flywheel is spinning. :cyclone:",
    "Take a bow, team. :clap:",
)
_EMOJI = {
    MilestoneKind.CONVERSIONS: ":tada:",
    MilestoneKind.REVENUE: ":moneybag:",
    MilestoneKind.OBJECTIVE_PERCENT: ":dart:",
    MilestoneKind.ADVOCATE_REFERRALS: ":star2:",
}


def cheer(milestone_id: str) -> str:
    """Varies from one milestone to the next, and is the same on every retry of one."""
    return CHEERS[sum(map(ord, milestone_id)) % len(CHEERS)]


def objective_line(campaign: Campaign) -> str | None:
    objective = campaign.objective
    if objective is None:
        return None
    p = objective.progress
    done = " :checkered_flag: Objective met!" if p.reached else ""
    due = f" · due {when(objective.deadline)}" if objective.deadline else ""
    return (
        f"`{progress_bar(p.ratio)}` {percent(p.ratio)} of the objective"
        f" ({p.current:,} / {p.target:,} {objective.metric.lower()}){due}{done}"
    )


def milestone_message(milestone: Milestone) -> Message:
    campaign = milestone.campaign
    name = escape(campaign.name)
    if milestone.kind is MilestoneKind.ADVOCATE_REFERRALS and milestone.advocate_first_name:
        who = escape(milestone.advocate_first_name)
        verb = "made their" if milestone.threshold == 1 else "reached"
        what = f"*{who}* {verb} *{escape(milestone.title)}* in *{name}*!"
        text = f"{milestone.advocate_first_name} {verb} {milestone.title} in {campaign.name}"
    else:
        what = f"*{name}* reached *{escape(milestone.title)}*!"
        text = f"{campaign.name} reached {milestone.title}"
    title = milestone.title[:1].upper() + milestone.title[1:]
    header = clip(f"{_EMOJI[milestone.kind]} {title}!", HEADER_TEXT_MAX)
    blocks: list[Block] = [
        HeaderBlock(text=header),
        SectionBlock(text=MarkdownTextObject(text=f"{what}\n{cheer(milestone.id)}")),
    ]
    line = objective_line(campaign)
    if line:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    context = [f"Reached {when(milestone.reached_at)}"]
    if milestone.test:
        context.insert(0, ":test_tube: Test mode: rehearsal numbers, not live ones")
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=" · ".join(context))]))
    return Message(text=f":tada: {text}", blocks=blocks)
