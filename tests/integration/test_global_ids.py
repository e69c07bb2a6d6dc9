"""One object, one global id: a key written any other way (a leading zero, non-ASCII digits,
a superscript) names nothing, through every door that takes an id, and is never a 500."""

from __future__ import annotations

import base64

import httpx

from tests.factories import create_campaign
from tests.ids import pk

NODES = "query($id: ID!, $ids: [ID!]!) { node(id: $id) { id } nodes(ids: $ids) { id } }"
BY_ARGUMENT = "query($id: ID!) { milestones(campaignId: $id, first: 1) { nodes { id } } }"


def _raw(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def test_only_the_canonical_id_names_an_object(client: httpx.AsyncClient) -> None:
    made = await create_campaign(client)
    key = pk(made["id"])
    canonical = await client.post(
        "/graphql", json={"query": NODES, "variables": {"id": made["id"], "ids": [made["id"]]}}
    )
    assert canonical.json()["data"] == {"node": {"id": made["id"]}, "nodes": [{"id": made["id"]}]}
    for key_text in (f"0{key}", chr(0x0660 + key) if key < 10 else f"{key}\u0660", "\u00b2"):
        other = _raw(f"Campaign:{key_text}")
        looked_up = await client.post(
            "/graphql", json={"query": NODES, "variables": {"id": other, "ids": [other]}}
        )
        assert looked_up.json()["data"] == {"node": None, "nodes": [None]}, looked_up.text
        assert "errors" not in looked_up.json(), looked_up.text
        argument = await client.post(
            "/graphql", json={"query": BY_ARGUMENT, "variables": {"id": other}}
        )
        errors = argument.json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["INVALID_INPUT"], key_text


TYPES = "{ __schema { types { name kind interfaces { name } fields { name } } } }"


async def test_every_object_with_an_id_is_a_node(client: httpx.AsyncClient) -> None:
    """Relay keys every object in its store by `id` (its compiler selects `id` wherever a type
    has one): a type with an `id` that is not a Node, holding another object's id (a bulk
    refusal's reward, a deleted endpoint, an integration's view of a reward), would overwrite
    that object's record. Such references are named for what they point at instead."""
    answer = await client.post("/graphql", json={"query": TYPES})
    types = answer.json()["data"]["__schema"]["types"]
    with_id = [
        t
        for t in types
        if t["kind"] == "OBJECT" and any(f["name"] == "id" for f in t["fields"] or ())
    ]
    assert len(with_id) > 10
    assert [t["name"] for t in with_id if {"name": "Node"} not in t["interfaces"]] == []


async def test_an_id_that_is_not_one_is_refused_at_its_input_path(
    client: httpx.AsyncClient,
) -> None:
    """`node(id:)` names `id`; `nodes(ids:)` names the item, `ids.N` (UserError.field's
    convention), so a client can tell which of its ids was wrong."""
    made = await create_campaign(client)
    for query, variables, path in (
        ("query($id: ID!) { node(id: $id) { id } }", {"id": "junk"}, "id"),
        ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [made["id"], "junk"]}, "ids.1"),
    ):
        errors = (
            await client.post("/graphql", json={"query": query, "variables": variables})
        ).json()["errors"]
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in errors] == [
            ("INVALID_INPUT", path)
        ], errors
