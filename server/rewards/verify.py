"""`vouch verify-ledger`, second half: every reward against what created it.

Balances (service.verify_ledger) catch entries that do not add up. This catches rewards that
add up but should not exist, or that should exist and do not: each reward must have its issued
ledger entry and exactly one `reward.create` audit event (the audit log is append-only in the
database), belong to its conversion (same referral and campaign, its event key), name a rule
of a version that exists (for an order: the version in force when the order happened), and be
the only live reward for its (referral, event, rule). A `reward.create` event whose reward is
gone is a missing reward-plus-entry pair, unless resetTestData deleted it on purpose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from server.audit.models import AuditEvent
from server.referrals.models import Conversion
from server.referrals.rules import base_event_key
from server.rewards.models import LedgerEntry, LedgerKind, Reward, RewardRuleSet, RewardStatus


@dataclass(frozen=True, slots=True)
class Finding:
    reward_id: int
    problem: str


@dataclass(frozen=True, slots=True)
class _Version:
    created_at: datetime
    rule_keys: frozenset[str]


def _in_force(versions: dict[int, _Version], moment: datetime) -> int | None:
    eligible = [v for v, rs in versions.items() if rs.created_at <= moment]
    return max(eligible) if eligible else None


async def _versions() -> dict[int, dict[int, _Version]]:
    by_campaign: dict[int, dict[int, _Version]] = defaultdict(dict)
    for rs in await RewardRuleSet.all().values("campaign_id", "version", "created_at", "rules"):
        keys = frozenset(str(r.get("key")) for r in rs["rules"] if isinstance(r, dict))
        by_campaign[int(rs["campaign_id"])][int(rs["version"])] = _Version(rs["created_at"], keys)
    return by_campaign


async def _audited() -> tuple[Counter[int], set[int]]:
    """How many reward.create events name each reward id; ids resetTestData deleted."""
    created: Counter[int] = Counter()
    for target in await AuditEvent.filter(action="reward.create", target_type="Reward").values_list(
        "target_id", flat=True
    ):
        if str(target).isdigit():
            created[int(str(target))] += 1
    reset: set[int] = set()
    for diff in await AuditEvent.filter(action="campaign.test_data_reset").values_list(
        "diff", flat=True
    ):
        ids: object = diff.get("deleted.reward_ids", [[]])[0] if isinstance(diff, dict) else []
        reset.update(int(str(i)) for i in (ids if isinstance(ids, list) else []))
    return created, reset


async def verify_rewards() -> list[Finding]:
    rewards = await Reward.all().order_by("id")
    issued: Counter[int] = Counter(
        int(row["reward_id"])
        for row in await LedgerEntry.filter(
            kind=LedgerKind.ISSUED, reward_id__not_isnull=True
        ).values("reward_id")
    )
    conversions = {
        c.id: c
        for c in await Conversion.filter(
            id__in={r.conversion_id for r in rewards if r.conversion_id is not None}
        )
    }
    versions = await _versions()
    created, reset = await _audited()
    findings: list[Finding] = []
    live: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for r in rewards:
        found = findings.append
        if issued[r.id] != 1:
            found(Finding(r.id, f"has {issued[r.id]} issued ledger entries, not 1"))
        if created[r.id] != 1:
            found(Finding(r.id, f"has {created[r.id]} reward.create audit events, not 1"))
        event = base_event_key(r.event_key)
        version = versions.get(r.campaign_id, {}).get(r.rule_version)
        if version is None:
            found(Finding(r.id, f"names rule version {r.rule_version}, which does not exist"))
        elif r.rule_key not in version.rule_keys:
            found(Finding(r.id, f"names rule {r.rule_key!r}, not in version {r.rule_version}"))
        if r.conversion_id is None:
            if event != "signup":
                found(Finding(r.id, f"has event {event!r} but no conversion"))
        else:
            conversion = conversions.get(r.conversion_id)
            if conversion is None:  # foreign keys prevent this unless they were bypassed
                found(Finding(r.id, f"names conversion {r.conversion_id}, which does not exist"))
            elif (
                conversion.referral_id != r.referral_id
                or conversion.campaign_id != r.campaign_id
                or event != f"conversion:{conversion.id}"
            ):
                found(Finding(r.id, f"does not belong to conversion {conversion.id}"))
            elif _in_force(versions.get(r.campaign_id, {}), conversion.occurred_at) != (
                r.rule_version
            ):
                found(
                    Finding(
                        r.id,
                        f"used rule version {r.rule_version}, not the one in force at the order",
                    )
                )
        if r.status is not RewardStatus.VOIDED:
            live[(r.referral_id, event, r.rule_key)].append(r.id)
    for (_referral, event, rule), ids in live.items():
        for rid in ids[1:]:
            findings.append(Finding(rid, f"duplicates reward {ids[0]} ({event}, rule {rule!r})"))
    existing = {r.id for r in rewards}
    for rid in sorted(set(created) - existing - reset):
        findings.append(Finding(rid, "was created (audit log) but is missing with its entries"))
    return sorted(findings, key=lambda f: (f.reward_id, f.problem))
