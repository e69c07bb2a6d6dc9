from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.fraud.models import BlocklistEntry as BlocklistEntryModel
from server.fraud.rules import CATALOGUE, Setting
from server.fraud.scoring import Signal
from server.graphql.enums import BlockKind, Mode, ReviewStatus, RuleKey, Severity
from server.graphql.errors import node_id
from server.graphql.node import Entity
from server.referrals.models import Referral as ReferralModel


@strawberry.type(description="One fraud rule that fired, the mode it ran in and why.")
class FraudSignal:
    rule: RuleKey
    severity: Severity
    mode: Mode
    reason: str

    @classmethod
    def of(cls, s: Signal, *, blocklist_visible: bool = True) -> FraudSignal:
        """A blocklist hit's reason names the entry's pattern and its private note: only
        callers who may read the blocklist (`fraud:review`) see it, others the rule alone."""
        reason = s.reason
        if s.rule is RuleKey.BLOCKLIST and not blocklist_visible:
            reason = "on a blocklist"
        return cls(rule=s.rule, severity=s.severity, mode=s.mode, reason=reason)


@strawberry.type
class ReferralRisk:
    score: int = strawberry.field(description="0-100, combined from the signals' severities.")
    signals: list[FraudSignal]
    review_status: ReviewStatus
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str

    @classmethod
    def of(cls, m: ReferralModel, *, blocklist_visible: bool = True) -> ReferralRisk:
        return cls(
            score=m.risk_score,
            signals=[
                FraudSignal.of(Signal.from_json(s), blocklist_visible=blocklist_visible)
                for s in m.risk_signals
            ],
            review_status=m.review_status,
            reviewed_by=m.reviewed_by,
            reviewed_at=m.reviewed_at,
            review_note=m.review_note,
        )


@strawberry.type(description="How one fraud rule runs in a campaign.")
class FraudRuleSetting:
    rule: RuleKey
    severity: Severity
    mode: Mode
    default_mode: Mode
    threshold: int | None
    threshold_meaning: str | None
    fires_when: str
    configured: bool = strawberry.field(description="False when the default applies.")

    @classmethod
    def of(cls, key: RuleKey, setting: Setting, configured: bool) -> FraudRuleSetting:
        spec = CATALOGUE[key]
        return cls(
            rule=key,
            severity=spec.severity,
            mode=setting.mode,
            default_mode=spec.default_mode,
            threshold=setting.threshold,
            threshold_meaning=spec.threshold_meaning or None,
            fires_when=spec.fires_when.format(threshold=setting.threshold),
            configured=configured,
        )


@strawberry.type
class BlocklistEntry(Entity):
    node_model: ClassVar[type[Model]] = BlocklistEntryModel
    node_permission: ClassVar[Permission] = Permission.FRAUD_REVIEW
    id: relay.NodeID[int]
    kind: BlockKind
    pattern: str = strawberry.field(
        description="Email pattern (`*` wildcards), domain, keyed IP hash or advocate id."
    )
    reason: str
    created_by: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: BlocklistEntryModel) -> BlocklistEntry:
        return cls(
            id=m.id,
            kind=m.kind,
            pattern=(
                node_id("Advocate", int(m.pattern)) if m.kind is BlockKind.ADVOCATE else m.pattern
            ),
            reason=m.reason,
            created_by=m.created_by,
            created_at=m.created_at,
        )
