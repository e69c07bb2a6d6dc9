from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.referrals.models import Conversion, Referral, Refund
from tests.conftest import gql
from tests.factories import (
    click,
    convert,
    convert_retryable,
    enroll,
    live_campaign,
    refund,
    signup,
)
from tests.ids import gid, pk


async def _friend_of_ada(client: httpx.AsyncClient) -> tuple[str, dict[str, str], str]:
    cid = await live_campaign(client, attributionWindowDays=7)
    link = await enroll(client, cid, "ada@example.com", externalId="cust-ada")
    token = await click(client, link["code"])
    return cid, link, token


async def test_signup_by_visit_token_then_conversion_by_email(client: httpx.AsyncClient) -> None:
    cid, _link, token = await _friend_of_ada(client)
    referral = await signup(client, visitToken=token, email="Bob@Example.org")
    assert referral["status"] == "SIGNED_UP"
    assert referral["attributionMethod"] == "visit_token"
    assert referral["friendEmail"] == "bob@example.org"
    done = await convert(
        client, "key-00000001", "order-1", 4999, campaignId=cid, email="bob@example.org"
    )
    assert done["replayed"] is False
    assert done["conversion"]["amount"] == {"amount": 4999, "currency": "USD"}
    assert done["conversion"]["referral"] == {"id": referral["id"], "status": "CONVERTED"}
    assert await AuditEvent.filter(action="conversion.record").count() == 1


async def test_signup_is_repeatable_and_sticky(client: httpx.AsyncClient) -> None:
    cid, link, token = await _friend_of_ada(client)
    first = await signup(client, visitToken=token, email="bob@example.org")
    other = await enroll(client, cid, "grace@example.com")
    # Bob arrives again through Grace's link: he stays Ada's referral.
    again = await signup(client, referralCode=other["code"], email="bob@example.org")
    assert again["id"] == first["id"]
    referral = await Referral.get(id=pk(first["id"]))
    assert referral.link_id == pk(link["id"])
    assert await Referral.all().count() == 1


async def test_self_referral_is_stored_rejected(client: httpx.AsyncClient) -> None:
    cid, link, token = await _friend_of_ada(client)
    by_email = await signup(client, visitToken=token, email="ADA@example.com")
    by_id = await signup(client, referralCode=link["code"], externalId="cust-ada")
    assert by_email["status"] == by_id["status"] == "REJECTED"
    for referral in await Referral.all():
        assert [s["rule"] for s in referral.risk_signals] == ["self_referral"]
    # Her own order through her own link records nothing.
    own = await convert(client, "key-00000009", "order-9", campaignId=cid, email="ada@example.com")
    assert own["code"] == "INVALID_STATE"
    assert await Conversion.all().count() == 0


async def test_attribution_window_and_identity_errors(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    _cid, _link, token = await _friend_of_ada(client)
    assert (await signup(client, visitToken="no-such-token", email="x@example.org"))[
        "code"
    ] == "NOT_FOUND"
    assert (await signup(client, visitToken=token))["field"] == "friend.email"
    assert (await signup(client, email="x@example.org"))["field"] == "friend.referralCode"
    clock.advance(timedelta(days=8))
    late = await signup(client, visitToken=token, email="late@example.org")
    assert (late["code"], late["field"]) == ("INVALID_STATE", "friend.visitToken")
    assert await Referral.all().count() == 0


async def test_conversion_idempotency(client: httpx.AsyncClient) -> None:
    cid, link, _token = await _friend_of_ada(client)
    first = await convert(
        client,
        "key-00000002",
        "order-2",
        1000,
        referralCode=link["code"],
        email="carol@example.org",
    )
    replay = await convert(
        client,
        "key-00000002",
        "order-2",
        1000,
        referralCode=link["code"],
        email="carol@example.org",
    )
    assert replay["replayed"] is True
    assert replay["conversion"]["id"] == first["conversion"]["id"]
    changed = await convert(
        client,
        "key-00000002",
        "order-2",
        2000,
        referralCode=link["code"],
        email="carol@example.org",
    )
    assert (changed["code"], changed["field"]) == ("CONFLICT", "idempotencyKey")
    same_order = await convert(
        client, "key-00000003", "order-2", 1000, campaignId=cid, email="carol@example.org"
    )
    assert (same_order["code"], same_order["field"]) == ("CONFLICT", "externalOrderId")
    assert await Conversion.all().count() == 1
    bad_key = await convert(
        client, "short", "order-9", 1000, campaignId=cid, email="carol@example.org"
    )
    assert bad_key["field"] == "idempotencyKey"
    bad_amount = await convert(
        client, "key-00000004", "order-9", 0, campaignId=cid, email="carol@example.org"
    )
    assert bad_amount["field"] == "amount"


async def test_twenty_concurrent_identical_conversions_write_one(client: httpx.AsyncClient) -> None:
    _cid, _link, token = await _friend_of_ada(client)
    results = await asyncio.gather(
        *(
            convert_retryable(
                client,
                "key-concurrent-1",
                "order-c",
                2500,
                visitToken=token,
                email="dave@example.org",
            )
            for _ in range(20)
        )
    )
    # A twin still in flight is told to retry (PostgreSQL); never a different answer.
    busy = [r for r in results if r["__typename"] != "ConversionRecorded"]
    assert all(
        (r["code"], r["field"], r["retryAfter"]) == ("CONFLICT", "idempotencyKey", 1) for r in busy
    ), busy
    assert sum(not r["replayed"] for r in results if r not in busy) == 1
    retried = [
        await convert(
            client, "key-concurrent-1", "order-c", 2500, visitToken=token, email="dave@example.org"
        )
        for _ in busy
    ]
    assert all(r["replayed"] for r in retried)
    recorded = [r for r in results if r not in busy] + retried
    assert len({r["conversion"]["id"] for r in recorded}) == 1
    assert await Conversion.all().count() == 1
    assert await Referral.all().count() == 1
    assert await AuditEvent.filter(action="conversion.record").count() == 1


async def test_refunds_partial_full_and_idempotent(client: httpx.AsyncClient) -> None:
    _cid, link, _token = await _friend_of_ada(client)
    conv = (
        await convert(
            client,
            "key-00000010",
            "order-r",
            10000,
            referralCode=link["code"],
            email="erin@example.org",
        )
    )["conversion"]
    part = await refund(client, conv["id"], 2500, "refund-key-1")
    assert part["conversion"]["status"] == "PARTIALLY_REFUNDED"
    assert part["conversion"]["refunded"]["amount"] == 2500
    again = await refund(client, conv["id"], 2500, "refund-key-1")
    assert again["replayed"] is True and again["conversion"]["refunded"]["amount"] == 2500
    too_much = await refund(client, conv["id"], 7501, "refund-key-2")
    assert (too_much["code"], too_much["field"]) == ("INVALID_INPUT", "amount")
    assert "At most $75.00 (7500 in minor units)" in too_much["message"]
    rest = await refund(client, conv["id"], 7500, "refund-key-3")
    assert rest["conversion"]["status"] == "REFUNDED"
    # Nothing is left: the order's state is at fault, whatever the amount.
    done = await refund(client, conv["id"], 1, "refund-key-5")
    assert (done["code"], done["field"]) == ("INVALID_STATE", "conversionId"), done
    assert (await refund(client, gid("Conversion", 999), 1, "refund-key-4"))["code"] == "NOT_FOUND"
    assert await Refund.all().count() == 2


async def test_concurrent_refunds_never_exceed_the_order(client: httpx.AsyncClient) -> None:
    _cid, link, _token = await _friend_of_ada(client)
    conv = (
        await convert(
            client,
            "key-00000011",
            "order-s",
            1000,
            referralCode=link["code"],
            email="finn@example.org",
        )
    )["conversion"]
    results = await asyncio.gather(
        *(refund(client, conv["id"], 300, f"refund-par-{i}") for i in range(6))
    )
    ok = [r for r in results if r["__typename"] == "ConversionRecorded"]
    assert len(ok) == 3
    stored = await Conversion.get(id=pk(conv["id"]))
    assert stored.refunded_amount == 900 == sum(r.amount for r in await Refund.all())


async def test_vanity_code_counts_within_its_campaign(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    await enroll(client, cid, "ada@example.com", vanityCode="ADA")
    referral = await signup(client, campaignId=cid, referralCode="ada", email="g@example.org")
    assert referral["attributionMethod"] == "referral_code"
    unknown = await signup(client, referralCode="ada", email="h@example.org")
    assert (unknown["code"], unknown["field"]) == ("NOT_FOUND", "friend.referralCode")


async def test_paused_campaign_attributes_no_new_friends(client: httpx.AsyncClient) -> None:
    cid, link, token = await _friend_of_ada(client)
    await signup(client, visitToken=token, email="known@example.org")
    await gql(client, "mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }", id=cid)
    new = await signup(client, referralCode=link["code"], email="new@example.org")
    assert (new["code"], new["field"]) == ("INVALID_STATE", "friend.campaignId")
    # A friend referred while it was live still converts.
    known = await convert(
        client, "key-paused-01", "o-p", 700, campaignId=cid, email="known@example.org"
    )
    assert known["__typename"] == "ConversionRecorded"


async def test_hostile_values_get_errors_not_500s(client: httpx.AsyncClient) -> None:
    _cid, link, _token = await _friend_of_ada(client)
    huge = await client.post(
        "/graphql",
        json={"query": CONVERT_RAW, "variables": {"amount": 2**60, "code": link["code"]}},
    )
    assert huge.status_code == 200 and "BigInt is out of range" in huge.text
    naive = await client.post(
        "/graphql",
        json={
            "query": CONVERT_RAW,
            "variables": {"amount": 100, "code": link["code"], "at": "2026-03-01T00:00:00"},
        },
    )
    assert naive.json()["data"]["recordConversion"]["field"] == "occurredAt"
    future = await client.post(
        "/graphql",
        json={
            "query": CONVERT_RAW,
            "variables": {"amount": 100, "code": link["code"], "at": "2030-01-01T00:00:00Z"},
        },
    )
    assert future.json()["data"]["recordConversion"]["field"] == "occurredAt"
    nul = await client.post(
        "/graphql",
        json={"query": CONVERT_RAW, "variables": {"amount": 100, "code": link["code"] + "\x00"}},
    )
    assert nul.status_code == 400


CONVERT_RAW = """mutation($amount: BigInt!, $code: String!, $at: DateTime) {
  recordConversion(input: {friend: {referralCode: $code, email: "z@example.org"},
    externalOrderId: "o-raw", amount: $amount, currency: "USD", idempotencyKey: "key-raw-0001",
    occurredAt: $at}) { __typename ... on UserError { code field } } }"""
