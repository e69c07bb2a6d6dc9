"""Random sequences of purchases, refunds, holds, approvals, payouts, self-referrals, blocked
friends and fraud reviews keep the books straight under random per-advocate caps, campaign budgets
and advocate tiers: caps and budget are never exceeded, nothing is owed for a blocked referral.

Hypothesis draws the programs (derandomised, so CI is reproducible); each is replayed on an
empty database through the services, then the invariants are checked."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.accounts import service as accounts
from server.accounts.models import Role
from server.accounts.passwords import Passwords
from server.accounts.viewer import ANONYMOUS, Viewer
from server.advocates import service as advocates
from server.audit.service import CLI
from server.campaigns import service as campaigns
from server.campaigns.models import CampaignStatus
from server.campaigns.service import CampaignChanges
from server.clock import FrozenClock
from server.demo import DEMO_RULES
from server.errors import DomainError
from server.fraud import service as fraud
from server.fraud.rules import BlockKind
from server.identity import canonical_email
from server.referrals import service as referrals
from server.referrals.models import Conversion, ConversionStatus, Referral, ReferralStatus
from server.referrals.service import FriendRef, Order
from server.rewards import rules
from server.rewards import service as rewards
from server.rewards.models import (
    CapPeriod,
    LedgerEntry,
    LedgerKind,
    Reward,
    RewardRecipient,
    RewardStatus,
)
from server.rewards.rules import Limits, Policy, Tier
from server.rewards.verify import verify_rewards
from tests.conftest import START

# The demo's own configuration (fixed, double-sided and capped percentage), with advocate tiers.
RULES = [
    replace(r, tiers=(Tier(1, fixed_amount=1500), Tier(3, fixed_amount=2000)))
    if r.key == "advocate"
    else r
    for r in DEMO_RULES
]
CAP = max(r.max_amount or 0 for r in RULES)
POLICY = Policy(auto_approve_max=1200, four_eyes_above=2500)
ADVOCATES = ["ada@example.com", "ken@example.com", "mia.lee@gmail.com"]
BLOCKED_DOMAIN = "blocked.example"


def _disguised(email: str, how: int) -> str:
    """The advocate's own address as a friend might type it: the same inbox throughout."""
    local, _, domain = email.partition("@")
    if how == 1:
        return email.upper()
    if how == 2 and domain == "gmail.com":
        return f"{local.replace('.', '')}+promo@googlemail.com"
    return email


buy = st.tuples(st.just("buy"), st.integers(0, 2), st.integers(0, 4), st.integers(100, 60000))
# Half the steps are purchases, so advocates reach tiers, caps and the budget.
others = st.one_of(
    st.tuples(st.just("self"), st.integers(0, 2), st.integers(0, 2), st.integers(100, 9000)),
    st.tuples(st.just("selfid"), st.integers(0, 2), st.just(0), st.integers(100, 9000)),
    st.tuples(st.just("spam"), st.integers(0, 2), st.integers(0, 4), st.integers(100, 9000)),
    st.tuples(st.just("confirm"), st.integers(0, 9), st.just(0), st.just(0)),
    st.tuples(st.just("refund"), st.integers(0, 9), st.integers(1, 100), st.just(0)),
    st.tuples(st.just("tick"), st.integers(1, 240), st.just(0), st.just(0)),
    st.tuples(st.just("approve"), st.integers(0, 9), st.integers(0, 1), st.just(0)),
    st.tuples(st.just("fulfil"), st.integers(0, 9), st.just(0), st.just(0)),
    st.tuples(st.just("reject"), st.integers(0, 9), st.just(0), st.just(0)),
    st.tuples(st.just("unapprove"), st.integers(0, 9), st.just(0), st.just(0)),
)
operation = st.booleans().flatmap(lambda purchase: buy if purchase else others)
limits_strategy = st.builds(
    lambda period, count, amount, budget, pause: Limits(
        cap_period=period,
        cap_count=count,
        cap_amount=amount,
        budget=budget,
        pause_campaign_on_budget=pause and budget is not None,
    ),
    st.sampled_from(list(CapPeriod)),
    st.none() | st.integers(1, 4),
    st.none() | st.integers(500, 6000),
    st.none() | st.integers(1000, 15000),
    st.booleans(),
)
Program = list[tuple[str, int, int, int]]
PROGRAMS: list[tuple[Limits, Program]] = []


@settings(max_examples=40, derandomize=True, database=None, deadline=None)
@given(limits_strategy, st.lists(operation, min_size=5, max_size=30))
def _collect(limits: Limits, program: Program) -> None:
    PROGRAMS.append((limits, program))


_collect()


async def _replay(limits: Limits, program: Program, clock: FrozenClock) -> dict[str, int]:
    c = await campaigns.create(
        changes=CampaignChanges(name="P", slug="p", landing_url="https://shop.example.com"),
        default_currency="USD",
        actor=CLI,
        clock=clock,
    )
    await campaigns.transition(
        campaign_id=c.id, target=CampaignStatus.ACTIVE, actor=CLI, clock=clock
    )
    await rewards.set_rules(
        campaign_id=c.id,
        rules_=RULES,
        policy=POLICY,
        limits=limits,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=clock,
    )
    links = [
        (
            await advocates.enroll(
                campaign_id=c.id,
                email=email,
                name="A",
                external_id=f"cust-{i}",
                vanity_code=None,
                actor=CLI,
                clock=clock,
            )
        ).link
        for i, email in enumerate(ADVOCATES)
    ]
    await fraud.add_block(
        kind=BlockKind.DOMAIN, value=BLOCKED_DOMAIN, reason="", hash_ip=str, actor=CLI, clock=clock
    )
    cheap = Passwords(cheap=True)
    approvers = [
        Viewer.for_user(
            (
                await accounts.create_user(
                    email=f"boss{i}@example.com",
                    name="Boss",
                    role=Role.ADMIN,
                    password="tidal-lantern-9-orbit",
                    passwords=cheap,
                    actor=CLI,
                    clock=clock,
                )
            ).user
        )
        for i in range(2)
    ]
    clock.advance(timedelta(days=2))  # past the rule-change cooldown for everyone
    orders: list[int] = []
    outcomes: Counter[str] = Counter()
    for step, (op, a, b, n) in enumerate(program):
        reward_ids = [r.id for r in await Reward.all().order_by("id")]
        try:
            if op in ("buy", "self", "selfid", "spam"):
                friend = {
                    "buy": FriendRef(email=f"friend{b}@example.org"),
                    "self": FriendRef(email=_disguised(ADVOCATES[a], b)),
                    "selfid": FriendRef(external_id=f"cust-{a}"),
                    "spam": FriendRef(email=f"friend{b}@{BLOCKED_DOMAIN}"),
                }[op]
                done = await referrals.record_conversion(
                    ref=replace(friend, referral_code=links[a].code, campaign_id=c.id),
                    order=Order(f"o-{step}", n, "USD", None),
                    idempotency_key=f"key-{step:04d}",
                    actor=CLI,
                    clock=clock,
                )
                orders.append(done.conversion.id)
            elif op == "refund" and orders:
                conv = await Conversion.get(id=orders[a % len(orders)])
                amount = max(1, (conv.amount - conv.refunded_amount) * b // 100)
                await referrals.record_refund(
                    conversion_id=conv.id,
                    amount=amount,
                    reason="",
                    idempotency_key=f"refund-{step:04d}",
                    actor=CLI,
                    clock=clock,
                )
            elif op == "confirm":
                referral_ids = [r.id for r in await Referral.all().order_by("id")]
                if referral_ids:
                    await fraud.confirm_fraud(
                        referral_id=referral_ids[a % len(referral_ids)],
                        note="",
                        actor=CLI,
                        clock=clock,
                    )
            elif op == "tick":
                clock.advance(timedelta(hours=a))
                await rewards.release_holds(clock=clock, actor=CLI)
            elif reward_ids:
                rid = reward_ids[a % len(reward_ids)]
                if op == "approve":
                    await rewards.approve(
                        reward_id=rid, viewer=approvers[b], actor=CLI, clock=clock
                    )
                elif op == "fulfil":
                    await rewards.fulfill(
                        reward_id=rid, external_reference="p", actor=CLI, clock=clock
                    )
                elif op == "reject":
                    await rewards.reject(
                        reward_id=rid,
                        reason="other",
                        note="",
                        viewer=ANONYMOUS,
                        actor=CLI,
                        clock=clock,
                    )
                elif op == "unapprove":
                    await rewards.unapprove(reward_id=rid, actor=CLI, clock=clock)
            outcomes[f"{op}:ok"] += 1
        except DomainError as exc:
            outcomes[f"{op}:{exc.code.value}"] += 1
        await _check_limits(limits)
    return dict(outcomes)


async def _check_limits(limits: Limits) -> None:
    """What counts (not voided or rejected) never exceeds a cap or the budget, at any step."""
    counted = await Reward.filter(status__in=rewards.COUNTED)
    if limits.budget is not None:
        assert sum(r.amount for r in counted) <= limits.budget
    per_period: dict[tuple[int, datetime | None], list[int]] = {}
    for r in counted:
        if r.recipient is RewardRecipient.ADVOCATE:
            assert r.advocate_id is not None
            start = rules.period_start(limits.cap_period, r.created_at)
            per_period.setdefault((r.advocate_id, start), []).append(r.amount)
    for amounts in per_period.values():
        assert limits.cap_count is None or len(amounts) <= limits.cap_count
        assert limits.cap_amount is None or sum(amounts) <= limits.cap_amount


async def _check_invariants() -> None:
    assert await rewards.verify_ledger() == []
    assert await verify_rewards() == []
    all_rewards = await Reward.all()
    entries = await LedgerEntry.all()
    by_reward: dict[int, list[LedgerEntry]] = {}
    for e in entries:
        assert e.reward_id is not None
        by_reward.setdefault(e.reward_id, []).append(e)
    per_rule: Counter[tuple[int, str]] = Counter()
    for r in all_rewards:
        # Each reward is issued exactly once and its entries add up to what its state implies.
        mine = by_reward.get(r.id, [])
        assert [e.kind for e in mine].count(LedgerKind.ISSUED) == 1
        assert sum(e.amount for e in mine) == rules.expected_balance(
            r.status, r.amount, r.paid_amount
        )
        # No reward without a qualifying conversion; a fully refunded order owes nothing.
        assert r.conversion_id is not None
        conv = await Conversion.get(id=r.conversion_id)
        assert conv.referral_id == r.referral_id
        if conv.status is ConversionStatus.REFUNDED:
            assert r.status not in rules.OWED
        # Never to a self-referral: advocates' own emails never appear as friends.
        if r.recipient is RewardRecipient.FRIEND:
            referral = await conv.referral
            assert referral.friend_email not in ADVOCATES
        per_rule[(r.referral_id, r.rule_key)] += 1
        assert r.amount <= CAP or r.rule_key == "advocate"
    # Limits per friend: first-purchase rules once, the percentage at most three times.
    for (_referral, key), count in per_rule.items():
        assert count <= (3 if key == "big-order" else 1), (key, count)
    # Each conversion rewards each rule at most once.
    assert len({(r.conversion_id, r.rule_key) for r in all_rewards}) == len(all_rewards)
    statuses = {r.status for r in all_rewards}
    assert statuses <= set(RewardStatus)
    # Nothing is owed, nor kept, for a rejected referral; a blocked one never earned anything.
    for referral in await Referral.all().prefetch_related("link__advocate"):
        earned = [r for r in all_rewards if r.referral_id == referral.id]
        advocate = referral.link.advocate
        own_inbox = referral.friend_email is not None and canonical_email(
            referral.friend_email
        ) == canonical_email(advocate.email)
        own_id = referral.friend_external_id is not None and (
            referral.friend_external_id == advocate.external_id
        )
        blocked = (referral.friend_email or "").endswith("@" + BLOCKED_DOMAIN)
        if own_inbox or own_id or blocked:
            assert referral.status is ReferralStatus.REJECTED
            assert earned == [], (referral.friend_email, earned)
        if referral.status is ReferralStatus.REJECTED:
            assert not [r for r in earned if r.status in (*rules.OWED, RewardStatus.FULFILLED)]


@pytest.mark.parametrize("index", range(len(PROGRAMS)))
async def test_ledger_invariants_hold(clean: None, index: int) -> None:
    clock = FrozenClock(START)
    limits, program = PROGRAMS[index]
    outcomes: Any = await _replay(limits, program, clock)
    await _check_invariants()
    assert sum(outcomes.values()) == len(program)
    SEEN[index] = set(outcomes)
    # A self-referral or a blocked friend is refused, never recorded.
    assert not {f"{op}:ok" for op in ("self", "selfid", "spam")} & set(outcomes)


SEEN: dict[int, set[str]] = {}


def test_the_money_paths_really_ran() -> None:
    """Invariants that hold because nothing happened prove nothing: across the programs,
    rewards were approved, paid out, refunded and rejected for real."""
    if len(SEEN) < len(PROGRAMS):
        pytest.skip("runs after every program (the whole module)")
    succeeded = set().union(*SEEN.values())
    for op in ("buy", "approve", "fulfil", "refund", "reject", "unapprove", "confirm"):
        assert f"{op}:ok" in succeeded, (op, sorted(succeeded))


def test_the_programs_exercise_fraud_paths() -> None:
    ops = Counter(op for _limits, program in PROGRAMS for op, *_ in program)
    assert all(ops[op] > 0 for op in ("self", "selfid", "spam", "confirm")), ops
