"""A `notificationCreated` subscription checks its credential for as long as the socket lives:
revoking the key, a session running out, deactivating or demoting the user closes it with 4403.
Each case runs over a real graphql-transport-ws socket against uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import websockets
from starlette.applications import Starlette
from websockets.exceptions import ConnectionClosed

from server.accounts.models import ApiKey, Role
from server.app import create_app
from server.clock import FrozenClock
from server.settings import Settings
from tests.conftest import gql, make_client, staff_token
from tests.factories import convert, enroll, live_campaign
from tests.ids import gid
from tests.integration.test_notifications import SUBSCRIBE, _connect, _serve, bot_key

# Bot keys here script ad-hoc documents; the trusted-documents gate has its own tests.
pytestmark = pytest.mark.usefixtures("any_bot_document")


@pytest.fixture
def app(settings: Settings, clock: FrozenClock) -> Starlette:
    """Re-checked on every poll (no cache), and polled often, so each case closes promptly."""
    changed = settings.model_copy(
        update={"subscription_poll_seconds": 0.05, "subscription_recheck_seconds": 0}
    )
    return create_app(changed, clock=clock, manage_db=False, run_jobs=False)


@contextlib.asynccontextmanager
async def _subscribed(app: Starlette, credential: str) -> AsyncIterator[Any]:
    async with _serve(app) as url:
        ws = await _connect(url)
        await ws.send(
            json.dumps(
                {"type": "connection_init", "payload": {"authorization": f"Bearer {credential}"}}
            )
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps(SUBSCRIBE))
        try:
            yield ws
        finally:
            await ws.close()


async def _closed_with(ws: websockets.ClientConnection) -> int | None:
    """Read until the server closes the socket (a hang guard, not a timing: 20 s)."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout=20)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd is not None else None


async def test_revoking_the_api_key_closes_the_subscription(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    key = await bot_key(app)
    async with _subscribed(app, key) as ws:
        # While the key is valid, events flow (each one re-checked the key).
        campaign = await live_campaign(client)
        for i in range(20):
            link = await enroll(client, campaign, email=f"adv{i}@example.com", name=f"Ada{i} L")
            await convert(
                client, f"sub-key-{i:04d}", f"o{i}", referralCode=link["code"], email=f"f{i}@x.org"
            )
            with contextlib.suppress(TimeoutError):
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=1))
                break
        else:
            raise AssertionError("no notification was pushed")
        assert message["type"] == "next"
        key_id = gid("ApiKey", (await ApiKey.get()).id)
        revoked = await gql(
            client, "mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }", id=key_id
        )
        assert revoked["revokeApiKey"]["__typename"] == "ApiKey"
        assert await _closed_with(ws) == 4403


async def test_an_expired_session_closes_the_subscription(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    admin = await staff_token(app, Role.ADMIN)
    async with _subscribed(app, admin) as ws:
        clock.advance(timedelta(days=400))  # past the session's absolute lifetime
        assert await _closed_with(ws) == 4403


async def _admin_id(app: Starlette, token: str) -> str:
    async with make_client(app, token) as admin:
        me = await gql(admin, "{ me { user { id } } }")
    user_id: str = me["me"]["user"]["id"]
    return user_id


UPDATE = """mutation($id: ID!, $role: Role, $active: Boolean) {
  updateStaffUser(id: $id, role: $role, active: $active) { __typename } }"""


async def test_deactivating_the_user_closes_the_subscription(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    admin = await staff_token(app, Role.ADMIN)
    admin_id = await _admin_id(app, admin)
    async with _subscribed(app, admin) as ws:
        done = await gql(client, UPDATE, id=admin_id, active=False)
        assert done["updateStaffUser"]["__typename"] == "StaffUser"
        assert await _closed_with(ws) == 4403


async def test_demoting_the_user_below_the_permission_closes_the_subscription(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    admin = await staff_token(app, Role.ADMIN)
    admin_id = await _admin_id(app, admin)
    async with _subscribed(app, admin) as ws:
        done = await gql(client, UPDATE, id=admin_id, role="ANALYST")
        assert done["updateStaffUser"]["__typename"] == "StaffUser"
        assert await _closed_with(ws) == 4403
