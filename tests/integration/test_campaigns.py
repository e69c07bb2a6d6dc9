from __future__ import annotations

from typing import Any

import httpx

from server.audit.models import AuditEvent
from server.clock import FrozenClock
from tests.conftest import gql
from tests.factories import LAUNCH, create_campaign
from tests.ids import gid, pk

UPDATE = """
mutation($id: ID!, $input: UpdateCampaignInput!) {
  updateCampaign(id: $id, input: $input) {
    __typename
    ... on Campaign { name slackChannel objective { metric target } endsAt }
    ... on UserError { code message field }
  }
}"""
MOVE = """
mutation($id: ID!) {
  pause: pauseCampaign(id: $id) { __typename ... on Campaign { status } ... on UserError { code field } }
}"""
END = """
mutation($id: ID!) { endCampaign(id: $id) {
  __typename ... on Campaign { status phase endedAt } ... on UserError { code message field } } }"""


async def test_create_campaign_starts_as_draft_and_is_audited(client: httpx.AsyncClient) -> None:
    campaign = await create_campaign(client, objective={"metric": "CONVERSIONS", "target": 50})
    assert campaign["status"] == "DRAFT" and campaign["phase"] == "DRAFT"
    events = await AuditEvent.filter(action="campaign.create").values("target_id", "diff")
    assert [e["target_id"] for e in events] == [str(pk(campaign["id"]))]
    assert events[0]["diff"]["slug"] == [None, "give-10"]


async def test_duplicate_slug_is_a_conflict(client: httpx.AsyncClient) -> None:
    await create_campaign(client)
    again = await create_campaign(client)
    assert again == {
        "__typename": "UserError",
        "code": "CONFLICT",
        "message": "A campaign with this slug exists.",
        "field": "slug",
    }


async def test_invalid_inputs_name_the_field(client: httpx.AsyncClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"slug": "Not A Slug"}, "slug"),
        ({"landingUrl": "javascript:alert(1)"}, "landingUrl"),
        ({"attributionWindowDays": 0}, "attributionWindowDays"),
        ({"share": {"emailBody": "Hi {nme}"}}, "share.emailBody"),
        ({"startsAt": "2026-05-01T00:00:00Z", "endsAt": "2026-04-01T00:00:00Z"}, "endsAt"),
        ({"objective": {"metric": "REVENUE", "target": 0}}, "objective.target"),
        ({"currency": "DOLLARS"}, "currency"),
        ({"currency": "ÉUR"}, "currency"),  # letters, but not ISO 4217's
        ({"slackChannel": "#wins"}, "slackChannel"),  # a name: Slack's history API needs ids
    ]
    for overrides, field in cases:
        result = await create_campaign(client, **overrides)
        assert result["__typename"] == "UserError", overrides
        assert (result["code"], result["field"]) == ("INVALID_INPUT", field), result
    assert (await gql(client, "{ campaigns { edges { cursor } } }"))["campaigns"]["edges"] == []


async def test_update_changes_only_given_fields_and_null_clears(client: httpx.AsyncClient) -> None:
    cid = (
        await create_campaign(
            client, slackChannel="C0WINS0001", objective={"metric": "CONVERSIONS", "target": 5}
        )
    )["id"]
    renamed = (await gql(client, UPDATE, id=cid, input={"name": "New name"}))["updateCampaign"]
    assert renamed["name"] == "New name" and renamed["slackChannel"] == "C0WINS0001"
    cleared = await gql(client, UPDATE, id=cid, input={"slackChannel": None, "objective": None})
    assert cleared["updateCampaign"]["slackChannel"] is None
    assert cleared["updateCampaign"]["objective"] is None
    first = await AuditEvent.filter(action="campaign.update").order_by("id").first()
    assert first is not None and first.diff == {"name": ["Give 10", "New name"]}


async def test_lifecycle_allows_only_legal_transitions(client: httpx.AsyncClient) -> None:
    cid = (await create_campaign(client))["id"]
    paused_draft = (await gql(client, MOVE, id=cid))["pause"]
    assert paused_draft == {"__typename": "UserError", "code": "INVALID_STATE", "field": "id"}
    assert (await gql(client, LAUNCH, id=cid))["launchCampaign"]["status"] == "ACTIVE"
    assert (await gql(client, MOVE, id=cid))["pause"]["status"] == "PAUSED"
    assert (await gql(client, LAUNCH, id=cid))["launchCampaign"]["status"] == "ACTIVE"
    ended = (await gql(client, END, id=cid))["endCampaign"]
    assert ended["status"] == "ENDED" and ended["endedAt"]
    relaunch = (await gql(client, LAUNCH, id=cid))["launchCampaign"]
    assert relaunch["code"] == "INVALID_STATE"
    edit = (await gql(client, UPDATE, id=cid, input={"name": "x"}))["updateCampaign"]
    assert edit["code"] == "INVALID_STATE"  # the state is at fault, not the input


async def test_unknown_and_malformed_ids_are_typed_errors(client: httpx.AsyncClient) -> None:
    assert (await gql(client, LAUNCH, id=gid("Campaign", 999)))["launchCampaign"][
        "code"
    ] == "NOT_FOUND"
    assert (await gql(client, LAUNCH, id="abc"))["launchCampaign"]["code"] == "INVALID_INPUT"
    assert (await gql(client, '{ campaign(slug: "nope") { id } }'))["campaign"] is None


async def test_schedule_sets_phase(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    cid = (
        await create_campaign(
            client, startsAt="2026-03-10T00:00:00Z", endsAt="2026-03-20T00:00:00Z"
        )
    )["id"]
    await gql(client, LAUNCH, id=cid)
    query = "query($id: ID!) { campaign(id: $id) { status phase } }"
    assert (await gql(client, query, id=cid))["campaign"] == {
        "status": "ACTIVE",
        "phase": "SCHEDULED",
    }
    clock.set(clock.now().replace(day=12))
    assert (await gql(client, query, id=cid))["campaign"]["phase"] == "LIVE"
    clock.set(clock.now().replace(day=21))
    assert (await gql(client, query, id=cid))["campaign"]["phase"] == "ENDED"

    from server.jobs import run_due

    assert await run_due(clock=clock) == {
        "campaigns_ended": 1,
        "reward_holds_released": 0,
        "email_nudges": 0,
    }
    assert (await gql(client, query, id=cid))["campaign"]["status"] == "ENDED"
    assert (await run_due(clock=clock))["campaigns_ended"] == 0


async def test_pagination_is_cursor_based_and_capped(client: httpx.AsyncClient) -> None:
    for i in range(5):
        await create_campaign(client, slug=f"c-{i}")
    page = """query($after: String) { campaigns(first: 2, after: $after) {
        edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        conn = (await gql(client, page, after=after))["campaigns"]
        seen += [e["node"]["slug"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == ["c-4", "c-3", "c-2", "c-1", "c-0"]
    too_many = await client.post(
        "/graphql", json={"query": "{ campaigns(first: 101) { edges { cursor } } }"}
    )
    error = too_many.json()["errors"][0]
    assert error["message"] == "'first' is 0 to 100."
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "first"}
    bad = await client.post(
        "/graphql", json={"query": '{ campaigns(after: "zzz") { edges { cursor } } }'}
    )
    assert bad.json()["errors"][0]["message"] == "Not a valid cursor."
    drafts = await gql(client, "{ campaigns(status: ACTIVE) { edges { cursor } } }")
    assert drafts["campaigns"]["edges"] == []
