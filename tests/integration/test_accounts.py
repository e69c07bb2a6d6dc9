"""Sign-in, sessions, lockout, API keys and acting for a Slack user, through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.api.client import document_hash
from server.accounts import service as accounts
from server.accounts import sessions
from server.accounts.models import ApiKey, Role, StaffUser
from server.accounts.passwords import Passwords
from server.app import create_app
from server.audit.models import AuditEvent
from server.audit.service import CLI
from server.clock import FrozenClock
from server.settings import Settings
from tests.conftest import STAFF_PASSWORD, gql, make_client, staff_token
from tests.ids import gid, pk

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on SignedIn { token user { email role } }
  ... on UserError { code message field retryAfter } } }"""
ME = "{ me { role apiKeyName actingSlackUserId user { email } permissions } }"


async def _login(client: httpx.AsyncClient, email: str, password: str) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(client, LOGIN, e=email, p=password))["login"]
    return result


async def _manager(app: Starlette) -> StaffUser:
    s = app.state.services
    return (
        await accounts.create_user(
            email="mia@example.com",
            name="Mia",
            role=Role.MANAGER,
            password=STAFF_PASSWORD,
            passwords=s.passwords,
            actor=CLI,
            clock=app.state.clock,
        )
    ).user


async def test_login_me_and_logout(
    clean: None, app: Starlette, anonymous: httpx.AsyncClient
) -> None:
    await _manager(app)
    signed = await _login(anonymous, "MIA@example.com", STAFF_PASSWORD)
    assert signed["user"] == {"email": "mia@example.com", "role": "MANAGER"}
    async with make_client(app, signed["token"]) as mia:
        me = (await gql(mia, ME))["me"]
        assert me["role"] == "MANAGER" and "campaigns:write" in me["permissions"]
        assert "users:manage" not in me["permissions"]
        assert (await gql(mia, "mutation { logout { ... on SessionsEnded { count } } }")) == {
            "logout": {"count": 1}
        }
        gone = await mia.post("/graphql", json={"query": ME})
        assert gone.status_code == 401
    assert (await gql(anonymous, ME))["me"] == {
        "role": None,
        "apiKeyName": None,
        "actingSlackUserId": None,
        "user": None,
        "permissions": [],
    }


async def test_unknown_email_and_wrong_password_look_alike(
    clean: None, app: Starlette, anonymous: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _manager(app)
    verified: list[str | None] = []
    original = Passwords.verify

    async def spy(self: Passwords, digest: str | None, password: str) -> bool:
        verified.append(digest)
        return await original(self, digest, password)

    monkeypatch.setattr(Passwords, "verify", spy)
    wrong = await _login(anonymous, "mia@example.com", "not-the-password-1")
    unknown = await _login(anonymous, "nobody@example.com", "not-the-password-1")
    assert (
        wrong
        == unknown
        == {
            "__typename": "UserError",
            "code": "UNAUTHENTICATED",
            "message": "Email or password is wrong.",
            "field": "password",
            "retryAfter": None,
        }
    )
    # Both paths paid for one argon2 verification (the unknown one against a dummy hash).
    assert len(verified) == 2 and verified[0] is not None and verified[1] is None


async def test_login_is_limited_per_address(clean: None, app: Starlette) -> None:
    async with make_client(app) as client:
        codes = [
            (await _login(client, f"u{i}@example.com", "whatever-password"))["code"]
            for i in range(11)
        ]
    assert codes[:10] == ["UNAUTHENTICATED"] * 10 and codes[10] == "RATE_LIMITED"


async def test_sessions_expire_when_idle_and_absolutely(
    clean: None, settings: Settings, clock: FrozenClock
) -> None:
    app = create_app(
        settings.model_copy(update={"session_idle_minutes": 30, "session_max_hours": 2}),
        clock=clock,
        manage_db=False,
        run_jobs=False,
    )
    token = await staff_token(app, Role.ANALYST)
    async with make_client(app, token) as client:
        for _ in range(3):  # kept alive by use, 25 minutes apart
            clock.advance(timedelta(minutes=25))
            assert (await client.post("/graphql", json={"query": ME})).status_code == 200
        clock.advance(timedelta(minutes=46))  # 2 h 1 min after sign-in: absolute expiry
        assert (await client.post("/graphql", json={"query": ME})).status_code == 401
    token = await staff_token(app, Role.ANALYST, email="idle@example.com")
    clock.advance(timedelta(minutes=31))
    async with make_client(app, token) as client:
        assert (await client.post("/graphql", json={"query": ME})).status_code == 401


async def test_change_password_ends_other_sessions(clean: None, app: Starlette) -> None:
    await _manager(app)
    async with make_client(app) as anon:
        first = (await _login(anon, "mia@example.com", STAFF_PASSWORD))["token"]
        second = (await _login(anon, "mia@example.com", STAFF_PASSWORD))["token"]
    query = """mutation($c: String!, $n: String!) { changePassword(currentPassword: $c,
      newPassword: $n) { __typename ... on SessionsEnded { count } ... on UserError { code field } } }"""
    async with make_client(app, first) as mia:
        weak = (await gql(mia, query, c=STAFF_PASSWORD, n="password1234"))["changePassword"]
        assert (weak["code"], weak["field"]) == ("INVALID_INPUT", "newPassword")
        bad = await gql(mia, query, c="not-it-at-all", n="fresh-granite-mosaic-8")
        assert bad["changePassword"]["code"] == "UNAUTHENTICATED"
        done = await gql(mia, query, c=STAFF_PASSWORD, n="fresh-granite-mosaic-8")
        assert done["changePassword"] == {"__typename": "SessionsEnded", "count": 1}
        assert (await mia.post("/graphql", json={"query": ME})).status_code == 200
    async with make_client(app, second) as other:
        assert (await other.post("/graphql", json={"query": ME})).status_code == 401
    async with make_client(app) as anon:
        assert (await _login(anon, "mia@example.com", "fresh-granite-mosaic-8"))["token"]


async def test_logout_everywhere(clean: None, app: Starlette) -> None:
    await _manager(app)
    async with make_client(app) as anon:
        tokens = [(await _login(anon, "mia@example.com", STAFF_PASSWORD))["token"] for _ in "ab"]
    async with make_client(app, tokens[0]) as mia:
        ended = await gql(mia, "mutation { logoutEverywhere { ... on SessionsEnded { count } } }")
        assert ended == {"logoutEverywhere": {"count": 2}}
    for token in tokens:
        async with make_client(app, token) as client:
            assert (await client.post("/graphql", json={"query": ME})).status_code == 401


async def test_password_rehashed_when_parameters_change(clean: None, clock: FrozenClock) -> None:
    cheap = Passwords(cheap=True)
    created = await accounts.create_user(
        email="old@example.com",
        name="Old",
        role=Role.ADMIN,
        password=STAFF_PASSWORD,
        passwords=cheap,
        actor=CLI,
        clock=clock,
    )
    stronger = Passwords()
    assert stronger.needs_rehash(created.user.password_hash)
    policy = sessions.SessionPolicy(idle=timedelta(hours=1), absolute=timedelta(hours=2))
    await sessions.login(
        email="old@example.com",
        password=STAFF_PASSWORD,
        passwords=stronger,
        policy=policy,
        actor=CLI,
        clock=clock,
    )
    user = await StaffUser.get(id=created.user.id)
    assert user.password_hash != created.user.password_hash
    assert not stronger.needs_rehash(user.password_hash)
    assert user.password_hash.startswith("$argon2id$")


CREATE_KEY = """mutation($name: String!, $role: Role!, $test: Boolean!) {
  createApiKey(input: {name: $name, role: $role, test: $test}) {
    __typename ... on CreatedApiKey { secret apiKey { id prefix role } }
    ... on UserError { code field } } }"""


async def test_api_keys_are_shown_once_and_can_be_revoked(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    made = await gql(client, CREATE_KEY, name="Shop", role="INTEGRATION", test=False)
    secret, key = made["createApiKey"]["secret"], made["createApiKey"]["apiKey"]
    assert secret.startswith(key["prefix"] + "_") and len(secret.rsplit("_", 1)[1]) == 64
    stored = await ApiKey.get(id=pk(key["id"]))
    assert secret.rsplit("_", 1)[1] not in stored.secret_hash
    listed = await gql(client, "{ apiKeys { nodes { prefix lastUsedAt } } }")
    assert "secret" not in str(listed) and listed["apiKeys"]["nodes"][0]["lastUsedAt"] is None
    async with make_client(app, secret) as shop:
        me = (await gql(shop, ME))["me"]
        assert (me["role"], me["apiKeyName"]) == ("INTEGRATION", "Shop")
        denied = await gql(
            shop,
            """mutation { createCampaign(input: {name: "x", slug: "x",
            landingUrl: "https://x.example.com"}) { ... on UserError { code } } }""",
        )
        assert denied == {"createCampaign": {"code": "FORBIDDEN"}}
    assert (await ApiKey.get(id=stored.id)).last_used_at == clock.now()
    tampered = secret[:-1] + ("0" if secret[-1] != "0" else "1")
    async with make_client(app, tampered) as bad:
        assert (await bad.post("/graphql", json={"query": ME})).status_code == 401
    await gql(client, "mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }", id=key["id"])
    async with make_client(app, secret) as shop:
        assert (await shop.post("/graphql", json={"query": ME})).status_code == 401
    staff_key = (await gql(client, CREATE_KEY, name="x", role="ADMIN", test=True))["createApiKey"]
    assert staff_key == {"__typename": "UserError", "code": "INVALID_INPUT", "field": "role"}
    test_key = (await gql(client, CREATE_KEY, name="t", role="BOT", test=True))["createApiKey"]
    assert test_key["secret"].startswith("vch_test_")


async def test_a_bot_acts_only_for_linked_staff(client: httpx.AsyncClient, app: Starlette) -> None:
    manager = await _manager(app)
    bot = (await gql(client, CREATE_KEY, name="Slack", role="BOT", test=False))["createApiKey"]
    shop = await gql(client, CREATE_KEY, name="Shop", role="INTEGRATION", test=False)
    link = """mutation($id: ID!, $s: String) { linkSlackUser(userId: $id, slackUserId: $s) {
      __typename ... on StaffUser { slackUserId } ... on UserError { code field } } }"""
    linked = await gql(client, link, id=gid("StaffUser", manager.id), s="U0MIA1234")
    assert linked["linkSlackUser"] == {"__typename": "StaffUser", "slackUserId": "U0MIA1234"}
    assert (await gql(client, link, id=gid("StaffUser", manager.id), s="not a slack id"))[
        "linkSlackUser"
    ]["field"] == ("slackUserId")
    create = """mutation { createCampaign(input: {name: "From Slack", slug: "from-slack",
      landingUrl: "https://x.example.com"}) { __typename ... on UserError { code } } }"""

    def acting(secret: str, slack_user: str) -> httpx.AsyncClient:
        c = make_client(app, secret)
        c.headers["x-vouch-acting-slack-user"] = slack_user
        return c

    me = {
        "operationName": "Me",
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": document_hash("Me")}},
    }
    async with acting(bot["secret"], "U0MIA1234") as as_mia:
        mine = (await as_mia.post("/graphql", json=me)).json()["data"]["me"]
        assert mine["role"] == "MANAGER"
        # Delegation: the manager's permissions that a bot may be delegated, no more.
        assert set(mine["permissions"]) == {"campaigns:read", "rewards:read", "rewards:approve"}
        # And only the bot's own documents: creating a campaign is neither.
        refused = (await as_mia.post("/graphql", json={"query": create})).json()
        assert refused["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
    assert not await AuditEvent.filter(action="campaign.create").exists()
    async with acting(bot["secret"], "U0STRANGER") as stranger:
        assert (await stranger.post("/graphql", json=me)).json()["data"]["me"]["permissions"] == []
    async with acting(shop["createApiKey"]["secret"], "U0MIA1234") as not_a_bot:
        assert (await not_a_bot.post("/graphql", json={"query": ME})).status_code == 401
    async with acting(await staff_token(app, Role.ADMIN, "adm@example.com"), "U0MIA1234") as s:
        assert (await s.post("/graphql", json={"query": ME})).status_code == 401


async def test_owner_role_is_granted_only_by_owners(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    admin_token = await staff_token(app, Role.ADMIN, "admin2@example.com")
    manager = await _manager(app)
    promote = """mutation($id: ID!) { updateStaffUser(id: $id, role: OWNER) {
      __typename ... on UserError { code } } }"""
    async with make_client(app, admin_token) as admin:
        assert (await gql(admin, promote, id=gid("StaffUser", manager.id)))["updateStaffUser"][
            "code"
        ] == "FORBIDDEN"
        owner = """mutation { createStaffUser(input: {email: "o2@example.com", name: "O",
          role: OWNER}) { __typename ... on UserError { code } } }"""
        assert (await gql(admin, owner))["createStaffUser"]["code"] == "FORBIDDEN"
    assert (await gql(client, promote, id=gid("StaffUser", manager.id)))["updateStaffUser"][
        "__typename"
    ] == ("StaffUser")


async def test_audit_log_is_filterable_and_read_only(client: httpx.AsyncClient) -> None:
    await gql(
        client,
        """mutation { createCampaign(input: {name: "A", slug: "a",
        landingUrl: "https://x.example.com"}) { __typename } }""",
    )
    log = await gql(
        client,
        """{ auditLog(action: "campaign.create") { nodes { action actorKind
        targetType changes requestId } } }""",
    )
    [event] = log["auditLog"]["nodes"]
    assert (event["action"], event["actorKind"], event["targetType"]) == (
        "campaign.create",
        "staff",
        "Campaign",
    )
    assert event["changes"]["slug"] == [None, "a"] and event["requestId"]
    mutations = str(await gql(client, "{ __schema { mutationType { fields { name } } } }"))
    assert "Audit" not in mutations and "audit" not in mutations
