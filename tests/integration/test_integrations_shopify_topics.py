"""Shopify signs the body, not the `X-Shopify-Topic` header: a signed body sent again under
another topic (an order as a refund or a customer, a refund or a customer as an order, an
unpaid `orders/create` as `orders/paid`) is not used, answered 200 like a topic Vouch does not
use (a 4xx only has Shopify retry the same bytes and then disable the webhook), and nothing is
stored. The same body sent again under a new webhook id counts once (the handlers are
idempotent by order and refund id)."""

from __future__ import annotations

from typing import Any

import httpx

from server.integrations import rules
from server.integrations.models import IntegrationEvent
from server.referrals.models import Conversion, Referral
from tests import provider_events as pe
from tests.factories import click, enroll, live_campaign


async def _setup(client: httpx.AsyncClient) -> dict[str, Any]:
    cid = await live_campaign(client)
    ada = await enroll(client, cid)
    made = await pe.configure(client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET])
    assert made["__typename"] == "Integration", made
    return ada


async def test_a_signed_body_under_another_topic_is_not_used(client: httpx.AsyncClient) -> None:
    ada = await _setup(client)
    vt = await click(client, ada["code"])
    order = {
        **pe.shopify_order(order_id=4001, note_attributes=[{"name": "vouch_vt", "value": vt}]),
        "note": f"vt: {vt}",
    }
    unpaid = {
        **pe.shopify_order(order_id=4002, landing_site=f"/?vt={vt}"),
        "financial_status": "pending",
    }
    refund = pe.shopify_refund(refund_id=9101, order_id=4001, amount="10.00")
    customer = pe.shopify_customer(customer_id=77, email="eve@x.org", note=f"vt: {vt}")
    for topic, body in [
        ("refunds/create", order),
        ("customers/create", order),
        ("orders/paid", refund),
        ("orders/create", refund),
        ("customers/create", refund),
        ("orders/paid", customer),
        ("refunds/create", customer),
        ("orders/paid", unpaid),
    ]:
        answer = await pe.post_shopify(client, topic, body)
        assert answer.status_code == 200, answer.text
        assert answer.json().get("ignored") is True, (topic, body["id"], answer.json())
    assert await IntegrationEvent.all().count() == 0
    assert await Referral.filter(friend_email__in=["jon@example.com", "eve@x.org"]).count() == 0
    assert await Conversion.all().count() == 0
    # Under their own topics, each is used; sent again under a new webhook id, once.
    for topic, body in [("orders/paid", order), ("refunds/create", refund)]:
        answer = await pe.post_shopify(client, topic, body)
        assert answer.json()["status"] == "processed", answer.json()
        again = await pe.post_shopify(client, topic, body)
        assert again.status_code == 200 and again.json()["duplicate"] is False, again.json()
    conversion = await Conversion.get(external_order_id="4001")
    assert conversion.refunded_amount == 1000
    assert await Conversion.all().count() == 1


def test_shopifys_documented_bodies_fit_their_topics() -> None:
    order, unpaid = pe.shopify_order(), {**pe.shopify_order(), "financial_status": "pending"}
    refund = pe.shopify_refund(refund_id=1, order_id=2, amount="1.00")
    customer = pe.shopify_customer(customer_id=3, email="a@b.co", note=None)
    assert rules.shopify_body_fits("orders/paid", order)
    assert rules.shopify_body_fits("orders/create", unpaid)
    assert rules.shopify_body_fits("refunds/create", refund)
    assert rules.shopify_body_fits("customers/create", customer)
    assert rules.shopify_body_fits("app/uninstalled", {})  # not used: no shape to have
    assert not rules.shopify_body_fits("orders/paid", unpaid)
