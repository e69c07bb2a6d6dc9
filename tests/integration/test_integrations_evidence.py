"""Stripe and Shopify orders pass the fraud evidence they carry, hashed on receipt: the card
fingerprint, phone, address, and (Shopify) the buyer's IP address and browser. Through the
signed webhook endpoints; the advocate's own card or phone on a friend's order flags it."""

from __future__ import annotations

from typing import Any

import httpx

from server.fraud.evidence import RawEvidence, hash_evidence
from server.referrals.models import Conversion, Referral
from server.settings import Settings
from tests import provider_events as pe
from tests.conftest import START, gql
from tests.factories import click, enroll, live_campaign
from tests.integration.test_fraud import ADD_BLOCK

CARD = "Xt5EWLLDS7FJjR1c"


async def _flagged_rules(order_id: str) -> tuple[Referral, list[str]]:
    conversion = await Conversion.get(external_order_id=order_id)
    referral = await Referral.get(id=conversion.referral_id)
    return referral, [s["rule"] for s in referral.risk_signals]


def _charge(**extra: Any) -> dict[str, Any]:
    return {
        "id": "ch_3MtwBwLkdIwHu7ix28a3tqPa",
        "object": "charge",
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "fingerprint": CARD}},
        "billing_details": {"phone": None, "address": {"line1": None, "country": None}},
        **extra,
    }


async def test_stripe_card_fingerprint_of_the_advocate_flags_the_friend_s_order(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com", paymentFingerprint=CARD)
    made = await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    assert made["__typename"] == "Integration", made
    vt = await click(client, ada["code"])
    session = pe.checkout_session(client_reference_id=vt, email="bob@example.org")
    # Stripe sends ids; a charge appears when the payload carries it expanded.
    session["payment_intent"] = {
        "id": "pi_3MtwBwLkdIwHu7ix28a3tqPa",
        "object": "payment_intent",
        "latest_charge": _charge(),
    }
    session["customer_details"] |= {
        "phone": "+1 (555) 010-0123",
        "address": {"line1": "1 Main St", "postal_code": "94107", "country": "US"},
    }
    done = await pe.post_stripe(
        client, pe.stripe_event("checkout.session.completed", session, START)
    )
    assert (done.status_code, done.json()["status"]) == (200, "processed"), done.text
    referral, rules = await _flagged_rules("pi_3MtwBwLkdIwHu7ix28a3tqPa")
    assert rules == ["self_referral_evidence"]
    assert referral.review_status.value == "flagged"
    expected = hash_evidence(settings, RawEvidence(payment_fingerprint=CARD, phone="15550100123"))
    assert (referral.payment_hash, referral.phone_hash) == (
        expected.payment_hash,
        expected.phone_hash,
    )
    assert CARD not in str(await Referral.filter(id=referral.id).values())


async def test_stripe_order_without_evidence_stays_clean(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com", paymentFingerprint=CARD)
    await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    vt = await click(client, ada["code"])
    session = pe.checkout_session(client_reference_id=vt, email="bob@example.org")
    await pe.post_stripe(client, pe.stripe_event("checkout.session.completed", session, START))
    referral, rules = await _flagged_rules("pi_3MtwBwLkdIwHu7ix28a3tqPa")
    assert (rules, referral.payment_hash) == ([], None)


async def test_shopify_phone_ip_and_browser_reach_the_fraud_checks(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com", phone="+44 20 7946 0958")
    made = await pe.configure(client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET])
    assert made["__typename"] == "Integration", made
    order = pe.shopify_order(order_id=3001, landing_site=f"/?ref={ada['code']}", email="jo@x.org")
    order |= {
        "browser_ip": "198.51.100.7",
        "client_details": {"browser_ip": "198.51.100.7", "user_agent": "Mozilla/5.0 Shop"},
        "customer": {**order.get("customer", {}), "phone": "+442079460958"},
        "shipping_address": {"address1": "2 High St", "zip": "SW1A 1AA", "country_code": "GB"},
    }
    done = await pe.post_shopify(client, "orders/paid", order)
    assert (done.status_code, done.json()["status"]) == (200, "processed"), done.text
    referral, rules = await _flagged_rules("3001")
    assert rules == ["self_referral_evidence"]
    assert (
        referral.phone_hash == hash_evidence(settings, RawEvidence(phone="442079460958")).phone_hash
    )
    assert "7946" not in str(await Referral.filter(id=referral.id).values())


async def test_shopify_order_ip_on_the_blocklist_blocks_it(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com")
    await pe.configure(client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET])
    added = await gql(
        client, ADD_BLOCK, input={"kind": "IP_HASH", "value": "203.0.113.9", "reason": "abuse"}
    )
    assert added["addBlocklistEntry"]["__typename"] == "BlocklistEntry", added
    order = pe.shopify_order(order_id=3002, landing_site=f"/?ref={ada['code']}", email="kim@x.org")
    order["browser_ip"] = "203.0.113.9"
    done = await pe.post_shopify(client, "orders/paid", order)
    assert done.status_code == 200, done.text
    assert await Conversion.filter(external_order_id="3002").count() == 0
    referral = await Referral.get(friend_email="kim@x.org")
    assert referral.status.value == "rejected"
    assert [s["rule"] for s in referral.risk_signals] == ["blocklist"]
