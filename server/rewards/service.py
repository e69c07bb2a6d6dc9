"""Reward use-cases, one import for their callers: the work is in `versions` (rule versions),
`issue` (creating rewards in the event's transaction), `decide` (people deciding), `holds`,
`adjust` (re-attribution, refunds, fraud), `ledger` and `preview`."""

from __future__ import annotations

from server.rewards.adjust import move_to_advocate, on_refund, void_for_fraud
from server.rewards.decide import BULK_MAX, Decision, approve, fulfill, reject, unapprove
from server.rewards.holds import flag_pending, release_holds, unflag
from server.rewards.issue import COUNTED, Budget, budget_of, reward_event
from server.rewards.ledger import Mismatch, verify_ledger
from server.rewards.preview import Preview, PreviewAward, preview
from server.rewards.versions import limits_of, parse, rule_set_at, set_rules

__all__ = [
    "BULK_MAX",
    "COUNTED",
    "Budget",
    "Decision",
    "Mismatch",
    "Preview",
    "PreviewAward",
    "approve",
    "budget_of",
    "flag_pending",
    "fulfill",
    "limits_of",
    "move_to_advocate",
    "on_refund",
    "parse",
    "preview",
    "reject",
    "release_holds",
    "reward_event",
    "rule_set_at",
    "set_rules",
    "unapprove",
    "unflag",
    "verify_ledger",
    "void_for_fraud",
]
