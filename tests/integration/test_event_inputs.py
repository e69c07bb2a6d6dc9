"""recordConversion's and recordSignup's inputs are built straight from the coerced value: every
field the caller gave reaches the service as Strawberry would have converted it, omitted ones
take their defaults, and Strawberry's per-field conversion is not run for them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from strawberry.types import arguments

from server.errors import InvalidInput
from server.referrals import service
from tests.conftest import gql
from tests.factories import CONVERT, SIGNUP
from tests.ids import gid


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the service was asked (it then refuses, so nothing is written), and how many
    times Strawberry's argument conversion ran."""
    calls: dict[str, Any] = {"converted": 0}
    convert = arguments.convert_argument

    def counted(*args: Any, **kwargs: Any) -> object:
        calls["converted"] += 1
        return convert(*args, **kwargs)

    async def record(**kwargs: Any) -> Any:
        calls.update(kwargs)
        raise InvalidInput("stop here", field="friend")

    monkeypatch.setattr(arguments, "convert_argument", counted)
    # The API records conversions in turn (server/referrals/admission.py).
    monkeypatch.setattr(service, "record_conversion_queued", record)
    monkeypatch.setattr(service, "record_signup", record)
    return calls


async def test_every_conversion_field_reaches_the_service(
    client: httpx.AsyncClient, seen: dict[str, Any]
) -> None:
    friend = {
        "campaignId": gid("Campaign", 7),
        "referralCode": "ABCDEF",
        "visitToken": "t1",
        "visitTokens": ["t2", "t3"],
        "couponCode": "SAVE10",
        "email": "friend@example.org",
        "externalId": "cust-9",
        "testData": True,
    }
    done = await gql(
        client,
        CONVERT,
        input={
            "friend": friend,
            "externalOrderId": "o-1",
            "amount": "5000",
            "currency": "usd",
            "idempotencyKey": "k-1",
            "occurredAt": "2026-11-30T10:00:00+00:00",
            "ipAddress": "203.0.113.9",
            "userAgent": "Mozilla/5.0",
            "deviceId": "dev-1",
        },
    )
    assert done["recordConversion"]["code"] == "INVALID_INPUT", done
    ref, order = seen["ref"], seen["order"]
    assert (ref.campaign_id, ref.referral_code, ref.visit_token) == (7, "ABCDEF", "t1")
    assert ref.visit_tokens == ("t2", "t3") and ref.coupon_code == "SAVE10"
    assert (ref.email, ref.external_id, ref.test_data) == ("friend@example.org", "cust-9", True)
    assert ref.ip_hash and ref.ua_hash and ref.evidence.device_hash
    assert ref.evidence.payment_hash is None
    assert (order.external_order_id, order.amount, order.currency) == ("o-1", 5000, "usd")
    assert order.occurred_at == datetime(2026, 11, 30, 10, tzinfo=UTC)
    assert seen["idempotency_key"] == "k-1"
    # The input and its friend: two conversions, not one per field (35 before).
    assert seen["converted"] <= 2, seen["converted"]


async def test_omitted_fields_take_their_defaults(
    client: httpx.AsyncClient, seen: dict[str, Any]
) -> None:
    done = await gql(client, SIGNUP, input={"friend": {"referralCode": "ABCDEF"}})
    assert done["recordSignup"]["code"] == "INVALID_INPUT", done
    ref = seen["ref"]
    assert ref.referral_code == "ABCDEF" and ref.campaign_id is None
    assert ref.visit_tokens == () and ref.email is None and ref.test_data is False
    assert ref.ip_hash is None and seen["name"] is None and seen["occurred_at"] is None
    assert seen["converted"] <= 2, seen["converted"]
