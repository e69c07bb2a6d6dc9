"""Stripe's test mode and charge-only refunds, through POST /integrations/stripe: a test event
(livemode=false) writes only to a test-mode campaign and never to live numbers; a live event
for a test-mode campaign is refused with a logged reason; a refund that names only the charge
of an invoice payment finds its order, also when it arrives first."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import httpx
import pytest

from server.analytics.models import CampaignDay
from server.integrations.models import IntegrationEvent
from server.referrals.models import Conversion, ConversionStatus
from server.rewards.models import Reward
from tests import provider_events as pe
from tests.conftest import START, gql
from tests.factories import enroll, live_campaign

SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""
RULE = {
    "key": "give",
    "recipient": "ADVOCATE",
    "kind": "CASH",
    "currency": "USD",
    "trigger": "EVERY_PURCHASE",
    "fixedAmount": 100,
}


async def _campaign(client: httpx.AsyncClient, slug: str, test_mode: bool) -> dict[str, Any]:
    cid = await live_campaign(client, slug=slug, testMode=test_mode)
    made = await gql(client, SET_RULES, input={"campaignId": cid, "rules": [RULE]})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    return await enroll(client, cid, f"ada@{slug}.example.com")


async def _checkout(
    client: httpx.AsyncClient, code: str, *, livemode: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    session = pe.checkout_session(
        metadata={"ref": code}, payment_intent="pi_" + secrets.token_hex(12)
    )
    event = pe.stripe_event("checkout.session.completed", session, START, livemode=livemode)
    answer = await pe.post_stripe(client, event)
    assert answer.status_code == 200, answer.text
    return session, answer.json()


async def test_test_events_write_test_data_and_live_events_skip_test_campaigns(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    live = await _campaign(client, "live", test_mode=False)
    rehearsal = await _campaign(client, "rehearsal", test_mode=True)
    made = await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    assert made["__typename"] == "Integration", made

    # A test-mode Stripe event naming a live campaign's advocate: refused, nothing written.
    _session, answer = await _checkout(client, live["code"], livemode=False)
    assert answer["status"] == "unmatched", answer
    event = await IntegrationEvent.get(event_id=answer["event"])
    assert event.detail.startswith("MODE_MISMATCH: a test stripe event"), event.detail
    assert await Conversion.all().count() == 0
    assert await Reward.all().count() == 0
    assert await CampaignDay.filter(test=False).count() == 0

    # The same in a test-mode campaign: test data, test rollups, test rewards.
    _session, answer = await _checkout(client, rehearsal["code"], livemode=False)
    assert answer["status"] == "processed", answer
    conversion = await Conversion.get()
    assert conversion.test is True
    assert [r.test for r in await Reward.all()] == [True]
    assert await CampaignDay.filter(test=False).count() == 0

    # A live event for the test-mode campaign: refused, and the reason is logged.
    with caplog.at_level(logging.WARNING, logger="vouch.integrations"):
        _session, answer = await _checkout(client, rehearsal["code"], livemode=True)
    assert answer["status"] == "unmatched", answer
    event = await IntegrationEvent.get(event_id=answer["event"])
    assert event.detail.startswith("MODE_MISMATCH: a live stripe event"), event.detail
    assert "test mode" in event.detail
    assert any("MODE_MISMATCH" in r.getMessage() for r in caplog.records)
    assert await Conversion.all().count() == 1

    # A live event for the live campaign converts as before.
    _session, answer = await _checkout(client, live["code"], livemode=True)
    assert answer["status"] == "processed", answer
    assert await Conversion.filter(test=False).count() == 1


def _charge_only_invoice(code: str, charge: str, *, basil: bool) -> dict[str, Any]:
    invoice = pe.invoice(paid_at=START, billing_reason="manual")
    invoice["payment_intent"] = None
    invoice["metadata"] = {"ref": code}
    if basil:  # API 2025-03-31 and later: the payment is listed, not a field of the invoice
        del invoice["payment_intent"]
        invoice["payments"] = {
            "object": "list",
            "data": [
                {"object": "invoice_payment", "payment": {"type": "charge", "charge": charge}}
            ],
        }
    else:
        invoice["charge"] = charge
    return invoice


def _charge_refund(charge: str, amount: int) -> dict[str, Any]:
    refund = pe.refund(refund_id="re_" + secrets.token_hex(8), payment_intent="", amount=amount)
    refund["payment_intent"], refund["charge"] = None, charge
    return refund


async def test_refunds_of_charge_only_invoice_payments_find_their_order(
    client: httpx.AsyncClient,
) -> None:
    ada = await _campaign(client, "live", test_mode=False)
    await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])

    # The invoice first, then a refund that names only the charge.
    invoice = _charge_only_invoice(ada["code"], "ch_legacy0001", basil=False)
    paid = await pe.post_stripe(client, pe.stripe_event("invoice.paid", invoice, START))
    assert paid.json()["status"] == "processed", paid.text
    refund = pe.stripe_event("refund.created", _charge_refund("ch_legacy0001", 500), START)
    assert (await pe.post_stripe(client, refund)).json()["status"] == "processed"
    conversion = await Conversion.get(external_order_id="ch_legacy0001")
    assert conversion.status is ConversionStatus.PARTIALLY_REFUNDED

    # The refund first (charge.refunded naming the charge and its invoice), then the invoice
    # of a newer API version: the refund waits for it and is then counted, not left waiting.
    basil = _charge_only_invoice(ada["code"], "ch_basil0001", basil=True)
    charge = pe.charge_refunded(payment_intent="", amount=2000, refunds=[("re_b1", 2000)])
    charge.update(id="ch_basil0001", payment_intent=None, invoice=basil["id"])
    early = await pe.post_stripe(client, pe.stripe_event("charge.refunded", charge, START))
    assert early.json()["status"] == "deferred", early.text
    await pe.post_stripe(client, pe.stripe_event("invoice.paid", basil, START))
    conversion = await Conversion.get(external_order_id="ch_basil0001")
    assert conversion.status is ConversionStatus.REFUNDED
    assert await IntegrationEvent.filter(status="deferred").count() == 0
