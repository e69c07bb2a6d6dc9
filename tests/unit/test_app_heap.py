"""Apps built one after another in a process leave nothing behind: the test suite builds one
per test, and once kept every GraphQL schema it built (~13k objects each, held by the
validation cache) until the garbage collector's full passes took seconds and requests met their
time limit."""

from __future__ import annotations

import gc

import httpx
from graphql import GraphQLObjectType

from server.app import create_app
from server.clock import FrozenClock
from server.settings import Settings
from tests.conftest import START


def _object_types() -> int:
    gc.collect()
    return sum(isinstance(o, GraphQLObjectType) for o in gc.get_objects())


async def _ask(settings: Settings) -> None:
    app = create_app(settings, clock=FrozenClock(START), manage_db=False, run_jobs=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4242))
    async with httpx.AsyncClient(transport=transport, base_url=settings.public_url) as client:
        response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.json()["data"] == {"__typename": "Query"}


async def test_apps_built_one_after_another_keep_no_schema_alive(settings: Settings) -> None:
    await _ask(settings)
    before = _object_types()
    for _ in range(3):
        await _ask(settings)
    assert _object_types() == before
