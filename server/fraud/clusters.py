"""Re-scoring a cluster: when a pattern shows (a burst, a farm, a ring, one card for many
people), the earlier referrals that form it get the same signal, naming the cluster, and are
scored again. Those that now reach the campaign's threshold are flagged, their unpaid rewards
flagged with them, and each change is audited. Members are flagged, never blocked after the
fact; a reviewer's decision (dismissed or confirmed) is not reopened."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.audit import appends
from server.audit import service as audit
from server.audit.service import Actor
from server.fraud import queries as q
from server.fraud import recent as recents
from server.fraud import scoring
from server.fraud.rules import CATALOGUE, Mode, ReviewStatus, RuleKey, Setting
from server.fraud.scoring import Signal, Verdict
from server.referrals.models import Referral
from server.rewards import service as rewards

K = RuleKey
# The risk_signals column's own encoder: the text is what Tortoise would have written.
_json = appends.json_encoder(Referral, "risk_signals")
MAX_MEMBERS = 300
# Groups whose members are told when one of them is flagged on other evidence...
GROUP_RULES = (K.NETWORK_CLUSTER, K.SEQUENTIAL_EMAILS, K.LOOKALIKE_NAMES)
# ... when that evidence is about a group too (one card for many friends, a burst), not about
# the advocate alone: an advocate caught self-referring from home does not flag housemates.
PROPAGATING = frozenset(
    {
        K.SHARED_EVIDENCE,
        K.SEQUENTIAL_EMAILS,
        K.LOOKALIKE_NAMES,
        K.REFERRAL_VELOCITY_HOUR,
        K.REFERRAL_VELOCITY_DAY,
        K.CONVERSION_VELOCITY_HOUR,
        K.FRIEND_MANY_ADVOCATES,
        K.DISPOSABLE_EMAIL,
    }
)


def member_signal(signal: Signal, cluster: str, mode: Mode) -> Signal:
    return Signal(
        signal.rule, signal.severity, mode, f"{signal.reason} Cluster: {cluster}.", signal.weight
    )


async def rescore(
    *,
    members: Mapping[RuleKey, list[int]],
    found: list[Signal],
    cluster: str,
    settings: Mapping[RuleKey, Setting],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> int:
    """Give each member the cluster signals that fired now; returns how many were flagged."""
    by_member: dict[int, list[Signal]] = {}
    for s in found:
        ids = members.get(s.rule, ())[:MAX_MEMBERS]
        if not ids:
            continue
        mode = Mode.FLAG if s.mode is Mode.BLOCK else s.mode  # members are never blocked
        told = member_signal(s, cluster, mode)  # one (immutable) signal every member shares
        for rid in ids:
            by_member.setdefault(rid, []).append(told)
    return await _apply(by_member, settings, now, actor, conn)


async def flag_group(
    *,
    members: Mapping[RuleKey, list[int]],
    flagged: list[Signal],
    referral_id: int | None,
    settings: Mapping[RuleKey, Setting],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    skip: frozenset[RuleKey] = frozenset(),
) -> int:
    """A flagged referral's group-mates (same network, address stem or look-alike name) learn
    that one of them was flagged on other evidence."""
    spec = CATALOGUE[K.CLUSTER_FLAGGED]
    if settings[K.CLUSTER_FLAGGED].mode is Mode.OFF:
        return 0
    who = f"referral #{referral_id}" if referral_id else "a new referral"
    rules = {s.rule for s in flagged if s.mode is not Mode.SHADOW}
    if not rules & PROPAGATING:
        return 0
    by_member: dict[int, list[Signal]] = {}
    for key in GROUP_RULES:
        if key not in rules or key in skip:
            continue  # not this referral's group, or its members were just re-scored for it
        ids = members.get(key, ())[:MAX_MEMBERS]
        if not ids:
            continue
        reason = f"{who} in its {key.value.replace('_', ' ')} group was flagged."
        sig = Signal(K.CLUSTER_FLAGGED, spec.severity, settings[K.CLUSTER_FLAGGED].mode, reason)
        for rid in ids:
            by_member.setdefault(rid, [sig])
    return await _apply(by_member, settings, now, actor, conn)


async def _apply(
    by_member: dict[int, list[Signal]],
    settings: Mapping[RuleKey, Setting],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> int:
    if not by_member:
        return 0
    # Most members already carry the cluster's signals: the database leaves those out, so
    # only the members that change are read, parsed and updated (together). Those are read
    # locked (PostgreSQL): a decision or signal committed meanwhile is in what is merged.
    ex = q.executor(conn)
    # `_value_`: a rule's text without the Enum `value` property's two calls (a burst's
    # members are hundreds of pairs).
    pairs = sorted({(rid, s.rule._value_) for rid, found in by_member.items() for s in found})
    rows = await ex.rows(q.MEMBERS_LACKING, q.member_rules(ex, pairs))
    updates: list[list[object]] = []
    audited: list[tuple[int, dict[str, Any]]] = []
    flagged: list[int] = []
    for row in rows:
        rid = int(row["id"])
        lacking = set(str(row["rules"]).split(","))
        new = [s for s in by_member[rid] if s.rule._value_ in lacking]
        old = [Signal.from_json(s) for s in q.as_json(row["risk_signals"])]
        merged = scoring.merge(old, new)
        decision = scoring.outcome(merged, settings)
        status = ReviewStatus(row["review_status"])
        flag = decision in (Mode.FLAG, Mode.BLOCK) and status is ReviewStatus.NONE
        after = scoring.score(merged)
        signals = _json([s.to_json() for s in merged])
        updates.append([after, signals, (ReviewStatus.FLAGGED if flag else status).value, rid])
        changes = {
            "risk_score": [int(row["risk_score"]), after],
            "rules": [None, [s.rule.value for s in new]],
            "cluster": [None, new[0].reason],
        }
        audited.append((rid, changes))
        if flag:
            flagged.append(rid)
    await ex.run_many(q.UPDATE_RISK, updates)
    await _audit_and_hold(audited, flagged, now, actor, conn)
    return len(flagged)


async def _audit_and_hold(
    audited: list[tuple[int, dict[str, Any]]],
    flagged: list[int],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> None:
    """The members' audit rows, in order, each newly flagged member's unpaid rewards flagged
    after its row (only those with rewards to look at are visited)."""
    held = set(flagged)
    if len(flagged) > 1:  # one statement tells which have rewards at all
        ex = q.executor(conn)
        rows = await ex.rows(q.UNFLAGGED_REWARDS, [q.ids(ex, flagged)])
        held = {int(r["referral_id"]) for r in rows}
    batch: list[tuple[int | str, dict[str, Any]]] = []
    for rid, changes in audited:
        batch.append((rid, changes))
        if rid in held:
            await _record(batch, now, actor, conn)
            batch = []
            await rewards.flag_pending(referral_id=rid, now=now, actor=actor, conn=conn)
    await _record(batch, now, actor, conn)


async def _record(
    batch: list[tuple[int | str, dict[str, Any]]],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> None:
    if batch:
        await audit.record_many(
            actor=actor, action="referral.risk", target_type="Referral", changes=batch,
            now=now, using=conn,
        )  # fmt: skip


async def after_referral(
    members: dict[RuleKey, list[int]],
    verdict: Verdict,
    settings: dict[RuleKey, Setting],
    cluster: str,
    now: datetime,
    actor: Actor | None,
    conn: BaseDBAsyncClient,
    referral_id: int | None = None,
) -> None:
    from server.audit.service import SYSTEM

    who = actor or SYSTEM
    grouped = [s for s in verdict.signals if s.rule in members and s.mode is not Mode.SHADOW]
    if grouped:
        await rescore(
            members=members,
            found=grouped,
            cluster=cluster,
            settings=settings,
            now=now,
            actor=who,
            conn=conn,
        )
    if verdict.outcome in (Mode.FLAG, Mode.BLOCK):
        await flag_group(
            members=members,
            flagged=verdict.signals,
            referral_id=referral_id,
            settings=settings,
            now=now,
            actor=who,
            conn=conn,
            skip=frozenset(s.rule for s in grouped),
        )


async def after_order(
    referral: Referral,
    advocate_id: int,
    verdict: Verdict,
    fresh: list[Signal],
    settings: dict[RuleKey, Setting],
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    members: dict[RuleKey, list[int]],
) -> None:
    """An order revealed a cluster (one card for many friends, a coupon hunter): re-score its
    members; and when the referral is now flagged, tell its network and look-alike groups."""
    grouped = [s for s in fresh if s.rule in members and s.mode is not Mode.SHADOW]
    cluster = f"order of referral #{referral.id}"
    if grouped:
        await rescore(
            members=members, found=grouped, cluster=cluster, settings=settings, now=now,
            actor=actor, conn=conn,
        )  # fmt: skip
    if verdict.outcome not in (Mode.FLAG, Mode.BLOCK):
        return
    recent = await recents.recent(
        advocate_id=advocate_id, test=referral.test, now=now,
        friend_email=referral.friend_email, friend_name=referral.friend_name,
        net_hash=referral.net_hash, conn=conn,
    )  # fmt: skip
    groups = {
        K.NETWORK_CLUSTER: [r for r in recent.network if r != referral.id],
        K.SEQUENTIAL_EMAILS: [r for r in recent.stem if r != referral.id],
        K.LOOKALIKE_NAMES: [r for r in recent.names if r != referral.id],
    }
    await flag_group(
        members=groups, flagged=verdict.signals, referral_id=referral.id, settings=settings,
        now=now, actor=actor, conn=conn,
    )  # fmt: skip
