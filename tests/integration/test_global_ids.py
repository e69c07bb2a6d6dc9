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
