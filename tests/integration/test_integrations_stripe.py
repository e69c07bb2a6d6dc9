"""POST /integrations/stripe: signed deliveries shaped like Stripe's, through the real endpoint."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from typing import Any

import httpx
import pytest

from server import metrics
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.integrations.models import EventStatus, Integration, IntegrationEvent
from server.referrals.models import Conversion, ConversionStatus, Referral, ReferralStatus, Refund
from server.rewards.models import Reward
from tests import provider_events as pe
from tests.conftest import START, gql
from tests.factories import click, enroll, live_campaign

SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""


async def _setup(client: httpx.AsyncClient, **settings: Any) -> tuple[str, dict[str, Any]]:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, couponCode="ADA10")
    made = await pe.configure(
        client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET], **settings
    )
    assert made["__typename"] == "Integration", made
    return cid, ada


def _unmatched() -> float:
    value = metrics.INTEGRATION_EVENTS.labels(provider="stripe", outcome="unmatched")._value.get()
    return float(value)


async def test_checkout_with_the_visit_token_converts_once(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    vt = await click(client, ada["code"])
    session = pe.checkout_session(client_reference_id=vt, amount=4200)
    event = pe.stripe_event("checkout.session.completed", session, START)
    first = await pe.post_stripe(client, event)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "processed" and first.json()["duplicate"] is False
    conversion = await Conversion.get(external_order_id=session["payment_intent"])
    assert (conversion.amount, conversion.currency) == (4200, "USD")
    referral = await Referral.get(id=conversion.referral_id)
    assert referral.attribution_method == "visit_token"
    assert referral.friend_email == "bob@example.org"
    # Stripe delivers again (a timeout on its side): acknowledged, no second effect.
    again = await pe.post_stripe(client, event)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert await Conversion.all().count() == 1
    audited = await AuditEvent.filter(action="conversion.record").values_list("channel", "actor_id")
    assert audited == [("stripe", "stripe")]


async def test_concurrent_duplicates_have_one_effect(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    vt = await click(client, ada["code"])
    event = pe.stripe_event(
        "checkout.session.completed", pe.checkout_session(client_reference_id=vt), START
    )
    answers = await asyncio.gather(*(pe.post_stripe(client, event) for _ in range(4)))
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert await Conversion.all().count() == 1
    assert await IntegrationEvent.all().count() == 1
    assert (await IntegrationEvent.get()).status is EventStatus.PROCESSED


async def test_bad_signatures_are_refused_and_nothing_is_stored(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    vt = await click(client, ada["code"])
    event = pe.stripe_event(
        "checkout.session.completed", pe.checkout_session(client_reference_id=vt), START
    )
    wrong = await pe.post_stripe(client, event, secret="whsec_" + "x" * 32)
    stale = await pe.post_stripe(client, event, timestamp=int(time.time()) - 3600)
    body = json.dumps(event).encode()
    tampered = await client.post(
        "/integrations/stripe",
        content=body.replace(b"5000", b"9000"),
        headers={"stripe-signature": pe.stripe_signature(body, pe.STRIPE_SECRET)},
    )
    unsigned = await client.post("/integrations/stripe", content=body)
    assert [r.status_code for r in (wrong, stale, tampered, unsigned)] == [400] * 4
    assert await IntegrationEvent.all().count() == 0
    assert await Conversion.all().count() == 0


@pytest.mark.parametrize(
    "body",
    [b"[1]", b'"evt"', b"null", b"7", b"[" * 5000 + b"]" * 5000, b"\xff{}"],
    ids=["array", "string", "null", "number", "nested", "not-utf8"],
)
async def test_signed_bodies_that_are_no_event_are_refused(
    client: httpx.AsyncClient, body: bytes
) -> None:
    """Correctly signed, but not a JSON object: a 400 like a bad signature (it was a 500 for
    an array, a string or null), and nothing is stored. The same for Shopify."""
    await _setup(client)
    await pe.configure(client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET])
    stripe = await client.post(
        "/integrations/stripe",
        content=body,
        headers={"stripe-signature": pe.stripe_signature(body, pe.STRIPE_SECRET)},
    )
    shopify = await client.post(
        "/integrations/shopify",
        content=body,
        headers={
            "x-shopify-topic": "orders/paid",
            "x-shopify-hmac-sha256": pe.shopify_hmac(body, pe.SHOPIFY_SECRET),
            "x-shopify-webhook-id": "w-1",
        },
    )
    assert (stripe.status_code, shopify.status_code) == (400, 400), (stripe.text, shopify.text)
    assert await IntegrationEvent.all().count() == 0


async def test_a_signature_header_with_non_ascii_bytes_is_refused(
    client: httpx.AsyncClient,
) -> None:
    """A Stripe-Signature (or Shopify HMAC) header carrying bytes over 0x7f: a 400 like any bad
    signature (Stripe's was a 500: the library's compare_digest raises TypeError on them)."""
    await _setup(client)
    await pe.configure(client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET])
    event = pe.stripe_event(
        "customer.created",
        pe.stripe_customer(email="n@example.org", metadata={}, customer_id="cus_N"),
        START,
    )
    body = json.dumps(event).encode()
    good = pe.stripe_signature(body, pe.STRIPE_SECRET).encode()
    for header in [good + b"\xe9", b"t=1,v1=\xe9\xe9", b"\xff"]:
        stripe = await client.post(
            "/integrations/stripe", content=body, headers=[(b"stripe-signature", header)]
        )
        shopify = await client.post(
            "/integrations/shopify",
            content=body,
            headers=[(b"x-shopify-hmac-sha256", header), (b"x-shopify-topic", b"orders/paid")],
        )
        assert (stripe.status_code, shopify.status_code) == (400, 400), header
    assert await IntegrationEvent.all().count() == 0


async def test_secret_rotation_accepts_both_until_the_old_one_is_removed(
    client: httpx.AsyncClient,
) -> None:
    _cid, ada = await _setup(client)
    new = "whsec_" + "n" * 32
    assert (await pe.configure(client, provider="STRIPE", signingSecrets=[new, pe.STRIPE_SECRET]))[
        "signingSecretsSet"
    ] == 2
    vt = await click(client, ada["code"])
    old_signed = pe.stripe_event(
        "customer.created",
        pe.stripe_customer(email="a@example.org", metadata={"vouch_vt": vt}, customer_id="cus_A"),
        START,
    )
    new_signed = pe.stripe_event(
        "customer.created",
        pe.stripe_customer(
            email="b@example.org", metadata={"vouch_ref": ada["code"]}, customer_id="cus_B"
        ),
        START,
    )
    assert (await pe.post_stripe(client, old_signed)).status_code == 200
    assert (await pe.post_stripe(client, new_signed, secret=new)).status_code == 200
    await pe.configure(client, provider="STRIPE", signingSecrets=[new])
    late_old = pe.stripe_event(
        "customer.created",
        pe.stripe_customer(email="c@example.org", metadata={}, customer_id="cus_C"),
        START,
    )
    assert (await pe.post_stripe(client, late_old)).status_code == 400
    assert await Referral.filter(status=ReferralStatus.SIGNED_UP).count() == 2


async def test_subscription_invoices_before_checkout_and_renewals_each_reward(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid, ada = await _setup(client)
    rule = {
        "key": "give",
        "recipient": "ADVOCATE",
        "kind": "CASH",
        "currency": "USD",
        "trigger": "EVERY_PURCHASE",
        "fixedAmount": 100,
    }
    assert (await gql(client, SET_RULES, input={"campaignId": cid, "rules": [rule]}))[
        "setRewardRules"
    ]["__typename"] == "RewardRuleVersion"
    vt = await click(client, ada["code"])
    first = pe.invoice(paid_at=START)
    # Stripe does not order deliveries: the first invoice arrives before its checkout.
    early = await pe.post_stripe(client, pe.stripe_event("invoice.paid", first, START))
    assert early.json()["status"] == "deferred"
    session = pe.checkout_session(client_reference_id=vt, mode="subscription", amount=2000)
    done = await pe.post_stripe(
        client, pe.stripe_event("checkout.session.completed", session, START)
    )
    assert done.json()["status"] == "processed"
    assert await Conversion.filter(external_order_id=first["payment_intent"]).count() == 1
    # A month later, outside the 30-day window: the renewal still carries the friend's link.
    clock.advance(timedelta(days=40))
    later = clock.now()
    renewal = pe.invoice(paid_at=later, billing_reason="subscription_cycle")
    renewed = await pe.post_stripe(client, pe.stripe_event("invoice.paid", renewal, later))
    assert renewed.json()["status"] == "processed", renewed.text
    conversions = await Conversion.all().order_by("id")
    assert len(conversions) == 2 and len({c.referral_id for c in conversions}) == 1
    assert await Reward.filter(rule_key="give").count() == 2


async def test_refund_before_its_order_waits_then_counts_once(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    vt = await click(client, ada["code"])
    pi = "pi_3OutOfOrder000000000001"
    partial = pe.charge_refunded(payment_intent=pi, amount=5000, refunds=[("re_1", 1500)])
    early = await pe.post_stripe(client, pe.stripe_event("charge.refunded", partial, START))
    assert early.json()["status"] == "deferred"
    assert await Refund.all().count() == 0
    session = pe.checkout_session(client_reference_id=vt, payment_intent=pi, amount=5000)
    await pe.post_stripe(client, pe.stripe_event("checkout.session.completed", session, START))
    conversion = await Conversion.get(external_order_id=pi)
    assert (conversion.refunded_amount, conversion.status) == (
        1500,
        ConversionStatus.PARTIALLY_REFUNDED,
    )
    # The same refund reported again by refund.created: no second effect.
    same = pe.refund(refund_id="re_1", payment_intent=pi, amount=1500)
    assert (await pe.post_stripe(client, pe.stripe_event("refund.created", same, START))).json()[
        "status"
    ] == "ignored"
    # The rest refunded: the charge lists both refunds; only the new one counts.
    full = pe.charge_refunded(
        payment_intent=pi, amount=5000, refunds=[("re_1", 1500), ("re_2", 3500)]
    )
    assert (await pe.post_stripe(client, pe.stripe_event("charge.refunded", full, START))).json()[
        "status"
    ] == "processed"
    conversion = await Conversion.get(external_order_id=pi)
    assert (conversion.refunded_amount, conversion.status) == (5000, ConversionStatus.REFUNDED)
    assert await Refund.all().count() == 2
    audited = [a.channel for a in await AuditEvent.filter(action="conversion.refund")]
    assert audited == ["stripe", "stripe"]


async def test_coupon_and_email_attribution(client: httpx.AsyncClient) -> None:
    cid, ada = await _setup(client)
    coupon = pe.checkout_session(
        discounts=[{"coupon": "ada10", "promotion_code": None}],
        email="carol@example.org",
        payment_intent="pi_coupon",
    )
    assert (
        await pe.post_stripe(client, pe.stripe_event("checkout.session.completed", coupon, START))
    ).json()["status"] == "processed"
    referral = await Referral.get(friend_email="carol@example.org")
    assert referral.attribution_method == "coupon"
    # A friend signed up with their code (customer.created); the order brings only the email,
    # which counts in the mapped campaign.
    await pe.configure(client, provider="STRIPE", campaignId=cid)
    customer = pe.stripe_customer(
        email="dan@example.org", metadata={"vouch_ref": ada["code"]}, customer_id="cus_dan"
    )
    signed = await pe.post_stripe(client, pe.stripe_event("customer.created", customer, START))
    assert signed.json()["status"] == "processed"
    order = pe.checkout_session(email="dan@example.org", customer=None, payment_intent="pi_dan")
    assert (
        await pe.post_stripe(client, pe.stripe_event("checkout.session.completed", order, START))
    ).json()["status"] == "processed"
    dan = await Referral.get(friend_email="dan@example.org")
    assert dan.status is ReferralStatus.CONVERTED
    assert await AuditEvent.filter(action="referral.signup", channel="stripe").count() == 1


async def test_unmatched_and_unknown_events_are_acknowledged(client: httpx.AsyncClient) -> None:
    await _setup(client)
    before = _unmatched()
    stranger = pe.checkout_session(client_reference_id="no-such-visit-token", payment_intent="pi_x")
    answer = await pe.post_stripe(
        client, pe.stripe_event("checkout.session.completed", stranger, START)
    )
    assert (answer.status_code, answer.json()["status"]) == (200, "unmatched")
    assert _unmatched() == before + 1
    other = await pe.post_stripe(client, pe.stripe_event("payout.paid", {"id": "po_1"}, START))
    assert (other.status_code, other.json()["status"]) == (200, "ignored")
    assert await Conversion.all().count() == 0
    assert await IntegrationEvent.filter(status=EventStatus.UNMATCHED).count() == 1
    assert await IntegrationEvent.all().count() == 1


@pytest.mark.parametrize("secret", ["sk_live_notawebhooksecret0000", "short"])
async def test_settings_validate_and_never_show_the_secret(
    client: httpx.AsyncClient, secret: str
) -> None:
    refused = await pe.configure(client, provider="STRIPE", signingSecrets=[secret])
    assert (refused["code"], refused["field"]) == ("INVALID_INPUT", "signingSecrets")
    made = await pe.configure(
        client,
        provider="STRIPE",
        signingSecrets=[pe.STRIPE_SECRET],
        conversionEvents=["invoice.paid"],
    )
    assert made["webhookUrl"] == "https://vouch.example.com/integrations/stripe"
    assert made["conversionEvents"] == ["invoice.paid"] and made["signingSecretsSet"] == 1
    stored = await Integration.get(provider="stripe")
    assert pe.STRIPE_SECRET not in json.dumps(stored.secrets_sealed)
    listed = await gql(
        client, "{ integrations { provider signingSecretsSet events { processed } } }"
    )
    assert listed["integrations"] == [
        {"provider": "STRIPE", "signingSecretsSet": 1, "events": {"processed": 0}}
    ]
    assert "whsec" not in json.dumps(
        await AuditEvent.filter(action="integration.configure").values("diff")
    )
