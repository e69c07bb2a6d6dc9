"""Every action, callback and block id the bot sends and listens for."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    APPROVE = "vouch_reward_approve"
    REJECT = "vouch_reward_reject"
    REJECT_REASON = "vouch_reject_reason"
    REJECT_NOTE = "vouch_reject_note"


class BlockId(StrEnum):
    DECISION = "vouch_reward_decision"
    REJECT_REASON = "vouch_reject_reason_block"
    REJECT_NOTE = "vouch_reject_note_block"


class CallbackId(StrEnum):
    REJECT_MODAL = "vouch_reject_modal"


class EventType(StrEnum):
    """Message metadata `event_type` of everything the announcer posts."""

    NOTIFICATION = "vouch_notification"
