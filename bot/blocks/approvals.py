"""Approval requests: the channel message, its decided forms, and the reject modal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.api.models import RejectReason, Reward, RewardStatus
from bot.blocks.format import clip, escape, when
from bot.blocks.ids import ActionId, BlockId, CallbackId


@dataclass(frozen=True, slots=True)
class Message:
    text: str  # notification and screen-reader fallback, as plain words (unescaped)
    blocks: list[Block]

    @property
    def fallback(self) -> str:
        """`text` as sent to Slack, which renders it as mrkdwn (notifications too): escaped, so
        a name like `<!channel>` is shown, never a mention or a link. Send this, never `text`."""
        return escape(self.text)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What happened to the request, as the message should now say."""

    by_slack_user: str
    at: datetime
    approvals: int = 0
    approvals_needed: int = 1


@dataclass(frozen=True, slots=True)
class MessageRef:
    """Where the approval message is, so the modal's submission can update it in place."""

    reward_id: str
    channel: str | None
    ts: str | None

    def encode(self) -> str:
        return json.dumps({"r": self.reward_id, "c": self.channel, "t": self.ts})

    @classmethod
    def decode(cls, raw: str) -> MessageRef:
        data = json.loads(raw)
        return cls(reward_id=str(data["r"]), channel=data.get("c"), ts=data.get("t"))


def _summary(reward: Reward) -> str:
    who = "the advocate" if reward.recipient == "ADVOCATE" else "the friend"
    lines = [
        f"*{reward.value.formatted}* {reward.kind.lower()} for {who}"
        f" in *{escape(reward.campaign.name)}*",
        f"Rule `{escape(reward.rule_key)}` · reward #{reward.id}",
    ]
    if reward.description:
        lines.append(f"_{escape(clip(reward.description, 500))}_")
    return "\n".join(lines)


def decision_buttons(reward_id: str) -> ActionsBlock:
    return ActionsBlock(
        block_id=BlockId.DECISION.value,
        elements=[
            ButtonElement(
                text="Approve",
                action_id=ActionId.APPROVE.value,
                value=reward_id,
                style="primary",
                confirm=ConfirmObject(
                    title="Approve this reward?",
                    text="The reward will be paid out once fulfilled.",
                    confirm="Approve",
                    deny="Cancel",
                ),
            ),
            ButtonElement(
                text="Reject", action_id=ActionId.REJECT.value, value=reward_id, style="danger"
            ),
        ],
    )


def _flags(reward: Reward) -> list[str]:
    flags = []
    if reward.flagged:
        flags.append(":warning: Flagged for review")
    if reward.test:
        flags.append(":test_tube: Test mode: never paid out")
    return flags


def approval_message(reward: Reward, verdict: Verdict | None = None) -> Message:
    """The request in the approvals channel; with a verdict, the same message after a click."""
    blocks: list[Block] = [
        HeaderBlock(text="Reward awaiting approval"),
        SectionBlock(text=MarkdownTextObject(text=_summary(reward))),
    ]
    notes = [*_flags(reward), f"Earned {when(reward.created_at)}"]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=" · ".join(notes))]))
    status = reward.status
    if status is RewardStatus.AWAITING_APPROVAL:
        if verdict is not None and verdict.approvals > 0:
            blocks.append(
                ContextBlock(
                    elements=[
                        MarkdownTextObject(
                            text=f":white_check_mark: {verdict.approvals} of "
                            f"{verdict.approvals_needed} approvals · <@{verdict.by_slack_user}>"
                            f" approved {when(verdict.at)}. Waiting for a second approver."
                        )
                    ]
                )
            )
        elif reward.approvals_needed > 1:
            so_far = (
                f"{reward.approvals} of {reward.approvals_needed} approvals"
                if reward.approvals
                else f"Needs {reward.approvals_needed} distinct approvers"
            )
            blocks.append(
                ContextBlock(elements=[MarkdownTextObject(text=f":busts_in_silhouette: {so_far}.")])
            )
        blocks.append(decision_buttons(reward.id))
        text = f"Reward awaiting approval: {reward.value.formatted} in {reward.campaign.name}"
        return Message(text=text, blocks=blocks)
    outcome = _outcome(reward, verdict)
    blocks.append(SectionBlock(text=MarkdownTextObject(text=outcome)))
    return Message(text=f"Reward #{reward.id}: {status.value.lower()}", blocks=blocks)


def _outcome(reward: Reward, verdict: Verdict | None) -> str:
    by = f"<@{verdict.by_slack_user}>" if verdict else escape(reward.decided_by or "someone")
    at = verdict.at if verdict else reward.decided_at
    stamp = f" {when(at)}" if at else ""
    if reward.status is RewardStatus.APPROVED:
        return f":white_check_mark: *Approved* by {by}{stamp}"
    if reward.status is RewardStatus.REJECTED:
        reason = escape(reward.reject_reason_label or reward.reject_reason or "-")
        note = f"\n> {escape(clip(reward.reject_note, 500))}" if reward.reject_note else ""
        return f":x: *Rejected* by {by}{stamp} · reason: {reason}{note}"
    return f"This reward is now *{reward.status.value.lower().replace('_', ' ')}*."


def reject_modal(ref: MessageRef, reasons: Sequence[RejectReason]) -> View:
    """`reasons`: as the API lists them (rewardRejectReasons)."""
    return View(
        type="modal",
        callback_id=CallbackId.REJECT_MODAL.value,
        private_metadata=ref.encode(),
        title=PlainTextObject(text="Reject reward"),
        submit=PlainTextObject(text="Reject"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"Reject reward *#{ref.reward_id}*?")),
            InputBlock(
                block_id=BlockId.REJECT_REASON.value,
                label="Reason",
                element=StaticSelectElement(
                    action_id=ActionId.REJECT_REASON.value,
                    placeholder="Why is it rejected?",
                    options=[Option(value=r.name, label=r.label) for r in reasons],
                ),
            ),
            InputBlock(
                block_id=BlockId.REJECT_NOTE.value,
                label="Note",
                optional=True,
                hint="The advocate sees the reason in their portal.",
                element=PlainTextInputElement(
                    action_id=ActionId.REJECT_NOTE.value, multiline=True, max_length=500
                ),
            ),
        ],
    )
