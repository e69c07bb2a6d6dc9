"""An order's verdict applied to its referral: the signals the order raised merged into the
referral's risk, the identifiers the friend paid with remembered, the referral flagged (its
unpaid rewards with it) or blocked (rejected, owed rewards voided), the clusters the order
revealed re-scored. Shared by screening at each order and by a payment's card learnt later
(payments.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.analytics import rollups
from server.audit import appends
from server.audit import service as audit
from server.audit.service import Actor
from server.fraud import clusters, scoring
from server.fraud import queries as q
from server.fraud.evidence import Evidence
from server.fraud.rules import Mode, ReviewStatus, RuleKey, Setting
from server.fraud.scoring import Signal, Verdict
from server.referrals.models import Referral, ReferralStatus
from server.rewards import service as rewards

# The risk_signals column's own encoder: the text is what Tortoise would have written.
_json = appends.json_encoder(Referral, "risk_signals")


async def apply(
    *,
    referral: Referral,
    advocate_id: int,
    found: list[Signal],
    evidence: Evidence,
    settings: dict[RuleKey, Setting],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    members: dict[RuleKey, list[int]],
    may_block: bool = True,
    new: bool = False,
) -> bool:
    """Updates the referral's risk; True when it is now blocked (never, unless may_block).
    `new`: the referral was created in this transaction (it has no rewards yet to flag)."""
    old = [Signal.from_json(s) for s in referral.risk_signals]
    # Only a rule that had not fired for this referral changes its course: a reviewer who
    # dismissed a velocity flag is not asked again for every later order.
    fired = {o.rule for o in old}
    fresh = [s for s in found if s.rule not in fired]
    verdict = Verdict.of(scoring.merge(old, found), settings, fresh)
    if verdict.blocked and not may_block:
        verdict = Verdict(verdict.signals, verdict.score, Mode.FLAG)
    changes: dict[str, Any] = {
        "risk_score": verdict.score,
        "risk_signals": [s.to_json() for s in verdict.signals],
    }
    # The card and device the friend paid with, for later "one card, many friends" checks.
    for column in ("device_hash", "payment_hash", "phone_hash"):
        if getattr(evidence, column) and not getattr(referral, column):
            changes[column] = getattr(evidence, column)
    if verdict.blocked:
        changes.update(status=ReferralStatus.REJECTED, rejected_at=now)
    elif verdict.outcome is Mode.FLAG and referral.review_status in (
        ReviewStatus.NONE,
        ReviewStatus.DISMISSED,
    ):
        changes["review_status"] = ReviewStatus.FLAGGED
    if fresh:
        await clusters.after_order(
            referral, advocate_id, verdict, fresh, settings, now, actor, conn, members
        )
    if changes["risk_signals"] == referral.risk_signals and len(changes) == 2:
        return False
    before = {"risk_score": referral.risk_score, "status": referral.status.value}
    await q.executor(conn).run(
        q.ORDER_RISK,
        [
            verdict.score, _json(changes["risk_signals"]),
            *(changes.get(c) for c in ("device_hash", "payment_hash", "phone_hash")),
            verdict.blocked, verdict.blocked, now,
            changes["review_status"].value if "review_status" in changes else None,
            referral.id,
        ],
    )  # fmt: skip
    referral.update_from_dict(changes)
    if verdict.blocked and before["status"] != ReferralStatus.REJECTED.value:
        await rollups.referral_rejected(conn, referral=referral)
    if not fresh and not verdict.blocked and "review_status" not in changes:
        return False  # only the order's identifiers were remembered
    await audit.record(
        actor=actor,
        action="referral.risk",
        target=referral,
        now=now,
        changes={
            "risk_score": [before["risk_score"], verdict.score],
            "status": [before["status"], referral.status.value],
            "rules": [None, [s.rule.value for s in fresh]],
        },
        using=conn,
    )
    if changes.get("review_status") is ReviewStatus.FLAGGED and not new:
        await rewards.flag_pending(referral_id=referral.id, now=now, actor=actor, conn=conn)
    if verdict.blocked:
        await rewards.void_for_fraud(
            referral_id=referral.id,
            note="Blocked by fraud controls.",
            now=now,
            actor=actor,
            conn=conn,
        )
    return verdict.blocked
