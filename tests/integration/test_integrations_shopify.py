"""POST /integrations/shopify: HMAC-signed deliveries shaped like Shopify's, through the real
endpoint; and who may change an integration's settings."""

from __future__ import annotations

import json
from typing import Any

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.audit.models import AuditEvent
from server.integrations.models import EventStatus, IntegrationEvent
from server.referrals.models import Conversion, ConversionStatus, Referral, ReferralStatus
from tests import provider_events as pe
from tests.conftest import gql, make_client, staff_token
from tests.factories import click, enroll, live_campaign
from tests.ids import pk


async def _setup(client: httpx.AsyncClient, **settings: Any) -> tuple[str, dict[str, Any]]:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, couponCode="ADA-SPRING")
    made = await pe.configure(
        client, provider="SHOPIFY", signingSecrets=[pe.SHOPIFY_SECRET], **settings
    )
    assert made["__typename"] == "Integration", made
    return cid, ada


async def test_landing_site_attributes_the_paid_order_once(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    vt = await click(client, ada["code"])
    order = pe.shopify_order(landing_site=f"/collections/all?ref={ada['code']}&vt={vt}&vw=30")
    first = await pe.post_shopify(client, "orders/paid", order, webhook_id="wh-1")
    assert (first.status_code, first.json()["status"]) == (200, "processed"), first.text
    conversion = await Conversion.get(external_order_id=str(order["id"]))
    assert (conversion.amount, conversion.currency) == (19900, "USD")
    referral = await Referral.get(id=conversion.referral_id)
    assert (referral.link_id, referral.friend_email) == (pk(ada["id"]), "jon@example.com")
    again = await pe.post_shopify(client, "orders/paid", order, webhook_id="wh-1")
    assert again.json()["duplicate"] is True
    # The same order delivered as a new webhook (a different id) still counts once.
    other = await pe.post_shopify(client, "orders/paid", order, webhook_id="wh-2")
    assert other.status_code == 200
    assert await Conversion.all().count() == 1
    audited = [a.channel for a in await AuditEvent.filter(action="conversion.record")]
    assert audited == ["shopify"]


async def test_a_landing_site_no_url_parser_reads_does_not_break_the_webhook(
    client: httpx.AsyncClient,
) -> None:
    """`landing_site` is whatever path the shopper's browser opened: `//[x` (an unclosed IPv6
    literal to urlsplit) made every delivery of the order a 500, so Shopify retried it and in
    the end dropped the subscription. It is read as no touch; the order's coupon still counts."""
    _cid, ada = await _setup(client)
    for n, landing in enumerate(["//[x/?ref=" + ada["code"], "//shop:99999999/?ref=x", "//s:a/"]):
        order = pe.shopify_order(
            order_id=3001 + n,
            landing_site=landing,
            discount_codes=["ada-spring"],
            email=f"odd{n}@example.org",
        )
        answer = await pe.post_shopify(client, "orders/paid", order)
        assert (answer.status_code, answer.json()["status"]) == (200, "processed"), answer.text
    assert await Conversion.all().count() == 3


async def test_a_large_order_is_taken_not_refused_as_too_large(client: httpx.AsyncClient) -> None:
    """An order with hundreds of line items is bigger than VOUCH_MAX_BODY_BYTES (100 kB): it
    was refused with 413 before its signature was read, and lost once Shopify gave up."""
    _cid, _ada = await _setup(client)
    order = pe.shopify_order(order_id=4001, discount_codes=["ada-spring"], email="big@x.org")
    order["line_items"] = [
        {"id": n, "title": f"Item {n} " + "x" * 200, "quantity": 1, "price": "1.00"}
        for n in range(800)
    ]
    assert len(json.dumps(order)) > 200_000
    answer = await pe.post_shopify(client, "orders/paid", order)
    assert (answer.status_code, answer.json()["status"]) == (200, "processed"), answer.text
    huge = await client.post("/integrations/shopify", content=b"x" * 2_000_001)
    assert huge.status_code == 413
    graphql = await client.post("/graphql", content=b"x" * 100_001)
    assert graphql.status_code == 413  # everything else keeps the general limit


async def test_discount_codes_and_note_attributes(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    by_coupon = pe.shopify_order(order_id=1001, discount_codes=["ada-spring"], email="c@x.org")
    assert (await pe.post_shopify(client, "orders/paid", by_coupon)).json()["status"] == "processed"
    assert (await Referral.get(friend_email="c@x.org")).attribution_method == "coupon"
    vt = await click(client, ada["code"])
    noted = pe.shopify_order(
        order_id=1002,
        total="5000",
        currency="JPY",
        email="d@x.org",
        customer_id=77,
        note_attributes=[{"name": "vt", "value": vt}],
    )
    assert (await pe.post_shopify(client, "orders/paid", noted)).json()["status"] == "processed"
    # JPY has no minor unit: 5000 yen are 5000, not 500000.
    assert (await Conversion.get(external_order_id="1002")).amount == 5000


async def test_refund_before_its_order_then_duplicate(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client)
    vt = await click(client, ada["code"])
    order = pe.shopify_order(order_id=2001, note_attributes=[{"name": "vouch_vt", "value": vt}])
    refund = pe.shopify_refund(refund_id=9001, order_id=2001, amount="49.75")
    early = await pe.post_shopify(client, "refunds/create", refund, webhook_id="r-1")
    assert early.json()["status"] == "deferred"
    await pe.post_shopify(client, "orders/paid", order)
    conversion = await Conversion.get(external_order_id="2001")
    assert (conversion.refunded_amount, conversion.status) == (
        4975,
        ConversionStatus.PARTIALLY_REFUNDED,
    )
    assert (await IntegrationEvent.get(event_id="r-1")).status is EventStatus.PROCESSED
    assert (await pe.post_shopify(client, "refunds/create", refund, webhook_id="r-1")).json()[
        "duplicate"
    ] is True
    assert (await Conversion.get(external_order_id="2001")).refunded_amount == 4975


async def test_customers_create_signs_up_and_the_order_follows(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client, conversionEvents=["orders/create"])
    vt = await click(client, ada["code"])
    customer = pe.shopify_customer(customer_id=555, email="eve@x.org", note=f"vt: {vt}")
    assert (await pe.post_shopify(client, "customers/create", customer)).json()[
        "status"
    ] == "processed"
    assert (await Referral.get(friend_email="eve@x.org")).status is ReferralStatus.SIGNED_UP
    # Her order brings nothing but her customer id: what she signed up with is remembered.
    order = pe.shopify_order(order_id=3001, email="eve@x.org", customer_id=555)
    paid = await pe.post_shopify(client, "orders/paid", order)
    assert paid.json()["status"] == "ignored"  # orders/create is the configured event
    created = await pe.post_shopify(client, "orders/create", order)
    assert created.json()["status"] == "processed"
    assert (await Referral.get(friend_email="eve@x.org")).status is ReferralStatus.CONVERTED


async def test_bad_hmac_is_refused_with_nothing_stored(client: httpx.AsyncClient) -> None:
    await _setup(client)
    order = pe.shopify_order()
    wrong = await pe.post_shopify(client, "orders/paid", order, secret="another-secret-000000")
    body = json.dumps(order).encode()
    tampered = await client.post(
        "/integrations/shopify",
        content=body.replace(b"199.00", b"1.00"),
        headers={"x-shopify-hmac-sha256": pe.shopify_hmac(body), "x-shopify-topic": "orders/paid"},
    )
    assert [wrong.status_code, tampered.status_code] == [400, 400]
    assert await IntegrationEvent.all().count() == 0


async def test_only_admins_configure_integrations(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    async with make_client(app, await staff_token(app, Role.MANAGER)) as manager:
        body = (
            await manager.post(
                "/graphql",
                json={
                    "query": pe.CONFIGURE,
                    "variables": {
                        "input": {"provider": "SHOPIFY", "signingSecrets": [pe.SHOPIFY_SECRET]}
                    },
                },
            )
        ).json()
    assert body["data"]["configureIntegration"]["code"] == "FORBIDDEN", body
    refused = await pe.configure(
        client,
        provider="SHOPIFY",
        signingSecrets=[pe.SHOPIFY_SECRET],
        conversionEvents=["orders/paid", "orders/create"],
    )
    assert (refused["code"], refused["field"]) == ("INVALID_INPUT", "conversionEvents")
    made = await pe.configure(
        client,
        provider="SHOPIFY",
        signingSecrets=[pe.SHOPIFY_SECRET],
        shopDomain="Vouch-Test.myshopify.com",
    )
    assert (made["shopDomain"], made["conversionEvents"]) == (
        "vouch-test.myshopify.com",
        ["orders/paid"],
    )
    listed = await gql(client, "{ integrations { provider webhookUrl } }")
    assert listed["integrations"] == [
        {"provider": "SHOPIFY", "webhookUrl": "https://vouch.example.com/integrations/shopify"}
    ]


async def test_vouch_js_is_versioned_and_cacheable(client: httpx.AsyncClient) -> None:
    latest = await client.get("/vouch.js")
    assert latest.status_code == 200 and "Vouch" in latest.text
    assert latest.headers["content-type"].startswith("text/javascript")
    etag = latest.headers["etag"]
    assert (await client.get("/vouch.js", headers={"if-none-match": etag})).status_code == 304
    version = etag.strip('"')
    pinned = await client.get(f"/vouch.{version}.js")
    assert pinned.content == latest.content
    assert "immutable" in pinned.headers["cache-control"]
    assert (await client.get("/vouch.000000000000.js")).status_code == 404


async def test_another_shops_webhooks_are_not_used(client: httpx.AsyncClient) -> None:
    _cid, ada = await _setup(client, shopDomain="another-shop.myshopify.com")
    vt = await click(client, ada["code"])
    order = pe.shopify_order(landing_site=f"/?vt={vt}")
    answer = await pe.post_shopify(client, "orders/paid", order)
    assert (answer.status_code, answer.json().get("ignored")) == (200, True)
    assert await Conversion.all().count() == 0
