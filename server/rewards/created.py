"""Rewards an event creates, as plain rows: the values a `Reward` instance would hold (same
Python types: enums, datetimes), written by one prepared insert that reads their ids back, and
told to the ledger, the audit trail and the outbox from the same values. No model instance is
built or validated field by field on the write path: the values are the code's own, checked
where they come from (rules, the order's validation)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.audit import service as audit
from server.audit.service import Actor
from server.rewards.holds import released_at_creation
from server.rewards.ledger import S, post_values
from server.rewards.models import LedgerKind, Reward
from server.sql import Statement, TortoiseExecutor, rows

Attrs = dict[str, Any]

# Every field an insert writes, in this order (checked against the model when the first
# statement is made).
COLUMNS = rows.columns_of(
    Reward,
    (
        "campaign_id",
        "referral_id",
        "conversion_id",
        "recipient",
        "advocate_id",
        "event_key",
        "rule_key",
        "rule_version",
        "kind",
        "description",
        "amount",
        "currency",
        "status",
        "hold_until",
        "flagged",
        "test",
        "decided_by",
        "decided_at",
        "reject_reason",
        "reject_note",
        "external_reference",
        "paid_amount",
        "tier",
        "approval_waits",
        "created_at",
        "updated_at",
    ),
)
# The one value a rule carries that nothing checked before: its column's validators run on it
# (a too long description fails as it did when the model was built).
_DESCRIPTION = Reward._meta.fields_map["description"]
# A reward created released is told as created pending first.
_PENDING = {"status": S.PENDING, "decided_by": None, "decided_at": None}


def values(**given: Any) -> Attrs:
    """The fields of a new reward as `Reward(**given)` would hold them (defaults filled in)."""
    _DESCRIPTION.validate(given.get("description", ""))
    return {
        "description": "",
        "status": S.PENDING,
        "hold_until": None,
        "flagged": False,
        "test": False,
        "decided_by": None,
        "decided_at": None,
        "reject_reason": None,
        "reject_note": "",
        "external_reference": None,
        "paid_amount": None,
        "tier": None,
        "approval_waits": 0,
    } | given


def _db_row(attrs: Attrs) -> tuple[Any, ...]:
    """The database values in COLUMNS order: what the fields' `to_db_value` gives (enums as
    their values; everything else as it is)."""
    return (
        attrs["campaign_id"],
        attrs["referral_id"],
        attrs["conversion_id"],
        attrs["recipient"].value,
        attrs["advocate_id"],
        attrs["event_key"],
        attrs["rule_key"],
        attrs["rule_version"],
        attrs["kind"].value,
        attrs["description"],
        attrs["amount"],
        attrs["currency"],
        attrs["status"].value,
        attrs["hold_until"],
        attrs["flagged"],
        attrs["test"],
        attrs["decided_by"],
        attrs["decided_at"],
        attrs["reject_reason"],
        attrs["reject_note"],
        attrs["external_reference"],
        attrs["paid_amount"],
        attrs["tier"],
        attrs["approval_waits"],
        attrs["created_at"],
        attrs["updated_at"],
    )


# Bounded: an event creates at most one reward per rule.
@lru_cache(maxsize=16)
def _insert(count: int) -> Statement:
    """`count` rows returning their ids with their rule keys (one reward per rule per event;
    RETURNING's row order is not the VALUES' order on SQLite)."""
    return Statement.of(
        "insert.reward", rows.insert_text(Reward, count, COLUMNS) + " RETURNING id, rule_key"
    )


async def insert(conn: BaseDBAsyncClient, rewards: Sequence[Attrs]) -> None:
    """Insert one event's rewards in one statement; each gets its "id"."""
    if not rewards:
        return
    found = await TortoiseExecutor(conn).rows(
        _insert(len(rewards)), [value for attrs in rewards for value in _db_row(attrs)]
    )
    ids = {row["rule_key"]: row["id"] for row in found}
    for attrs in rewards:
        attrs["id"] = ids[attrs["rule_key"]]


async def tell(
    attrs: Attrs,
    *,
    changes: dict[str, Any],
    released: bool,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> None:
    """What a created reward writes beside its row: its ledger entry and audit trail (with its
    webhook event and email), and, created with no hold left, what the hold's end writes
    (told as created pending, then released)."""
    await post_values(
        reward_id=attrs["id"],
        advocate_id=attrs["advocate_id"],
        referral_id=attrs["referral_id"],
        currency=attrs["currency"],
        test=attrs["test"],
        kind=LedgerKind.ISSUED,
        amount=attrs["amount"],
        now=now,
        conn=conn,
    )
    told = attrs | _PENDING if released else attrs
    await audit.record_on(
        actor=actor,
        action="reward.create",
        subject="Reward",
        pk=attrs["id"],
        attrs=told,
        now=now,
        changes=changes,
        using=conn,
    )
    if released:
        await released_at_creation(attrs, now, actor, conn)
