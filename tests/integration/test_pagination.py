"""Relay connections: edges with cursors, a complete PageInfo, first/after and last/before."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import gql
from tests.factories import create_campaign, enroll, live_campaign, signup

CAMPAIGNS = """
query($first: Int, $after: String, $last: Int, $before: String) {
  campaigns(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def _page(client: httpx.AsyncClient, **args: Any) -> tuple[list[str], dict[str, Any]]:
    found = (await gql(client, CAMPAIGNS, **args))["campaigns"]
    return [e["node"]["slug"] for e in found["edges"]], found["pageInfo"]


async def test_forwards_and_backwards_meet(client: httpx.AsyncClient) -> None:
    for n in range(1, 6):
        await create_campaign(client, slug=f"c{n}", name=f"C{n}")
    # Newest first: c5 c4 c3 c2 c1.
    slugs, info = await _page(client, first=2)
    assert slugs == ["c5", "c4"]
    assert (info["hasNextPage"], info["hasPreviousPage"]) == (True, False)
    slugs, info = await _page(client, first=2, after=info["endCursor"])
    assert slugs == ["c3", "c2"] and info["hasPreviousPage"] is True

    slugs, info = await _page(client, last=2)
    assert slugs == ["c2", "c1"]
    assert (info["hasNextPage"], info["hasPreviousPage"]) == (False, True)
    slugs, info = await _page(client, last=2, before=info["startCursor"])
    assert slugs == ["c4", "c3"] and info["hasNextPage"] is True
    slugs, info = await _page(client, last=5, before=info["startCursor"])
    assert slugs == ["c5"] and info["hasPreviousPage"] is False

    everything, _ = await _page(client, first=100)
    window, _ = await _page(client, first=100, after=(await _cursor(client, 0)), before=None)
    assert window == everything[1:]


async def _cursor(client: httpx.AsyncClient, index: int) -> str:
    found = (await gql(client, CAMPAIGNS, first=index + 1))["campaigns"]
    cursor: str = found["edges"][index]["cursor"]
    return cursor


async def test_first_and_last_together_is_an_input_error(client: httpx.AsyncClient) -> None:
    body = (
        await client.post(
            "/graphql", json={"query": "{ campaigns(first: 1, last: 1) { nodes { id } } }"}
        )
    ).json()
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "last"}


async def test_nested_connections_page_backwards(client: httpx.AsyncClient) -> None:
    campaign_id = await live_campaign(client)
    link = await enroll(client, campaign_id)
    for n in range(4):
        await signup(
            client, campaignId=campaign_id, referralCode=link["code"], email=f"f{n}@example.org"
        )
    query = """
    query($id: ID!, $before: String) { campaign(id: $id) {
      referrals(last: 3, before: $before) {
        edges { cursor node { friendEmail } } pageInfo { hasPreviousPage startCursor }
      }
    } }"""
    page = (await gql(client, query, id=campaign_id))["campaign"]["referrals"]
    assert [e["node"]["friendEmail"] for e in page["edges"]] == [
        "f1@example.org",
        "f2@example.org",
        "f3@example.org",
    ]
    assert page["pageInfo"]["hasPreviousPage"] is True
    earlier = (await gql(client, query, id=campaign_id, before=page["pageInfo"]["startCursor"]))[
        "campaign"
    ]["referrals"]
    assert [e["node"]["friendEmail"] for e in earlier["edges"]] == ["f0@example.org"]

    links = """query($id: ID!) { advocate(id: $id) { links(first: 5) {
      edges { node { code } } pageInfo { hasNextPage } } } }"""
    found = (await gql(client, links, id=link["advocate"]["id"]))["advocate"]["links"]
    assert found == {
        "edges": [{"node": {"code": link["code"]}}],
        "pageInfo": {"hasNextPage": False},
    }


async def test_ids_are_opaque_and_typed(client: httpx.AsyncClient) -> None:
    campaign_id = await live_campaign(client)
    link = await enroll(client, campaign_id)
    assert not campaign_id.isdigit() and campaign_id != link["id"]
    # A link's id where a campaign's is expected names no campaign: an input error on that field.
    wrong = await gql(
        client,
        """mutation($input: EnrollAdvocateInput!) { enrollAdvocate(input: $input) {
          ... on UserError { code field } } }""",
        input={"campaignId": link["id"], "email": "x@example.com"},
    )
    assert wrong["enrollAdvocate"] == {"code": "INVALID_INPUT", "field": "campaignId"}
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { __typename ... on Link { code } } }",
        id=link["id"],
    )
    assert node["node"] == {"__typename": "Link", "code": link["code"]}
