"""Stripe's `charge.succeeded` gives an order its card fingerprint (a checkout session does
not carry it): hashed on receipt, attached to the order's referral and screened again, in
either order of arrival. Through the signed webhook endpoint."""

from __future__ import annotations

from typing import Any

import httpx

from server.fraud.evidence import RawEvidence, hash_evidence
from server.integrations.models import IntegrationEvent
from server.referrals.models import Conversion, Referral
from server.rewards.models import Reward
from server.settings import Settings
from tests import provider_events as pe
from tests.conftest import START, gql
from tests.factories import CASH_PER_FIRST_PURCHASE as GIVE
from tests.factories import click, enroll, live_campaign

CARD = "Xt5EWLLDS7FJjR1c"
OTHER_CARD = "Qm7PLkd02fGHa9Zr"
REWARD_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code field message } } }"""


def _charge(payment_intent: str, card: str) -> dict[str, Any]:
    return {
        "id": "ch_" + payment_intent.removeprefix("pi_"),
        "object": "charge",
        "amount": 5000,
        "currency": "usd",
        "paid": True,
        "status": "succeeded",
        "payment_intent": payment_intent,
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "fingerprint": card}},
        "billing_details": {"name": "Bob Friend", "email": "bob@example.org", "phone": None},
    }


async def _setup(client: httpx.AsyncClient) -> dict[str, Any]:
    cid = await live_campaign(client)
    made = await gql(
        client, REWARD_RULES, input={"campaignId": cid, "rules": [GIVE], "autoApproveMax": 5000}
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    ada = await enroll(client, cid, "ada@example.com", paymentFingerprint=CARD)
    done = await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    assert done["__typename"] == "Integration", done
    return ada


async def _post(client: httpx.AsyncClient, kind: str, obj: dict[str, Any], evt: str) -> str:
    done = await pe.post_stripe(client, pe.stripe_event(kind, obj, START, event_id=evt))
    assert done.status_code == 200, done.text
    status: str = done.json()["status"]
    return status


async def _checkout(client: httpx.AsyncClient, code: str, email: str, pi: str, evt: str) -> str:
    vt = await click(client, code)
    session = pe.checkout_session(client_reference_id=vt, email=email, payment_intent=pi)
    return await _post(client, "checkout.session.completed", session, evt)


async def _referral(order_id: str) -> Referral:
    conversion = await Conversion.get(external_order_id=order_id)
    return await Referral.get(id=conversion.referral_id)


async def test_the_advocate_s_card_after_the_checkout_flags_the_order(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    ada = await _setup(client)
    assert await _checkout(client, ada["code"], "bob@example.org", "pi_bob1", "evt_co1") == (
        "processed"
    )
    referral = await _referral("pi_bob1")
    assert (referral.risk_signals, referral.payment_hash) == ([], None)
    reward = await Reward.get(referral_id=referral.id)
    assert not reward.flagged
    assert await _post(client, "charge.succeeded", _charge("pi_bob1", CARD), "evt_ch1") == (
        "processed"
    )
    referral = await _referral("pi_bob1")
    assert [s["rule"] for s in referral.risk_signals] == ["self_referral_evidence"]
    assert referral.review_status.value == "flagged"
    expected = hash_evidence(settings, RawEvidence(payment_fingerprint=CARD)).payment_hash
    assert referral.payment_hash == expected
    assert (await Reward.get(id=reward.id)).flagged
    # The same charge again (another event id, as Stripe may resend): nothing changes.
    await _post(client, "charge.succeeded", _charge("pi_bob1", CARD), "evt_ch1b")
    assert (await _referral("pi_bob1")).risk_signals == referral.risk_signals


async def test_a_charge_before_its_checkout_waits_without_the_raw_card(
    client: httpx.AsyncClient,
) -> None:
    ada = await _setup(client)
    status = await _post(client, "charge.succeeded", _charge("pi_bob2", CARD), "evt_ch2")
    assert status == "deferred"
    waiting = await IntegrationEvent.get(event_id="evt_ch2")
    assert waiting.waiting_for == "order:pi_bob2"
    assert CARD not in str(waiting.payload) and "Bob Friend" not in str(waiting.payload)
    assert await _checkout(client, ada["code"], "bob@example.org", "pi_bob2", "evt_co2") == (
        "processed"
    )
    referral = await _referral("pi_bob2")
    assert [s["rule"] for s in referral.risk_signals] == ["self_referral_evidence"]
    assert referral.review_status.value == "flagged"
    done = await IntegrationEvent.get(event_id="evt_ch2")
    assert (done.status.value, done.payload) == ("processed", None)


async def test_one_card_paying_for_two_friends_flags_both(client: httpx.AsyncClient) -> None:
    ada = await _setup(client)
    cid2 = await live_campaign(client, slug="other-shop")
    cy = await enroll(client, cid2, "cy@example.com")
    await _checkout(client, ada["code"], "bob@example.org", "pi_bob3", "evt_co3")
    await _post(client, "charge.succeeded", _charge("pi_bob3", OTHER_CARD), "evt_ch3")
    assert (await _referral("pi_bob3")).risk_signals == []  # one person on the card so far
    await _post(client, "charge.succeeded", _charge("pi_dan3", OTHER_CARD), "evt_ch4")
    await _checkout(client, cy["code"], "dan@example.net", "pi_dan3", "evt_co4")
    dan, bob = await _referral("pi_dan3"), await _referral("pi_bob3")
    assert [s["rule"] for s in dan.risk_signals] == ["shared_evidence"]
    assert [s["rule"] for s in bob.risk_signals] == ["shared_evidence"]
    assert (dan.review_status.value, bob.review_status.value) == ("flagged", "flagged")
    assert "Cluster:" in bob.risk_signals[0]["reason"]


async def test_a_charge_of_no_order_stays_waiting(client: httpx.AsyncClient) -> None:
    await _setup(client)
    charge = _charge("pi_shop9", CARD)
    assert await _post(client, "charge.succeeded", charge, "evt_ch9") == "deferred"
    del charge["payment_method_details"]
    assert await _post(client, "charge.succeeded", charge, "evt_ch10") == "ignored"
