"""Authentication keeps no credential state between requests beyond the parsed row: a sign-out,
a revoked API key or a demotion in one worker counts at the very next request in another."""

from __future__ import annotations

from starlette.applications import Starlette

from server.accounts.models import Role
from server.app import create_app
from server.clock import FrozenClock
from server.settings import Settings
from tests.conftest import gql, make_client, staff_token

WHO = "{ me { role user { email } } }"


def _worker(settings: Settings, clock: FrozenClock) -> Starlette:
    """Another worker process's app: its own per-process caches."""
    return create_app(settings, clock=clock, manage_db=False, run_jobs=False)


async def test_sign_out_in_one_worker_counts_at_once_in_another(
    clean: None, settings: Settings, clock: FrozenClock
) -> None:
    one, two = _worker(settings, clock), _worker(settings, clock)
    token = await staff_token(one, Role.ADMIN, "ada@example.com")
    async with make_client(one, token) as a, make_client(two, token) as b:
        for _ in range(3):  # worker two has seen (and parsed) the session
            assert (await gql(b, WHO))["me"]["user"]["email"] == "ada@example.com"
        await gql(a, "mutation { logout { ... on SessionsEnded { count } } }")
        refused = await b.post("/graphql", json={"query": WHO})
        assert refused.status_code == 401, refused.text
        assert (await a.post("/graphql", json={"query": WHO})).status_code == 401


async def test_revoked_api_key_and_demotion_count_at_once_in_another_worker(
    clean: None, settings: Settings, clock: FrozenClock
) -> None:
    one, two = _worker(settings, clock), _worker(settings, clock)
    owner = await staff_token(one, Role.OWNER)
    async with make_client(one, owner) as boss:
        made = await gql(
            boss,
            """mutation { createApiKey(input: {name: "Shop", role: INTEGRATION}) {
              ... on CreatedApiKey { secret apiKey { id } } } }""",
        )
        secret, key_id = made["createApiKey"]["secret"], made["createApiKey"]["apiKey"]["id"]
        async with make_client(two, secret) as shop:
            for _ in range(3):
                assert (await shop.post("/graphql", json={"query": "{ __typename }"})).is_success
            await gql(
                boss, "mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }", id=key_id
            )
            assert (
                await shop.post("/graphql", json={"query": "{ __typename }"})
            ).status_code == 401

        admin = await staff_token(one, Role.ADMIN, "bo@example.com")
        async with make_client(two, admin) as bo:
            assert (await gql(bo, WHO))["me"]["role"] == "ADMIN"
            users = await gql(boss, "{ staffUsers(first: 10) { nodes { id email } } }")
            bo_id = next(
                u["id"] for u in users["staffUsers"]["nodes"] if u["email"] == "bo@example.com"
            )
            await gql(
                boss,
                "mutation($id: ID!) { updateStaffUser(id: $id, role: ANALYST) { __typename } }",
                id=bo_id,
            )
            # A role change ends the member's sessions: refused at once, in the other worker.
            assert (await bo.post("/graphql", json={"query": WHO})).status_code == 401
