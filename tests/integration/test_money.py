"""Money: every ISO 4217 currency in circulation works wherever a currency is taken, amounts
read with the currency's own digits, and money is only ever compared within one currency."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLErrors, gql
from tests.factories import create_campaign, enroll, live_campaign

SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on RewardRuleVersion { version autoApproveMaxValue { formatted exponent }
  rules { fixedValue { amount currency exponent formatted } minOrderValue { formatted } } }
  ... on UserError { code field message } } }"""
UPDATE = """mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id,
  input: $input) { __typename ... on Campaign { currency } ... on UserError { code field } } }"""
CONVERT = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  __typename ... on ConversionRecorded { conversion { id noRewardReason
    amount { amount currency exponent formatted } } }
  ... on UserError { code field message } } }"""
REWARDS = """{ rewards(first: 50) { nodes { ruleKey value { amount currency exponent formatted }
  } } }"""
PREVIEW = """query($id: ID!, $s: RewardScenario!) { previewReward(campaignId: $id, scenario: $s)
  { refused rewards { value { formatted } } } }"""

VALID = ["USD", "EUR", "JPY", "KWD", "PYG", "GBP", "CHF", "BHD"]
INVALID = ["ZZZ", "XYZ", "BTC", "XAU", "XTS", "DEM", "US", "ÉUR"]


def rule(currency: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": "give",
        "recipient": "ADVOCATE",
        "trigger": "FIRST_PURCHASE",
        "kind": "CASH",
        "currency": currency,
        "fixedAmount": 1234,
        **extra,
    }


def order(key: str, currency: str, amount: int = 5000, **friend: Any) -> dict[str, Any]:
    return {
        "friend": friend,
        "externalOrderId": f"o-{key}",
        "amount": amount,
        "currency": currency,
        "idempotencyKey": f"money-key-{key}",
    }


@pytest.mark.parametrize("currency", VALID)
async def test_create_update_rules_and_orders_in_any_valid_currency(
    client: httpx.AsyncClient, currency: str
) -> None:
    made = await create_campaign(client, currency=currency.lower())
    assert made["__typename"] == "Campaign", made
    cid = made["id"]
    got = await gql(client, "query($id: ID!) { campaign(id: $id) { currency } }", id=cid)
    assert got["campaign"]["currency"] == currency
    moved = await gql(client, UPDATE, id=cid, input={"currency": "EUR"})
    assert moved["updateCampaign"] == {"__typename": "Campaign", "currency": "EUR"}
    back = await gql(client, UPDATE, id=cid, input={"currency": currency})
    assert back["updateCampaign"]["currency"] == currency
    rules = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [rule(currency)], "autoApproveMax": 5000},
    )
    version = rules["setRewardRules"]
    assert version["__typename"] == "RewardRuleVersion", version
    await gql(client, "mutation($id: ID!) { launchCampaign(id: $id) { __typename } }", id=cid)
    link = await enroll(client, cid)
    done = await gql(
        client,
        CONVERT,
        input=order("1", currency.lower(), referralCode=link["code"], email="bob@example.org"),
    )
    conversion = done["recordConversion"]["conversion"]
    assert conversion["amount"]["currency"] == currency
    assert conversion["noRewardReason"] is None
    [reward] = (await gql(client, REWARDS))["rewards"]["nodes"]
    assert reward["value"]["currency"] == currency
    preview = await gql(
        client,
        PREVIEW,
        id=cid,
        s={
            "advocateEmail": "ada@example.com",
            "friendEmail": "eve@example.org",
            "orderAmount": 5000,
            "currency": currency,
        },
    )
    assert preview["previewReward"]["refused"] is None


@pytest.mark.parametrize("currency", INVALID)
async def test_made_up_withdrawn_and_non_money_codes_are_refused_everywhere(
    client: httpx.AsyncClient, currency: str
) -> None:
    made = await create_campaign(client, currency=currency)
    assert (made["__typename"], made["code"], made["field"]) == (
        "UserError",
        "INVALID_INPUT",
        "currency",
    )
    cid = await live_campaign(client, slug="valid-one")
    moved = await gql(client, UPDATE, id=cid, input={"currency": currency})
    assert moved["updateCampaign"] == {
        "__typename": "UserError",
        "code": "INVALID_INPUT",
        "field": "currency",
    }
    rules = await gql(client, SET_RULES, input={"campaignId": cid, "rules": [rule(currency)]})
    assert rules["setRewardRules"]["field"] == "rules.0.currency"
    link = await enroll(client, cid)
    done = await gql(
        client, CONVERT, input=order("2", currency, referralCode=link["code"], email="b@x.org")
    )
    assert (done["recordConversion"]["code"], done["recordConversion"]["field"]) == (
        "INVALID_INPUT",
        "currency",
    )


async def test_amounts_read_with_each_currency_s_own_digits(client: httpx.AsyncClient) -> None:
    """KWD has three decimals, JPY and PYG none: exponent and formatted come from ISO 4217."""
    expected = {"KWD": (3, "KWD1.234"), "JPY": (0, "¥1,234"), "PYG": (0, "PYG1,234")}
    for currency, (exponent, formatted) in expected.items():
        cid = (await create_campaign(client, slug=f"c-{currency.lower()}", currency=currency))["id"]
        version = (
            await gql(client, SET_RULES, input={"campaignId": cid, "rules": [rule(currency)]})
        )["setRewardRules"]
        assert version["rules"][0]["fixedValue"] == {
            "amount": 1234,
            "currency": currency,
            "exponent": exponent,
            "formatted": formatted,
        }


async def test_an_order_in_another_currency_earns_nothing_and_says_why(
    client: httpx.AsyncClient,
) -> None:
    """A USD rule with a 5000 minimum: 5000 JPY is not 50 USD, and nothing is converted."""
    cid = await live_campaign(client)
    made = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [rule("USD", minOrderAmount=5000)]},
    )
    assert made["setRewardRules"]["rules"][0]["minOrderValue"]["formatted"] == "$50.00"
    link = await enroll(client, cid)
    code = link["code"]
    yen = await gql(client, CONVERT, input=order("y", "JPY", referralCode=code, email="a@x.org"))
    assert yen["recordConversion"]["conversion"]["noRewardReason"] == "CURRENCY_MISMATCH"
    euro = await gql(
        client, CONVERT, input=order("e", "EUR", 99999, referralCode=code, email="b@x.org")
    )
    assert euro["recordConversion"]["conversion"]["noRewardReason"] == "CURRENCY_MISMATCH"
    dollars = await gql(
        client, CONVERT, input=order("u", "USD", referralCode=code, email="c@x.org")
    )
    assert dollars["recordConversion"]["conversion"]["noRewardReason"] is None
    rewards = (await gql(client, REWARDS))["rewards"]["nodes"]
    assert [r["value"]["formatted"] for r in rewards] == ["$12.34"]
    preview = await gql(
        client,
        PREVIEW,
        id=cid,
        s={
            "advocateEmail": "ada@example.com",
            "friendEmail": "eve@example.org",
            "orderAmount": 5000,
            "currency": "JPY",
        },
    )
    assert preview["previewReward"]["rewards"] == []
    assert "JPY" in preview["previewReward"]["refused"]


async def test_rules_caps_and_thresholds_are_in_the_campaign_s_currency(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)  # USD
    refused = await gql(client, SET_RULES, input={"campaignId": cid, "rules": [rule("EUR")]})
    assert refused["setRewardRules"]["code"] == "INVALID_INPUT"
    assert refused["setRewardRules"]["field"] == "rules.0.currency"
    made = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [rule("USD")], "autoApproveMax": 2000},
    )
    assert made["setRewardRules"]["autoApproveMaxValue"] == {"formatted": "$20.00", "exponent": 2}


async def test_an_amount_out_of_range_says_the_range(client: httpx.AsyncClient) -> None:
    """Zero, negative and too large amounts are refused on `amount` with the range they
    missed (a too large amount was told it must be positive)."""
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    for n, amount in enumerate((0, -1, 10**15 + 1)):
        refused = (
            await gql(client, CONVERT, input=order(f"range-{n}", "USD", amount, referralCode=code))
        )["recordConversion"]
        assert (refused["code"], refused["field"]) == ("INVALID_INPUT", "amount"), refused
        assert refused["message"] == (
            "The amount is a whole number of minor units from 1 to 1,000,000,000,000,000."
        )
    largest = order("range-max", "USD", 10**15, referralCode=code, email="big@example.org")
    done = (await gql(client, CONVERT, input=largest))["recordConversion"]
    assert done["conversion"]["amount"]["formatted"] == "$10,000,000,000,000.00"


async def test_a_sum_past_bigint_s_range_is_an_error_not_an_inexact_number(
    client: httpx.AsyncClient,
) -> None:
    """Ten orders at the largest amount add up past 2^53-1: the revenue sum is a field error
    (a JSON client would read that number inexactly), while each order still reads exactly."""
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    for n in range(10):
        big = order(f"sum-{n}", "USD", 10**15, referralCode=code, email=f"sum-{n}@example.org")
        done = (await gql(client, CONVERT, input=big))["recordConversion"]
        assert done["conversion"]["amount"]["amount"] == 10**15, done
    stats = """query($id: ID!) { campaign(id: $id) { stats { conversions
      revenue { amount currency } } } }"""
    with pytest.raises(GraphQLErrors) as refused:
        await gql(client, stats, id=cid)
    assert "BigInt is out of range" in str(refused.value)
