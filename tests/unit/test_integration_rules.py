"""Where provider events carry touches, Shopify's HMAC, provider amounts in minor units."""

from __future__ import annotations

import pytest

from server import money
from server.errors import InvalidInput
from server.integrations import rules
from server.integrations.models import Provider
from server.integrations.rules import Touches
from tests.provider_events import SHOPIFY_SECRET, shopify_hmac


def test_client_reference_is_a_code_or_a_visit_token() -> None:
    assert rules.from_reference("ABCDEFGHJK") == Touches(referral_code="ABCDEFGHJK")
    assert rules.from_reference("Xy3_-abcdefghijklmnopq") == Touches(
        visit_token="Xy3_-abcdefghijklmnopq"
    )
    assert not rules.from_reference("x" * 60) and not rules.from_reference(None)


def test_touches_from_urls_notes_and_attributes() -> None:
    assert rules.from_url("/shop?ref=ABC&vt=tok&utm_source=x") == Touches("tok", "ABC")
    assert rules.from_url("https://s.example/?q=1") == Touches()
    assert rules.from_pairs([{"name": "VT", "value": "tok"}, {"name": "ref", "value": "C"}]) == (
        Touches("tok", "C")
    )
    assert rules.from_note("Size: M\nvt: tok\n") == Touches(visit_token="tok")
    assert rules.with_coupon(Touches(), ["bad code!", "SPRING-10"]).coupon_code == "SPRING-10"
    assert Touches("a").merged(Touches("b", "c")) == Touches("a", "c")


def test_shopify_signature_is_checked_on_the_raw_body() -> None:
    body = b'{"id": 1}'
    assert rules.shopify_signature_ok(SHOPIFY_SECRET, body, shopify_hmac(body))
    assert not rules.shopify_signature_ok(SHOPIFY_SECRET, body + b" ", shopify_hmac(body))
    assert not rules.shopify_signature_ok(SHOPIFY_SECRET, body, None)


@pytest.mark.parametrize(
    ("value", "currency", "minor"),
    [("199.00", "USD", 19900), ("5000", "JPY", 5000), ("1.234", "KWD", 1234), ("0.5", "EUR", 50)],
)
def test_amounts_use_the_currency_exponent(value: str, currency: str, minor: int) -> None:
    assert money.minor_units(value, currency) == minor


@pytest.mark.parametrize(("value", "currency"), [("1.5", "JPY"), ("1.001", "USD"), ("x", "USD")])
def test_amounts_with_too_many_decimals_are_refused(value: str, currency: str) -> None:
    with pytest.raises(InvalidInput):
        money.minor_units(value, currency)


def test_settings_are_validated() -> None:
    with pytest.raises(InvalidInput):
        rules.validate_conversion_events(Provider.STRIPE, ["orders/paid"])
    with pytest.raises(InvalidInput):
        rules.validate_secrets(Provider.STRIPE, ["whsec_a", "whsec_b", "whsec_c", "whsec_d"])
    assert rules.validate_shop_domain(" Shop.MyShopify.com ") == "shop.myshopify.com"
