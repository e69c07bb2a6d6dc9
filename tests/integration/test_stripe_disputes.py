"""Chargebacks through the real Stripe endpoint: an open dispute makes the order's unpaid
rewards wait for a person, a lost one takes the disputed money back exactly once (re-sent,
out of order, twice at once), a won one leaves the decision to a person."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.jobs import run_due
from server.referrals.models import Conversion, ConversionStatus, Refund
from server.rewards.models import Reward, RewardStatus
from server.rewards.service import verify_ledger
from tests import provider_events as pe
from tests.conftest import START, gql
from tests.factories import CASH_PER_FIRST_PURCHASE, click, enroll, live_campaign

SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""


async def _setup(client: httpx.AsyncClient) -> str:
    """A campaign paying $10 per friend's first order after a 30-day hold, approved by the
    policy; Stripe configured; Ada's share code."""
    cid = await live_campaign(client)
    rules = {"campaignId": cid, "autoApproveMax": 100_000,
             "rules": [{**CASH_PER_FIRST_PURCHASE, "holdDays": 30}]}  # fmt: skip
    made = await gql(client, SET_RULES, input=rules)
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    configured = await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    assert configured["__typename"] == "Integration", configured
    return str((await enroll(client, cid, "ada@example.com"))["code"])


async def _order(client: httpx.AsyncClient, code: str, pi: str, email: str) -> Reward:
    """A referred friend's $50 order through Stripe: its $10 reward, on hold."""
    session = pe.checkout_session(
        client_reference_id=await click(client, code), payment_intent=pi, email=email
    )
    done = await pe.post_stripe(
        client, pe.stripe_event("checkout.session.completed", session, START)
    )
    assert done.json()["status"] == "processed", done.text
    conversion = await Conversion.get(external_order_id=pi)
    reward = await Reward.get(conversion_id=conversion.id)
    assert (reward.status, reward.flagged) == (RewardStatus.PENDING, False)
    return reward


async def _dispute(
    client: httpx.AsyncClient, kind: str, pi: str, status: str, dispute_id: str = "dp_1"
) -> httpx.Response:
    obj = pe.dispute(dispute_id=dispute_id, payment_intent=pi, amount=5000, status=status)
    return await pe.post_stripe(client, pe.stripe_event(f"charge.dispute.{kind}", obj, START))


async def test_an_open_dispute_holds_the_rewards_and_a_lost_one_takes_them_back(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    code = await _setup(client)
    reward = await _order(client, code, "pi_disputed_1", "bob@example.org")
    opened = await _dispute(client, "created", "pi_disputed_1", "needs_response")
    assert opened.json()["status"] == "processed", opened.text
    assert (await Reward.get(id=reward.id)).flagged is True
    # Stripe's further events on the same dispute: nothing more, one entry on the record.
    for kind, status in (("funds_withdrawn", "needs_response"), ("updated", "under_review")):
        assert (await _dispute(client, kind, "pi_disputed_1", status)).status_code == 200
    assert await AuditEvent.filter(action="conversion.dispute").count() == 1
    # The hold ends while the dispute is open: the reward waits for a person, not approved.
    clock.advance(timedelta(days=31))
    await run_due(clock=clock)
    assert (await Reward.get(id=reward.id)).status is RewardStatus.AWAITING_APPROVAL

    # Lost: the disputed amount is refunded, the unpaid reward voided; sent again (and twice
    # at once), nothing more.
    lost = await _dispute(client, "closed", "pi_disputed_1", "lost")
    assert lost.json()["status"] == "processed", lost.text
    again = await asyncio.gather(
        *(_dispute(client, "closed", "pi_disputed_1", "lost") for _ in range(2))
    )
    assert {a.json()["status"] for a in again} == {"ignored"}
    conversion = await Conversion.get(external_order_id="pi_disputed_1")
    assert (conversion.refunded_amount, conversion.status) == (5000, ConversionStatus.REFUNDED)
    assert await Refund.all().count() == 1
    assert (await Reward.get(id=reward.id)).status is RewardStatus.VOIDED
    assert await verify_ledger() == []


async def test_a_won_dispute_leaves_the_reward_to_a_person(client: httpx.AsyncClient) -> None:
    code = await _setup(client)
    reward = await _order(client, code, "pi_disputed_2", "carol@example.org")
    assert (await _dispute(client, "created", "pi_disputed_2", "warning_needs_response")).json()[
        "status"
    ] == "processed"
    won = await _dispute(client, "closed", "pi_disputed_2", "won")
    assert won.json()["status"] == "ignored"
    after = await Reward.get(id=reward.id)
    assert (after.status, after.flagged) == (RewardStatus.PENDING, True)
    assert await Refund.all().count() == 0


async def test_a_lost_dispute_twice_at_once_refunds_once(client: httpx.AsyncClient) -> None:
    """Two deliveries (distinct events) of the same lost dispute race: one refund."""
    code = await _setup(client)
    reward = await _order(client, code, "pi_disputed_3", "dan@example.org")
    answers = await asyncio.gather(
        *(_dispute(client, "closed", "pi_disputed_3", "lost", "dp_3") for _ in range(4))
    )
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert await Refund.all().count() == 1
    assert (await Reward.get(id=reward.id)).status is RewardStatus.VOIDED
    assert await verify_ledger() == []


async def test_a_dispute_before_its_order_waits_for_it(client: httpx.AsyncClient) -> None:
    code = await _setup(client)
    early = await _dispute(client, "created", "pi_disputed_4", "needs_response")
    assert early.json()["status"] == "deferred", early.text
    session = pe.checkout_session(
        client_reference_id=await click(client, code), payment_intent="pi_disputed_4"
    )
    await pe.post_stripe(client, pe.stripe_event("checkout.session.completed", session, START))
    conversion = await Conversion.get(external_order_id="pi_disputed_4")
    reward = await Reward.get(conversion_id=conversion.id)
    assert (reward.status, reward.flagged) == (RewardStatus.PENDING, True)
    assert await AuditEvent.filter(action="conversion.dispute").count() == 1
