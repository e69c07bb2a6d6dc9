"""Query cost that fragments cannot hide, reported in `extensions.cost`, and the per-caller
query budget with IETF RateLimit fields, through the real endpoint."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from server.accounts.models import Role
from server.app import create_app
from server.campaigns.models import Campaign
from server.clock import FrozenClock
from server.graphql.limits import MAX_COST
from server.settings import Settings
from tests.conftest import make_client, staff_token
from tests.factories import live_campaign

# The review's trick: no `first` anywhere and every `nodes` inside a fragment, so a rule that
# looked for `nodes` among a field's direct children counted each list as one row.
FRAGMENTED = """
query { campaigns { ...C } }
fragment C on CampaignConnection { nodes { links { ...L1 } } }
fragment L1 on LinkConnection { nodes { campaign { links { ...L2 } } } }
fragment L2 on LinkConnection { nodes { campaign { referrals { ...R } } } }
fragment R on ReferralConnection { nodes { id status } }
"""
INLINE_FRAGMENTS = """
query { campaigns { ... on CampaignConnection { nodes { links { ... { nodes { campaign {
  links { ... on LinkConnection { nodes { campaign { referrals {
    ... on ReferralConnection { nodes { id status } } } } } } } } } } } } } } }
"""
INLINED = """
query { campaigns { nodes { links { nodes { campaign { links { nodes { campaign {
  referrals { nodes { id status } } } } } } } } } } }
"""

# Bot keys here script ad-hoc documents; the trusted-documents gate has its own tests.
pytestmark = pytest.mark.usefixtures("any_bot_document")


async def _post(client: httpx.AsyncClient, query: str, **variables: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, "variables": variables})


def _refused_cost(response: httpx.Response) -> int:
    body = response.json()
    assert body.get("data") is None, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY", error
    cost: int = error["extensions"]["cost"]
    return cost


async def test_fragments_cannot_hide_the_cost(client: httpx.AsyncClient) -> None:
    costs = [_refused_cost(await _post(client, q)) for q in (FRAGMENTED, INLINE_FRAGMENTS, INLINED)]
    # 20 campaigns x 20 links x 20 links x 20 referrals x 2 fields and everything above.
    assert costs[0] == costs[1] == costs[2] > MAX_COST
    assert costs[0] >= 20**4 * 2


async def test_cost_counts_every_list_at_its_page_and_multiplies(
    client: httpx.AsyncClient,
) -> None:
    await live_campaign(client)
    cases = [
        # campaigns 1 + nodes 1 + 20 default-page slugs
        ("{ campaigns { nodes { slug } } }", {}, 22),
        # campaigns, pageInfo, hasNextPage, edges: 1 each; node, slug, links, nodes: 5 each;
        # 5 x 3 codes
        (
            "{ campaigns(first: 5) { pageInfo { hasNextPage } edges { node { slug "
            "links(first: 3) { nodes { code } } } } } }",
            {},
            39,
        ),
        # A variable page counts at its value when the operation runs.
        (
            "query($n: Int) { campaigns(first: $n) { ...N } } "
            "fragment N on CampaignConnection { nodes { slug } }",
            {"n": 7},
            9,
        ),
        # A plain list counts at the size its resolver is bounded to.
        ("{ me { permissions } }", {}, 2),
    ]
    for query, variables, expected in cases:
        response = await _post(client, query, **variables)
        body = response.json()
        assert "errors" not in body, body
        assert body["extensions"]["cost"]["requested"] == expected, (query, body)
        assert body["extensions"]["cost"]["maxPerOperation"] == MAX_COST


def _app(settings: Settings, clock: FrozenClock, **changes: Any) -> Starlette:
    return create_app(
        settings.model_copy(update=changes), clock=clock, manage_db=False, run_jobs=False
    )


async def test_query_budget_headers_and_exhaustion(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    app = _app(settings, clock, query_budget="100/minute")
    owner, analyst = await staff_token(app, Role.OWNER), await staff_token(app, Role.ANALYST)
    page = "{ campaigns { nodes { slug } } }"  # costs 22
    async with make_client(app, owner) as c, make_client(app, analyst) as other:
        remaining = []
        for _ in range(4):
            response = await _post(c, page)
            assert response.status_code == 200
            assert response.headers["ratelimit-limit"] == "100"
            remaining.append(int(response.headers["ratelimit-remaining"]))
            cost = response.json()["extensions"]["cost"]
            assert (cost["requested"], cost["limit"]) == (22, 100)
            assert cost["remaining"] == remaining[-1]
            assert int(response.headers["ratelimit-reset"]) > 0
        assert remaining == [78, 56, 34, 12]

        # 12 points left: an operation costing 22 is not run at all.
        refused = await _post(c, page)
        assert refused.status_code == 429
        body = refused.json()
        assert body["data"] is None
        error = body["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["extensions"]["retryAfter"] == int(refused.headers["retry-after"]) > 0
        assert refused.headers["ratelimit-remaining"] == "12"

        # ...while a cheaper one still fits.
        cheap = await _post(c, "{ me { role } }")
        assert cheap.status_code == 200 and cheap.json()["data"]["me"]["role"] == "OWNER"
        assert cheap.headers["ratelimit-remaining"] == "10"

        # A document refused before it runs spends nothing and still shows the budget.
        invalid = await _post(c, "{ nope }")
        assert invalid.json()["errors"] and invalid.headers["ratelimit-remaining"] == "10"

        # The budget is per caller.
        theirs = await _post(other, page)
        assert theirs.status_code == 200 and theirs.headers["ratelimit-remaining"] == "78"


async def test_mutations_spend_the_budget_too(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    app = _app(settings, clock, query_budget="3/minute")
    create = (
        'mutation($s: String!) { createCampaign(input: {name: "a", slug: $s, '
        'landingUrl: "https://x.example.com"}) { __typename } }'
    )  # 2 points
    async with make_client(app, await staff_token(app, Role.OWNER)) as c:
        first = await _post(c, create, s="first")
        assert first.status_code == 200 and first.headers["ratelimit-remaining"] == "1"
        second = await _post(c, create, s="second")
        assert second.status_code == 429
        assert second.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # The refused mutation did not run.
    assert [c.slug for c in await Campaign.all()] == ["first"]


async def test_made_up_slack_ids_do_not_mint_fresh_budgets(
    settings: Settings, clock: FrozenClock, clean: None
) -> None:
    """A bot key has a budget per linked person it acts for; ids linked to nobody (or not ids
    at all) share the key's own budget instead of opening a new one per request."""
    from server.accounts import keys
    from server.accounts.viewer import ANONYMOUS
    from server.audit.service import CLI

    app = _app(settings, clock, query_budget="5/minute")
    bot = await keys.create_api_key(
        name="slack",
        role=Role.BOT,
        test=False,
        expires_at=None,
        pepper=app.state.services.api_key_pepper,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=clock,
    )
    async with make_client(app, bot.secret) as c:
        statuses = []
        for n in range(7):
            c.headers["x-vouch-acting-slack-user"] = f"U0NOBODY{n:03d}"
            statuses.append((await _post(c, "{ __typename }")).status_code)
        assert statuses == [200] * 5 + [429] * 2
        c.headers["x-vouch-acting-slack-user"] = "U0NOBODY\n<script>"
        refused = await _post(c, "{ __typename }")
        assert refused.status_code == 401
