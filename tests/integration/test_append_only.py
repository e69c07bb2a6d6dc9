"""The ledger and the audit log are append-only in the database itself; verify-ledger checks
every reward against the conversion and rule version that created it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.audit.erasure import pseudonymise
from server.audit.models import AuditErasure, AuditEvent
from server.audit.service import CLI
from server.clock import FrozenClock
from server.notifications.models import Notification
from server.rewards.models import LedgerEntry, LedgerKind, Reward, RewardRuleSet
from server.rewards.service import verify_ledger
from server.rewards.verify import verify_rewards
from server.settings import Settings
from tests.conftest import START, gql
from tests.factories import convert, enroll, live_campaign
from tests.ids import gid
from tests.integration.test_rewards import SET_RULES, advocate_rule
from tests.integration.test_test_mode import RESET
from tests.tampering import triggers_off

REFUSED = (IntegrityError, OperationalError)


async def _rewarded(client: httpx.AsyncClient, orders: int = 2) -> list[Reward]:
    cid = await live_campaign(client)
    made = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [advocate_rule(trigger="EVERY_PURCHASE")]},
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion"
    link = await enroll(client, cid, "ada@example.com")
    for i in range(orders):
        await convert(
            client,
            f"ao-key-{i:04}",
            f"o-{i}",
            4000,
            referralCode=link["code"],
            email=f"friend{i}@example.org",
        )
    rewards = await Reward.all().order_by("id")
    assert len(rewards) == orders
    return rewards


async def test_ledger_rows_cannot_be_changed_or_deleted(client: httpx.AsyncClient) -> None:
    await _rewarded(client, orders=1)
    entry = await LedgerEntry.get(kind=LedgerKind.ISSUED)
    with pytest.raises(REFUSED, match="append-only"):
        await LedgerEntry.filter(id=entry.id).update(amount=1)
    with pytest.raises(REFUSED, match="append-only"):
        await LedgerEntry.filter(id=entry.id).delete()
    assert (await LedgerEntry.get(id=entry.id)).amount == entry.amount
    # Test-mode rows are no money: resetTestData may delete them.
    sandbox = await LedgerEntry.create(
        kind=LedgerKind.ISSUED, amount=5, currency="USD", test=True, created_at=START
    )
    assert await LedgerEntry.filter(id=sandbox.id).delete() == 1


async def test_audit_rows_cannot_be_changed_or_deleted(client: httpx.AsyncClient) -> None:
    event = await AuditEvent.filter(action="auth.login").first() or await AuditEvent.first()
    assert event is not None
    with pytest.raises(REFUSED, match="append-only"):
        await AuditEvent.filter(id=event.id).update(action="nothing.happened")
    with pytest.raises(REFUSED, match="append-only"):
        await AuditEvent.filter(id=event.id).update(ip_hash=None)
    with pytest.raises(REFUSED, match="append-only"):
        await AuditEvent.filter(id=event.id).delete()


async def test_pseudonymising_is_the_one_audited_exception(client: httpx.AsyncClient) -> None:
    await _rewarded(client, orders=1)
    enrolled = [e.id for e in await AuditEvent.all() if "ada@example.com" in str(e.diff)]
    assert enrolled
    before = {e.id: e for e in await AuditEvent.filter(id__in=enrolled)}
    done = await pseudonymise(
        event_ids=list(enrolled),
        secrets=["ada@example.com"],
        pseudonym="erased-1",
        actor_id=None,
        reason="GDPR request 42",
        actor=CLI,
        now=START,
    )
    assert done.events == len(enrolled)
    for e in await AuditEvent.filter(id__in=enrolled):
        assert "ada@example.com" not in str(e.diff) and "erased-1" in str(e.diff)
        assert e.ip_hash is None
        old = before[e.id]
        assert (e.action, e.target_type, e.target_id, e.created_at) == (
            old.action,
            old.target_type,
            old.target_id,
            old.created_at,
        )
    erasure = await AuditErasure.get(id=done.erasure.id)
    assert erasure.finished_at is not None and erasure.events == len(enrolled)
    assert await AuditEvent.filter(action="audit.pseudonymise", target_id=str(erasure.id)).exists()
    # Closed again: no further rewrites. And even during an erasure, what happened is fixed
    # and money is untouchable.
    with pytest.raises(REFUSED, match="append-only"):
        await AuditEvent.filter(id=enrolled[0]).update(ip_hash="x")
    entry = await LedgerEntry.first()
    assert entry is not None
    with pytest.raises(REFUSED, match="append-only"):
        await _during_an_erasure(AuditEvent.filter(id=enrolled[0]), action="x.y")
    with pytest.raises(REFUSED, match="append-only"):
        await _during_an_erasure(LedgerEntry.filter(id=entry.id), amount=0)


async def _during_an_erasure(rows: QuerySet[Any], **values: object) -> None:
    async with in_transaction() as conn:
        await AuditErasure.create(reason="probe", started_at=START, using_db=conn)
        await rows.using_db(conn).update(**values)


async def test_verify_ledger_finds_a_missing_reward_and_entry_pair(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    rewards = await _rewarded(client)
    assert await verify_rewards() == []
    gone = rewards[1]
    async with triggers_off(settings):
        await LedgerEntry.filter(reward_id=gone.id).delete()
        await Notification.filter(reward_id=gone.id).delete()
        await Reward.filter(id=gone.id).delete()
    assert await verify_ledger() == []  # the balances still agree: only this check sees it
    findings = await verify_rewards()
    assert [(f.reward_id, f.problem) for f in findings] == [
        (gone.id, "was created (audit log) but is missing with its entries")
    ]


async def test_verify_ledger_finds_a_duplicated_pair(client: httpx.AsyncClient) -> None:
    rewards = await _rewarded(client)
    original = rewards[0]
    copy = await Reward.create(
        **{
            k: getattr(original, k)
            for k in (
                "campaign_id",
                "referral_id",
                "conversion_id",
                "recipient",
                "advocate_id",
                "rule_key",
                "rule_version",
                "kind",
                "amount",
                "currency",
                "status",
                "created_at",
                "updated_at",
            )
        },
        event_key=f"{original.event_key}#9",
    )
    await LedgerEntry.create(
        reward_id=copy.id,
        advocate_id=copy.advocate_id,
        kind=LedgerKind.ISSUED,
        amount=copy.amount,
        currency="USD",
        created_at=START,
    )
    assert await verify_ledger() == []
    problems = {(f.reward_id, f.problem) for f in await verify_rewards()}
    assert (
        copy.id,
        f"duplicates reward {original.id} ({original.event_key}, rule 'give')",
    ) in problems
    assert (copy.id, "has 0 reward.create audit events, not 1") in problems


async def test_verify_ledger_checks_the_rule_version_in_force(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    rewards = await _rewarded(client, orders=1)
    clock.advance(timedelta(days=1))
    made = await gql(
        client,
        SET_RULES,
        input={
            "campaignId": gid("Campaign", rewards[0].campaign_id),
            "rules": [advocate_rule(fixedAmount=9000)],
        },
    )
    assert made["setRewardRules"]["version"] == 2
    assert await RewardRuleSet.filter(campaign_id=rewards[0].campaign_id).count() == 2
    await Reward.filter(id=rewards[0].id).update(rule_version=2)
    assert [(f.reward_id, f.problem) for f in await verify_rewards()] == [
        (rewards[0].id, "used rule version 2, not the one in force at the order")
    ]
    await Reward.filter(id=rewards[0].id).update(rule_version=1, rule_key="nope")
    assert [f.problem for f in await verify_rewards()] == ["names rule 'nope', not in version 1"]


async def test_rewards_deleted_by_a_test_data_reset_are_not_missing(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client, testMode=True, slug="rehearsal")
    await gql(client, SET_RULES, input={"campaignId": cid, "rules": [advocate_rule()]})
    link = await enroll(client, cid, "ada@rehearsal.example.com")
    await convert(
        client, "reh-key-0001", "o-1", 4000, referralCode=link["code"], email="bob@example.org"
    )
    assert await Reward.all().count() == 1
    reset = await gql(client, RESET, id=cid)
    assert reset["resetTestData"]["__typename"] == "TestDataReset"
    assert await Reward.all().count() == 0
    assert await verify_rewards() == []
