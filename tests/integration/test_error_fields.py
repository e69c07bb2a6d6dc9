"""A refusal's `field` is the input path a client's form knows (README, "Errors"): the friend's
refusals were `friendEmail`, `referralCode`, `campaignId` on `recordConversion(input: {friend:
{...}})`, a duplicate rule key `rules.key`, a negative threshold `policy.auto_approve_max`, a
share template `shareEmailBody`, a bad bulk id `ids`, a state error `status`, a weak new
password `password` — none of them an input of the mutation. The tests' client also checks
every answer of the suite against the schema (tests/field_paths.py)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import GraphQLErrors, gql
from tests.factories import (
    CASH_PER_FIRST_PURCHASE,
    SET_REWARD_RULES,
    convert,
    create_campaign,
    enroll,
    live_campaign,
    signup,
)

UPDATE = """mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id,
  input: $input) { __typename ... on UserError { code field } } }"""
PAUSE = """mutation($id: ID!) { pauseCampaign(id: $id) {
  __typename ... on UserError { code field } } }"""
APPROVE = """mutation($ids: [ID!]!) { approveRewards(ids: $ids) {
  __typename ... on UserError { code field } } }"""
PREVIEW = """query($id: ID!, $s: RewardScenario!) { previewReward(campaignId: $id, scenario: $s) {
  refused } }"""


def _refusal(answer: dict[str, Any]) -> tuple[str, str | None]:
    assert answer["__typename"] == "UserError", answer
    return answer["code"], answer["field"]


async def test_the_friends_refusals_name_friend_paths(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    await enroll(client, cid, "ada@example.com")
    # An order for someone nobody referred: the friend's email is at fault.
    unknown = await convert(client, "key-unknown-1", "o-1", campaignId=cid, email="x@example.org")
    assert _refusal(unknown) == ("NOT_FOUND", "friend.email")
    # An unknown code, a campaign id that is not one.
    assert _refusal(await signup(client, referralCode="NOPE1234", email="b@example.org")) == (
        "NOT_FOUND",
        "friend.referralCode",
    )
    assert _refusal(await signup(client, campaignId="nope", email="b@example.org")) == (
        "INVALID_INPUT",
        "friend.campaignId",
    )


async def test_rules_share_templates_and_bulk_ids_name_their_paths(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    twice = {"campaignId": cid, "rules": [CASH_PER_FIRST_PURCHASE, CASH_PER_FIRST_PURCHASE]}
    answer = (await gql(client, SET_REWARD_RULES, input=twice))["setRewardRules"]
    assert (answer["code"], answer["field"]) == ("INVALID_INPUT", "rules.1.key")
    negative = {"campaignId": cid, "rules": [CASH_PER_FIRST_PURCHASE], "fourEyesAbove": -1}
    answer = (await gql(client, SET_REWARD_RULES, input=negative))["setRewardRules"]
    assert (answer["code"], answer["field"]) == ("INVALID_INPUT", "fourEyesAbove")

    share = {"share": {"emailBody": "Hi {nme}"}}
    answer = (await gql(client, UPDATE, id=cid, input=share))["updateCampaign"]
    assert _refusal(answer) == ("INVALID_INPUT", "share.emailBody")

    answer = (await gql(client, APPROVE, ids=["UmV3YXJkOjE=", "not-an-id"]))["approveRewards"]
    assert _refusal(answer) == ("INVALID_INPUT", "ids.1")

    draft = await create_campaign(client, slug="still-a-draft")
    assert _refusal((await gql(client, PAUSE, id=draft["id"]))["pauseCampaign"]) == (
        "INVALID_STATE",
        "id",
    )


async def test_a_query_names_the_nested_input_in_its_error(client: httpx.AsyncClient) -> None:
    """previewReward's scenario: `extensions.field` is `scenario.advocateEmail`."""
    cid = await live_campaign(client)
    scenario = {
        "advocateEmail": "not an email",
        "friendEmail": "f@example.org",
        "orderAmount": 100,
        "currency": "USD",
    }
    try:
        await gql(client, PREVIEW, id=cid, s=scenario)
    except GraphQLErrors as refused:
        extensions = refused.args[0][0]["extensions"]
    else:
        raise AssertionError("an invalid email was previewed")
    assert (extensions["code"], extensions["field"]) == ("INVALID_INPUT", "scenario.advocateEmail")
