"""What a client sees: its own writes read back, its friends' rewards, holds of 0 days, and
the lifecycle decisions (after the end, while paused, past deadlines, conversion rate)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from server.clock import FrozenClock
from server.jobs import run_due
from tests.conftest import gql, make_client
from tests.factories import (
    CASH_PER_FIRST_PURCHASE,
    convert,
    create_campaign,
    enroll,
    live_campaign,
)

CREATE_KEY = """mutation { createApiKey(input: {name: "shop", role: INTEGRATION, test: false}) {
  ... on CreatedApiKey { secret } } }"""
SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code field } } }"""
CONVERT = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  __typename ... on ConversionRecorded { conversion { id referral { id status }
    rewards { rewardId recipient status value { formatted } } } }
  ... on UserError { code field message } } }"""
ENROLL = """mutation($input: EnrollAdvocateInput!) { enrollAdvocate(input: $input) {
  __typename ... on Enrollment { link { id code advocate { id email } } } } }"""
BY_ORDER = """query($c: ID!, $o: String!) { conversionByOrder(campaignId: $c, externalOrderId: $o)
  { id referral { status rewards { recipient status } } rewards { recipient status } } }"""
APPROVE = """mutation($id: ID!) { approveReward(id: $id) { __typename } }"""
MOVE = """mutation($id: ID!) { pauseCampaign(id: $id) { __typename }
  }"""
END = """mutation($id: ID!) { endCampaign(id: $id) { __typename } }"""
UPDATE = """mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id,
  input: $input) { __typename ... on UserError { code field } } }"""
REPLAYED = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  ... on ConversionRecorded { replayed } } }"""
STATS = """query($id: ID!) { campaign(id: $id) { stats { conversions conversionRate } } }"""


def rule(**extra: Any) -> dict[str, Any]:
    return {**CASH_PER_FIRST_PURCHASE, **extra}


def order(key: str, code: str, email: str = "bob@example.org") -> dict[str, Any]:
    return {
        "friend": {"referralCode": code, "email": email},
        "externalOrderId": key,
        "amount": 5000,
        "currency": "USD",
        "idempotencyKey": f"client-view-{key}",
    }


async def _shop(client: httpx.AsyncClient, app: Starlette) -> httpx.AsyncClient:
    return make_client(app, (await gql(client, CREATE_KEY))["createApiKey"]["secret"])


async def test_an_integration_reads_back_what_it_wrote_and_its_friends_rewards(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    await gql(client, SET_RULES, input={"campaignId": cid, "rules": [rule(holdDays=7)]})
    async with await _shop(client, app) as shop:
        # The advocate is another person's data: the link comes back, the advocate is null.
        response = await shop.post(
            "/graphql",
            json={"query": ENROLL, "variables": {"input": {"campaignId": cid, "email": "a@x.com"}}},
        )
        body = response.json()
        link = body["data"]["enrollAdvocate"]["link"]
        assert link["id"] and link["advocate"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        done = (await gql(shop, CONVERT, input=order("o-1", link["code"])))["recordConversion"]
        conversion = done["conversion"]
        assert conversion["referral"]["status"] == "CONVERTED"
        [reward] = conversion["rewards"]
        assert (reward["recipient"], reward["status"]) == ("ADVOCATE", "PENDING")
        assert reward["value"]["formatted"] == "$10.00"
    # Staff approve it once the hold is over; the shop sees the decision.
    clock.advance(timedelta(days=8))
    await run_due(clock=clock)
    approved = await gql(client, APPROVE, id=reward["rewardId"])
    assert approved["approveReward"]["__typename"] == "RewardDecision", approved
    async with await _shop(client, app) as shop:
        seen = (await gql(shop, BY_ORDER, c=cid, o="o-1"))["conversionByOrder"]
        assert seen["rewards"] == [{"recipient": "ADVOCATE", "status": "APPROVED"}]
        assert seen["referral"]["rewards"] == seen["rewards"]
        assert (await gql(shop, BY_ORDER, c=cid, o="nope"))["conversionByOrder"] is None
    fields = await gql(client, '{ __type(name: "ReportedReward") { fields { name } } }')
    names = {f["name"] for f in fields["__type"]["fields"]}
    assert not names & {"advocate", "email", "referral", "campaign", "decidedBy"}


# Fields an integration key may not read, each with every field above it non-null up to the
# mutation: a denial there would null the whole answer after the order was committed.
RECORD = """%s mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  ... on ConversionRecorded { conversion { referral { %s } } } } }"""
UNREADABLE = {
    "Campaign.stats": RECORD % ("", "campaign { stats { conversions } }"),
    "Campaign.leaderboard": RECORD
    % ("fragment Top on Campaign { leaderboard { rank } }", "campaign { ...Top }"),
    "Campaign.links": RECORD % ("", "campaign { links(first: 1) { nodes { code } } }"),
}


async def test_a_write_is_refused_whole_when_its_answer_would_be_data_null(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    """A committed write is never answered `data: null`: a selection that would be is refused
    before anything runs (typed FORBIDDEN, naming the field), and the order is still new."""
    cid = await live_campaign(client)
    code = (await enroll(client, cid))["code"]
    async with await _shop(client, app) as shop:
        for name, query in UNREADABLE.items():
            response = await shop.post(
                "/graphql", json={"query": query, "variables": {"input": order("o-9", code)}}
            )
            body = response.json()
            assert response.status_code == 200 and body["data"] is None, body
            [error] = body["errors"]
            assert error["extensions"]["code"] == "FORBIDDEN" and name in error["message"]
            assert (await gql(shop, BY_ORDER, c=cid, o="o-9"))["conversionByOrder"] is None
        # The same request without the unreadable field records the order, for the first time.
        done = await gql(shop, REPLAYED, input=order("o-9", code))
        assert done["recordConversion"] == {"replayed": False}
    # Staff who may read the field get the write and the field in one answer.
    staff = await gql(client, UNREADABLE["Campaign.stats"], input=order("o-10", code))
    assert staff["recordConversion"]["conversion"]["referral"]["campaign"]["stats"]


async def test_hold_days_zero_rewards_move_on_at_once(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    made = await gql(
        client,
        SET_RULES,
        input={
            "campaignId": cid,
            "rules": [rule(holdDays=0), rule(key="big", fixedAmount=9000, holdDays=0)],
            "autoApproveMax": 5000,
        },
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    link = await enroll(client, cid)
    done = (await gql(client, CONVERT, input=order("o-0", link["code"])))["recordConversion"]
    statuses = sorted(r["status"] for r in done["conversion"]["rewards"])
    assert statuses == ["APPROVED", "AWAITING_APPROVAL"]  # no periodic job has run


async def test_orders_after_the_end_count_within_the_grace_period(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client, orderGraceDays=10)
    link = await enroll(client, cid)
    first = await convert(client, "grace-key-01", "o-1", referralCode=link["code"], email="b@x.org")
    assert first["__typename"] == "ConversionRecorded", first
    referred = clock.now()
    clock.advance(timedelta(hours=12))
    assert (await gql(client, END, id=cid))["endCampaign"]["__typename"] == "Campaign"
    clock.advance(timedelta(days=5))
    again = await convert(client, "grace-key-02", "o-2", campaignId=cid, email="b@x.org")
    assert again["__typename"] == "ConversionRecorded", again
    newcomer = await convert(client, "grace-key-03", "o-3", referralCode=link["code"],
                             email="new@x.org")  # fmt: skip
    assert newcomer["code"] == "INVALID_STATE"
    clock.advance(timedelta(days=6))  # 11 days after the end
    late = await convert(client, "grace-key-04", "o-4", campaignId=cid, email="b@x.org")
    assert (late["code"], late["field"]) == ("INVALID_STATE", "occurredAt")
    # An order from before the end, reported late, still counts.
    before = await convert(client, "grace-key-05", "o-5", campaignId=cid, email="b@x.org",
                           occurredAt=(referred + timedelta(hours=6)).isoformat())  # fmt: skip
    assert before["__typename"] == "ConversionRecorded", before
    edit = (await gql(client, UPDATE, id=cid, input={"name": "x"}))["updateCampaign"]
    assert edit["code"] == "INVALID_STATE"


async def test_a_paused_campaign_enrols_but_attributes_nothing(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    assert (await gql(client, MOVE, id=cid))["pauseCampaign"]["__typename"] == "Campaign"
    link = await enroll(client, cid, "paused@example.com")
    assert link["code"]
    refused = await convert(client, "pause-key-01", "o-1", referralCode=link["code"],
                            email="b@x.org")  # fmt: skip
    assert refused["code"] == "INVALID_STATE"


async def test_an_objective_deadline_in_the_past_is_refused(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    past = (clock.now() - timedelta(days=1)).isoformat()
    future = (clock.now() + timedelta(days=30)).isoformat()
    made = await create_campaign(
        client, objective={"metric": "CONVERSIONS", "target": 10, "deadline": past}
    )
    assert (made["code"], made["field"]) == ("INVALID_INPUT", "objective.deadline")
    ok = await create_campaign(
        client, objective={"metric": "CONVERSIONS", "target": 10, "deadline": future}
    )
    assert ok["__typename"] == "Campaign"
    moved = await gql(
        client,
        UPDATE,
        id=ok["id"],
        input={"objective": {"metric": "CONVERSIONS", "target": 10, "deadline": past}},
    )
    assert moved["updateCampaign"] == {
        "__typename": "UserError",
        "code": "INVALID_INPUT",
        "field": "objective.deadline",
    }


async def test_conversion_rate_is_a_share_of_referred_friends(client: httpx.AsyncClient) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid)
    for n in range(3):  # one friend, three orders, arriving by code (no click at all)
        await convert(client, f"rate-key-0{n}", f"o-{n}", referralCode=link["code"],
                      email="b@x.org")  # fmt: skip
    await convert(client, "rate-key-10", "o-10", referralCode=link["code"], email="c@x.org")
    from tests.factories import signup

    await signup(client, referralCode=link["code"], email="d@x.org")
    stats = (await gql(client, STATS, id=cid))["campaign"]["stats"]
    assert stats["conversions"] == 4
    assert stats["conversionRate"] == 2 / 3
