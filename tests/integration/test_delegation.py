"""Acting for a Slack user is delegation: a bot key gets the person's permissions that a bot may
be delegated, runs only the bot's trusted documents, and the audit log names the whole chain."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.api.client import VouchApi, document, document_hash
from server.accounts import keys
from server.accounts import service as accounts
from server.accounts.models import Role, StaffUser
from server.accounts.permissions import BOT_DELEGABLE, delegated_permissions
from server.accounts.viewer import ANONYMOUS
from server.audit.service import CLI
from server.graphql import trusted
from server.rewards.models import Reward, RewardStatus
from tests.conftest import gql, make_client, staff_token
from tests.ids import gid, pk
from tests.integration.test_authorization import _world
from tests.integration.test_notifications import _connect, _serve

CREATE_KEY = """mutation($n: String!) { createApiKey(input: {name: $n, role: BOT}) {
  __typename ... on CreatedApiKey { secret apiKey { id } } ... on UserError { code } } }"""
LINK = """mutation($id: ID!, $s: String) { linkSlackUser(userId: $id, slackUserId: $s) {
  __typename ... on StaffUser { slackUserId } ... on UserError { code field message } } }"""
STAFF = "{ staffUsers(first: 50) { nodes { id email role } } }"
ESCALATE = """mutation($id: ID!) { updateStaffUser(id: $id, role: OWNER) {
  __typename ... on StaffUser { role } ... on UserError { code } } }"""
AUDIT = """query($a: String) { auditLog(action: $a, first: 20) { nodes { action actorKind actorId
  channel apiKeyId actingSlackUserId actorExtra } } }"""


async def _bot_secret(app: Starlette) -> str:
    services = app.state.services
    issued = await keys.create_api_key(
        name="slack",
        role=Role.BOT,
        test=False,
        expires_at=None,
        pepper=services.api_key_pepper,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=app.state.clock,
    )
    return issued.secret


def _acting(app: Starlette, secret: str, slack: str) -> httpx.AsyncClient:
    c = make_client(app, secret)
    c.headers["x-vouch-acting-slack-user"] = slack
    return c


async def _ids(client: httpx.AsyncClient) -> dict[str, str]:
    nodes = (await gql(client, STAFF))["staffUsers"]["nodes"]
    return {n["email"]: n["id"] for n in nodes}


@pytest.fixture
def bot_api(app: Starlette) -> Any:
    """The real bot client, talking to the app in process."""

    def make(secret: str) -> VouchApi:
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("203.0.113.9", 4000)),
            base_url="https://vouch.example.com",
        )
        return VouchApi("https://vouch.example.com/graphql", secret, http=http)

    return make


async def test_the_reported_escalation_is_refused(
    client: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An admin makes a bot key, points the owner's account at a Slack id they control, and
    asks for the owner role through delegation: each step is refused."""
    admin_token = await staff_token(app, Role.ADMIN, "eve-admin@example.com")
    ids = await _ids(client)
    owner_id, admin_id = ids["owner@example.com"], ids["eve-admin@example.com"]
    async with make_client(app, admin_token) as admin:
        bot = (await gql(admin, CREATE_KEY, n="eve's bot"))["createApiKey"]
        assert bot["__typename"] == "CreatedApiKey"
        refused = (await gql(admin, LINK, id=owner_id, s="U0EVE0001"))["linkSlackUser"]
        assert (refused["__typename"], refused["code"], refused["field"]) == (
            "UserError",
            "FORBIDDEN",
            "userId",
        )
    assert (await StaffUser.get(email="owner@example.com")).slack_user_id is None
    # Even had the owner linked that Slack id themselves, delegation does not carry the role.
    assert (await gql(client, LINK, id=owner_id, s="U0EVE0001"))["linkSlackUser"][
        "slackUserId"
    ] == "U0EVE0001"
    async with _acting(app, bot["secret"], "U0EVE0001") as as_owner:
        raw = (
            await as_owner.post("/graphql", json={"query": ESCALATE, "variables": {"id": admin_id}})
        ).json()
        assert raw["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
        assert raw.get("data") is None
        # Past the trusted-document gate (as if the document were registered), the permission
        # layer still refuses: users:manage is never delegable.
        monkeypatch.setitem(trusted.registry(), trusted.document_hash(ESCALATE), ESCALATE)
        passed = (
            await as_owner.post("/graphql", json={"query": ESCALATE, "variables": {"id": admin_id}})
        ).json()
        assert passed["data"]["updateStaffUser"] == {"__typename": "UserError", "code": "FORBIDDEN"}
    assert (await StaffUser.get(email="eve-admin@example.com")).role is Role.ADMIN


async def test_delegated_permissions_are_the_intersection(
    client: httpx.AsyncClient, app: Starlette, bot_api: Any
) -> None:
    ids = await _ids(client)
    await staff_token(app, Role.ANALYST, "ann@example.com")
    ids = await _ids(client)
    await gql(client, LINK, id=ids["owner@example.com"], s="U0OWNER01")
    await gql(client, LINK, id=ids["ann@example.com"], s="U0ANN0001")
    api = bot_api(await _bot_secret(app))
    as_owner = await api.acting_as("U0OWNER01").permissions()
    assert (
        as_owner
        == {p.value for p in BOT_DELEGABLE}
        == {p.value for p in delegated_permissions(Role.OWNER)}
    )
    assert "users:manage" not in as_owner and "api-keys:manage" not in as_owner
    assert await api.acting_as("U0ANN0001").permissions() == {"campaigns:read", "rewards:read"}
    assert await api.acting_as("U0NOBODY1").permissions() == frozenset()
    # The key on its own keeps its own role.
    assert "analytics:read" in await api.permissions()
    await api.aclose()


async def test_a_delegated_approval_audits_the_whole_chain(
    clean: None, app: Starlette, bot_api: Any
) -> None:
    world = await _world(app)
    owner_token = await staff_token(app, Role.OWNER)
    approver = await StaffUser.get(email="approver@example.com")
    await accounts.link_slack_user(
        user_id=approver.id, slack_user_id="U0APPR001", actor=CLI, clock=app.state.clock
    )
    secret = await _bot_secret(app)
    api = bot_api(secret)
    reward_id = world.awaiting_id
    decision = await api.acting_as("U0APPR001").approve_reward(reward_id)
    assert decision.reward.status == "APPROVED"
    assert (await Reward.get(id=pk(world.awaiting_id))).status is RewardStatus.APPROVED
    await api.aclose()
    async with make_client(app, owner_token) as owner:
        event = (await gql(owner, AUDIT, a="reward.approve"))["auditLog"]["nodes"][0]
        key_public_id = secret.split("_")[2]
        assert event == {
            "action": "reward.approve",
            "actorKind": "staff",
            "actorId": gid("StaffUser", approver.id),
            "channel": "slack",
            "apiKeyId": key_public_id,
            "actingSlackUserId": "U0APPR001",
            "actorExtra": {"api_key": key_public_id, "slack_user": "U0APPR001"},
        }


async def test_linking_slack_users_respects_rank_and_is_audited(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    admin_token = await staff_token(app, Role.ADMIN, "adm@example.com")
    await staff_token(app, Role.MANAGER, "mia@example.com")
    await staff_token(app, Role.ADMIN, "adm2@example.com")
    ids = await _ids(client)
    async with make_client(app, admin_token) as admin:
        ok = (await gql(admin, LINK, id=ids["mia@example.com"], s="U0MIA0001"))["linkSlackUser"]
        assert ok == {"__typename": "StaffUser", "slackUserId": "U0MIA0001"}
        again = await gql(admin, LINK, id=ids["mia@example.com"], s="U0MIA0002")
        assert again["linkSlackUser"]["slackUserId"] == "U0MIA0002"
        peer = await gql(admin, LINK, id=ids["adm2@example.com"], s="U0ADM0002")
        assert peer["linkSlackUser"]["__typename"] == "StaffUser"  # an equal, not above
        own = await gql(admin, LINK, id=ids["adm@example.com"], s="U0ADM0001")
        assert own["linkSlackUser"]["__typename"] == "StaffUser"
        above = await gql(admin, LINK, id=ids["owner@example.com"], s="U0OWN0001")
        assert above["linkSlackUser"]["code"] == "FORBIDDEN"
        gone = (await gql(admin, LINK, id=ids["mia@example.com"], s=None))["linkSlackUser"]
        assert gone == {"__typename": "StaffUser", "slackUserId": None}
    log = (await gql(client, AUDIT, a=None))["auditLog"]["nodes"]
    slack = [e["action"] for e in log if "slack" in e["action"]]
    assert slack == [
        "staff.unlink_slack",
        "staff.link_slack",
        "staff.link_slack",
        "staff.relink_slack",
        "staff.link_slack",
    ]


async def test_linking_refuses_callers_without_users_manage(clean: None, app: Starlette) -> None:
    """The service rule holds on its own, whatever the field guard says."""
    manager = await accounts.create_user(
        email="max@example.com",
        name="Max",
        role=Role.MANAGER,
        password=None,
        passwords=app.state.services.passwords,
        actor=CLI,
        clock=app.state.clock,
    )
    other = await accounts.create_user(
        email="kim@example.com",
        name="Kim",
        role=Role.ANALYST,
        password=None,
        passwords=app.state.services.passwords,
        actor=CLI,
        clock=app.state.clock,
    )
    from server.accounts.viewer import Viewer
    from server.errors import Forbidden

    with pytest.raises(Forbidden):
        await accounts.link_slack_user(
            user_id=other.user.id,
            slack_user_id="U0KIM0001",
            viewer=Viewer.for_user(manager.user),
            actor=CLI,
            clock=app.state.clock,
        )
    linked = await accounts.link_slack_user(
        user_id=manager.user.id,
        slack_user_id="U0MAX0001",
        viewer=Viewer.for_user(manager.user),
        actor=CLI,
        clock=app.state.clock,
    )
    assert linked.slack_user_id == "U0MAX0001"


# ---- trusted documents ------------------------------------------------------------------------


@pytest.fixture
async def bot_key(clean: None, app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app, await _bot_secret(app)) as c:
        yield c


def _persisted(name: str, **variables: Any) -> dict[str, Any]:
    return {
        "operationName": name,
        "variables": variables,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": document_hash(name)}},
    }


async def test_a_bot_key_runs_only_trusted_documents(bot_key: httpx.AsyncClient) -> None:
    me = "{ me { permissions } }"
    refused = (await bot_key.post("/graphql", json={"query": me})).json()
    assert refused["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
    assert "data" not in refused or refused["data"] is None
    by_hash = (await bot_key.post("/graphql", json=_persisted("Me"))).json()
    assert "rewards:read" in by_hash["data"]["me"]["permissions"]
    # The registered text itself is the same document: its hash is what counts.
    as_text = (await bot_key.post("/graphql", json={"query": document("Me")})).json()
    assert as_text["data"] == by_hash["data"]
    # One character more is another document.
    edited = (await bot_key.post("/graphql", json={"query": document("Me") + " "})).json()
    assert edited["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"


async def test_persisted_query_errors_are_typed(client: httpx.AsyncClient) -> None:
    unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
    body = (await client.post("/graphql", json=unknown)).json()
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    mismatch = {**_persisted("Me"), "query": "{ me { role } }"}
    body = (await client.post("/graphql", json=mismatch)).json()
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    malformed = {"extensions": {"persistedQuery": {"version": 1}}}
    body = (await client.post("/graphql", json=malformed)).json()
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    # Staff may use the hashes too, and still send any document they like.
    assert (await client.post("/graphql", json=_persisted("Me"))).json()["data"]["me"]
    assert (await gql(client, "{ me { role } }"))["me"] == {"role": "OWNER"}


async def test_a_bot_key_subscribes_only_with_its_registered_document(
    clean: None, app: Starlette
) -> None:
    secret = await _bot_secret(app)
    init = {"type": "connection_init", "payload": {"authorization": f"Bearer {secret}"}}
    own = "subscription { notificationCreated { id kind milestone { title } } }"
    async with _serve(app) as url:
        ws = await _connect(url)
        await ws.send(json.dumps(init))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": own}}))
        refusal = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        assert refusal["type"] == "error", refusal
        assert refusal["payload"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
        registered = {"query": document("NotificationCreated")}
        await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": registered}))
        # Accepted: nothing comes back until a notification is created (or the socket closes).
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(ws.recv(), timeout=0.5)
        await ws.close()
