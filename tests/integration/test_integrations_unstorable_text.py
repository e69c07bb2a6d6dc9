"""A provider's signed body whose strings hold NUL or a lone surrogate (what a shopper typed
as their name or note, JSON-escaped) is used, not a 500 on every delivery: PostgreSQL refused
the text, the provider retried the same bytes until it disabled the webhook, and every order
after it was lost. NUL is dropped and a lone surrogate becomes U+FFFD (both databases)."""

from __future__ import annotations

import json

import httpx

from server.integrations import rules
from server.integrations.models import EventStatus, IntegrationEvent
from server.referrals.models import Conversion, Referral, ReferralStatus
from tests import provider_events as pe
from tests.conftest import START
from tests.factories import click, enroll, live_campaign

NUL, LONE = "\u0000", "\ud800"


async def test_shopify_bodies_with_nul_or_lone_surrogates_are_used(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid)
    await pe.configure(client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET])
    vt = await click(client, ada["code"])
    customer = {
        **pe.shopify_customer(customer_id=77, email="eve@x.org", note=f"vt: {vt}{NUL}"),
        "first_name": f"Ev{NUL}e",
        "last_name": f"Sm{LONE}ith",
    }
    answer = await pe.post_shopify(client, "customers/create", customer)
    assert (answer.status_code, answer.json()["status"]) == (200, "processed"), answer.text
    referral = await Referral.get(friend_email="eve@x.org")
    assert referral.status is ReferralStatus.SIGNED_UP
    order = {
        **pe.shopify_order(order_id=5001, email="eve@x.org", customer_id=77),
        "note": f"gift{NUL}",
        "name": f"#50{LONE}01",
        f"key{NUL}": "value",
    }
    answer = await pe.post_shopify(client, "orders/paid", order)
    assert (answer.status_code, answer.json()["status"]) == (200, "processed"), answer.text
    assert (await Conversion.get(external_order_id="5001")).amount == 19900
    stored = await IntegrationEvent.all()
    assert [e.status for e in stored] == [EventStatus.PROCESSED] * 2


async def test_stripe_bodies_with_nul_or_lone_surrogates_are_used(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid)
    await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    vt = await click(client, ada["code"])
    customer = pe.stripe_customer(
        email="bob@example.org", metadata={"vouch_vt": vt, f"n{NUL}": NUL}, customer_id="cus_B"
    )
    customer["name"] = f"Bob{NUL} Fr{LONE}iend"
    answer = await pe.post_stripe(client, pe.stripe_event("customer.created", customer, START))
    assert (answer.status_code, answer.json()["status"]) == (200, "processed"), answer.text
    assert (await Referral.get(friend_email="bob@example.org")).status is ReferralStatus.SIGNED_UP
    session = pe.checkout_session(client_reference_id=vt, email="bob@example.org")
    session["customer_details"]["name"] = f"Bob{NUL} Fr{LONE}iend"
    answer = await pe.post_stripe(
        client, pe.stripe_event("checkout.session.completed", session, START)
    )
    assert (answer.status_code, answer.json()["status"]) == (200, "processed"), answer.text
    assert await Conversion.all().count() == 1


def test_only_bodies_with_such_escapes_are_walked() -> None:
    plain = {"a": ["b", {"c": "d"}]}
    assert rules.storable(json.dumps(plain).encode(), plain) is plain
    risky = {f"k{NUL}": [f"v{NUL}{LONE}", 1, None, {"x": "\U0001f600"}]}
    body = json.dumps(risky).encode()
    assert rules.storable(body, json.loads(body)) == {
        "k": ["v\ufffd", 1, None, {"x": "\U0001f600"}]
    }
