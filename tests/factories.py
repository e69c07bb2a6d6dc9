"""Building blocks for integration tests, all going through the public GraphQL API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import gql

CREATE = """
mutation($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    __typename
    ... on Campaign { id slug status phase }
    ... on UserError { code message field }
  }
}"""
LAUNCH = """
mutation($id: ID!) { launchCampaign(id: $id) {
  __typename ... on Campaign { id status } ... on UserError { code message field } } }"""
ENROLL = """
mutation($input: EnrollAdvocateInput!) {
  enrollAdvocate(input: $input) {
    __typename
    ... on Enrollment { created link { id code shareUrl advocate { id email } } }
    ... on UserError { code message field }
  }
}"""
SIGNUP = """
mutation($input: RecordSignupInput!) {
  recordSignup(input: $input) {
    __typename
    ... on Referral { id status attributionMethod friendEmail }
    ... on UserError { code message field }
  }
}"""
CONVERT = """
mutation($input: RecordConversionInput!) {
  recordConversion(input: $input) {
    __typename
    ... on ConversionRecorded { replayed conversion { id status amount { amount currency }
                                refunded { amount } referral { id status } } }
    ... on UserError { code message field }
  }
}"""
REFUND = """
mutation($input: RecordRefundInput!) {
  recordRefund(input: $input) {
    __typename
    ... on ConversionRecorded { replayed conversion { id status refunded { amount } } }
    ... on UserError { code message field }
  }
}"""


async def create_campaign(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    data = {"name": "Give 10", "slug": "give-10", "landingUrl": "https://shop.example.com/join"}
    data.update(overrides)
    result: dict[str, Any] = (await gql(client, CREATE, input=data))["createCampaign"]
    return result


async def live_campaign(client: httpx.AsyncClient, **overrides: Any) -> str:
    campaign = await create_campaign(client, **overrides)
    assert campaign["__typename"] == "Campaign", campaign
    launched = (await gql(client, LAUNCH, id=campaign["id"]))["launchCampaign"]
    assert launched["status"] == "ACTIVE", launched
    return str(campaign["id"])


async def enroll(
    client: httpx.AsyncClient, campaign_id: str, email: str = "ada@example.com", **extra: Any
) -> dict[str, Any]:
    result = await gql(client, ENROLL, input={"campaignId": campaign_id, "email": email, **extra})
    payload: dict[str, Any] = result["enrollAdvocate"]
    assert payload["__typename"] == "Enrollment", payload
    link: dict[str, Any] = payload["link"]
    return link


async def click(client: httpx.AsyncClient, code: str, ua: str = "TestBrowser/1") -> str:
    """Follow a share link; returns the visit token from the redirect."""
    from urllib.parse import parse_qs, urlsplit

    response = await client.get(f"/r/{code}", headers={"user-agent": ua})
    assert response.status_code == 302, response.text
    return parse_qs(urlsplit(response.headers["location"]).query)["vt"][0]


async def signup(client: httpx.AsyncClient, **friend: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(client, SIGNUP, input={"friend": friend}))["recordSignup"]
    return result


async def convert(
    client: httpx.AsyncClient,
    key: str,
    order: str,
    amount: int = 5000,
    occurredAt: str | None = None,
    **friend: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "occurredAt": occurredAt,
        "friend": friend,
        "externalOrderId": order,
        "amount": amount,
        "currency": "USD",
        "idempotencyKey": key,
    }
    result: dict[str, Any] = (await gql(client, CONVERT, input=data))["recordConversion"]
    return result


async def convert_retryable(
    client: httpx.AsyncClient, key: str, order: str, amount: int = 5000, **friend: Any
) -> dict[str, Any]:
    """`convert`, also reading `retryAfter` (set when a twin request is still in flight)."""
    data = {
        "friend": friend,
        "externalOrderId": order,
        "amount": amount,
        "currency": "USD",
        "idempotencyKey": key,
    }
    query = CONVERT.replace("{ code message field }", "{ code message field retryAfter }")
    result: dict[str, Any] = (await gql(client, query, input=data))["recordConversion"]
    return result


async def refund(
    client: httpx.AsyncClient, conversion_id: str, amount: int, key: str
) -> dict[str, Any]:
    data = {"conversionId": conversion_id, "amount": amount, "idempotencyKey": key}
    result: dict[str, Any] = (await gql(client, REFUND, input=data))["recordRefund"]
    return result


SET_REWARD_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code field message } } }"""
# $10 cash to the advocate for each referred friend's first purchase.
CASH_PER_FIRST_PURCHASE = {
    "key": "give",
    "recipient": "ADVOCATE",
    "trigger": "FIRST_PURCHASE",
    "kind": "CASH",
    "currency": "USD",
    "fixedAmount": 1000,
}


async def paying_campaign(client: httpx.AsyncClient, **overrides: Any) -> str:
    """A live campaign paying its advocates per first purchase (auto-approved up to $50)."""
    cid = await live_campaign(client, **overrides)
    rules = {"campaignId": cid, "rules": [CASH_PER_FIRST_PURCHASE], "autoApproveMax": 5000}
    made = await gql(client, SET_REWARD_RULES, input=rules)
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    return cid
