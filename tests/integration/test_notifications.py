"""The notifications outbox: written with what it announces, claimed under a lease,
acknowledged only by the lease holder; and pushed over graphql-transport-ws."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import uvicorn
import websockets
from starlette.applications import Starlette
from websockets.exceptions import ConnectionClosed, InvalidStatus

from server.accounts import keys
from server.accounts.models import Role
from server.accounts.viewer import ANONYMOUS
from server.audit.service import CLI
from server.clock import FrozenClock
from server.notifications.models import Notification, NotificationStatus
from server.outbox import lease as outbox_lease
from server.rewards import service as rewards
from server.sql import trace
from tests.conftest import gql, make_client, staff_token
from tests.factories import convert, enroll, live_campaign
from tests.ids import gid, pk
from tests.integration.test_rewards import SET_RULES, advocate_rule

# These tests script the bot key with their own documents; trusted documents are tested apart.
pytestmark = pytest.mark.usefixtures("any_bot_document")

CLAIM = """mutation($limit: Int!, $lease: Int!) {
  claimNotifications(limit: $limit, leaseSeconds: $lease) {
    __typename
    ... on NotificationBatch { leaseToken leaseExpiresAt notifications {
        id kind status attempts test campaign { slug }
        milestone { title } reward { id status } } }
    ... on UserError { code field }
  }
}"""
DELIVERED = """mutation($id: ID!, $t: String!, $ch: String!, $ts: String!) {
  markNotificationDelivered(id: $id, leaseToken: $t, channel: $ch, ts: $ts) {
    __typename ... on Notification { status deliveredChannel deliveredTs }
    ... on UserError { code field }
  }
}"""
FAILED = """mutation($id: ID!, $t: String!) {
  markNotificationFailed(id: $id, leaseToken: $t, error: "slack is down") {
    __typename ... on Notification { status } ... on UserError { code }
  }
}"""


async def bot_key(app: Starlette) -> str:
    issued = await keys.create_api_key(
        name="slack bot",
        role=Role.BOT,
        test=False,
        expires_at=None,
        pepper=app.state.services.api_key_pepper,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=app.state.clock,
    )
    return issued.secret


@pytest.fixture
async def bot(client: httpx.AsyncClient, app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app, await bot_key(app)) as c:
        yield c


async def _claim(client: httpx.AsyncClient, limit: int = 10, lease: int = 60) -> dict[str, Any]:
    batch: dict[str, Any] = (await gql(client, CLAIM, limit=limit, lease=lease))[
        "claimNotifications"
    ]
    assert batch["__typename"] == "NotificationBatch", batch
    return batch


async def _first_referral(client: httpx.AsyncClient, n: int = 1) -> str:
    """A live campaign whose advocates each reach 'first successful referral'."""
    campaign = await live_campaign(client)
    for i in range(n):
        link = await enroll(client, campaign, email=f"adv{i}@example.com", name=f"Ada{i} L")
        done = await convert(
            client, f"order-key-{i:04d}", f"o{i}", referralCode=link["code"], email=f"f{i}@x.org"
        )
        assert done["__typename"] == "ConversionRecorded", done
    return campaign


async def test_reward_awaiting_approval_is_announced_with_its_transition(
    client: httpx.AsyncClient, bot: httpx.AsyncClient, clock: FrozenClock
) -> None:
    campaign = await live_campaign(client)
    made = await gql(
        client, SET_RULES, input={"campaignId": campaign, "rules": [advocate_rule(holdDays=3)]}
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion"
    await rewards.release_holds(clock=clock, actor=CLI)  # nothing due yet
    link = await enroll(client, campaign)
    await convert(client, "order-key-0001", "o1", referralCode=link["code"], email="f@x.org")
    kinds = {n["kind"] for n in (await _claim(bot))["notifications"]}
    assert kinds == {"MILESTONE_REACHED"}  # still on hold: nobody is asked yet
    clock.advance(timedelta(days=3))
    assert await rewards.release_holds(clock=clock, actor=CLI) == 1
    batch = await _claim(bot)  # the milestone's lease expired meanwhile: it comes back too
    [awaiting] = [n for n in batch["notifications"] if n["kind"] == "REWARD_AWAITING_APPROVAL"]
    assert awaiting["reward"]["status"] == "AWAITING_APPROVAL"
    assert awaiting["milestone"] is None
    by_reward = await gql(
        bot,
        "query($r: ID!) { notifications(rewardId: $r) { nodes { id kind } } }",
        r=awaiting["reward"]["id"],
    )
    assert by_reward["notifications"]["nodes"] == [
        {"id": awaiting["id"], "kind": "REWARD_AWAITING_APPROVAL"}
    ]


async def test_lease_expiry_reclaim_and_only_the_holder_marks(
    client: httpx.AsyncClient, bot: httpx.AsyncClient, clock: FrozenClock
) -> None:
    await _first_referral(client)
    first = await _claim(bot, lease=30)
    [note] = first["notifications"]
    assert note["status"] == "CLAIMED" and note["attempts"] == 0
    assert note["milestone"]["title"] == "first successful referral"
    assert (await _claim(bot))["notifications"] == []  # leased: nobody else gets it
    clock.advance(timedelta(seconds=31))
    second = await _claim(bot)
    [again] = second["notifications"]
    assert again["id"] == note["id"] and again["attempts"] == 1
    # The first holder lost its lease: it may not mark, and nothing changes.
    stale = await gql(bot, DELIVERED, id=note["id"], t=first["leaseToken"], ch="C1", ts="1.1")
    assert stale["markNotificationDelivered"] == {
        "__typename": "UserError",
        "code": "CONFLICT",
        "field": "leaseToken",
    }
    done = await gql(bot, DELIVERED, id=note["id"], t=second["leaseToken"], ch="C1", ts="2.5")
    assert done["markNotificationDelivered"] == {
        "__typename": "Notification",
        "status": "DELIVERED",
        "deliveredChannel": "C1",
        "deliveredTs": "2.5",
    }
    repeat = await gql(bot, DELIVERED, id=note["id"], t=second["leaseToken"], ch="C1", ts="2.5")
    assert repeat["markNotificationDelivered"]["status"] == "DELIVERED"
    other = await gql(bot, DELIVERED, id=note["id"], t=second["leaseToken"], ch="C1", ts="9.9")
    assert other["markNotificationDelivered"]["code"] == "CONFLICT"
    clock.advance(timedelta(hours=1))
    assert (await _claim(bot))["notifications"] == []  # delivered is final
    announced = await gql(bot, "{ milestones(announced: true) { nodes { announcedAt } } }")
    assert len(announced["milestones"]["nodes"]) == 1


async def test_failed_delivery_backs_off_then_retries(
    client: httpx.AsyncClient, bot: httpx.AsyncClient, clock: FrozenClock
) -> None:
    await _first_referral(client)
    batch = await _claim(bot)
    [note] = batch["notifications"]
    failed = await gql(bot, FAILED, id=note["id"], t=batch["leaseToken"])
    assert failed["markNotificationFailed"] == {"__typename": "Notification", "status": "FAILED"}
    row = await Notification.get(id=pk(note["id"]))
    assert row.last_error == "slack is down"
    assert (await _claim(bot))["notifications"] == []  # backing off
    clock.advance(timedelta(seconds=30))
    [retry] = (await _claim(bot))["notifications"]
    assert retry["id"] == note["id"] and retry["attempts"] == 1


async def test_claim_input_is_checked(bot: httpx.AsyncClient) -> None:
    for limit, lease, field in [(0, 60, "limit"), (51, 60, "limit"), (5, 1, "leaseSeconds")]:
        bad = (await gql(bot, CLAIM, limit=limit, lease=lease))["claimNotifications"]
        assert bad == {"__typename": "UserError", "code": "INVALID_INPUT", "field": field}
    unknown = await gql(bot, DELIVERED, id=gid("Notification", 999), t="nope", ch="C1", ts="1.0")
    assert unknown["markNotificationDelivered"]["code"] == "NOT_FOUND"
    # Longer than any token we issue (found by the fuzz test: it was a database error).
    delivered = await gql(
        bot, DELIVERED, id=gid("Notification", 1), t="x" * 1000, ch="C1", ts="1.0"
    )
    assert delivered["markNotificationDelivered"]["field"] == "leaseToken"
    failed = await gql(bot, FAILED, id=gid("Notification", 1), t="x" * 1000)
    assert failed["markNotificationFailed"] == {"__typename": "UserError", "code": "INVALID_INPUT"}


async def test_concurrent_claimers_never_share_a_row(
    client: httpx.AsyncClient, bot: httpx.AsyncClient
) -> None:
    await _first_referral(client, n=12)
    total = await Notification.all().count()
    assert total >= 12
    batches = await asyncio.gather(*(_claim(bot, limit=5) for _ in range(8)))
    ids = [n["id"] for b in batches for n in b["notifications"]]
    assert len(ids) == len(set(ids))  # nobody got a row twice
    assert len(ids) <= total
    leftover = [n["id"] for n in (await _claim(bot, limit=50))["notifications"]]
    assert sorted(ids + leftover, key=pk) == [
        gid("Notification", n.id) for n in await Notification.all().order_by("id")
    ]
    assert await Notification.filter(status=NotificationStatus.CLAIMED).count() == total


async def test_a_batch_is_claimed_by_one_compare_and_set(
    client: httpx.AsyncClient, bot: httpx.AsyncClient, clock: FrozenClock
) -> None:
    await _first_referral(client, n=6)
    total = await Notification.all().count()
    with trace.counting() as counted:
        leased = await outbox_lease.claim(
            Notification, limit=50, lease_seconds=60, now=clock.now(), max_attempts=10
        )
    assert len(leased.rows) == total
    # The leases that ran out are given up by one update, the batch taken by one statement
    # that answers which rows it took.
    assert counted["tortoise:update"] == 1, sorted(counted.items())
    assert counted["outbox.take.notification"] == 1, sorted(counted.items())
    assert {row.claims for row in leased.rows} == {1}
    assert [row.id for row in leased.rows] == sorted(row.id for row in leased.rows)
    stored = await Notification.all().values_list("lease_token", "claims")
    assert set(stored) == {(leased.lease_token, 1)}
    # Claimed: a racing claimer finds nothing left.
    assert not (await _claim(bot, limit=50))["notifications"]


# ---- subscription over graphql-transport-ws ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def _serve(app: Starlette) -> AsyncIterator[str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    try:
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        await task


SUBSCRIBE = {
    "id": "1",
    "type": "subscribe",
    "payload": {"query": "subscription { notificationCreated { id kind milestone { title } } }"},
}


async def _connect(url: str, **kwargs: Any) -> websockets.ClientConnection:
    return await websockets.connect(url, subprotocols=["graphql-transport-ws"], **kwargs)  # type: ignore[list-item]


async def test_subscription_pushes_new_notifications(
    client: httpx.AsyncClient, app: Starlette, settings: Any
) -> None:
    key = await bot_key(app)
    async with _serve(app) as url:
        ws = await _connect(url)
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}})
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps(SUBSCRIBE))
        # The subscription starts from the newest row it sees when it begins: keep making
        # milestones until one arrives, rather than guessing how long starting takes.
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
        pushed = message["payload"]["data"]["notificationCreated"]
        assert pushed["kind"] == "MILESTONE_REACHED"
        assert pushed["milestone"]["title"] == "first successful referral"
        await ws.close()


async def test_subscription_refuses_missing_credentials_and_foreign_origins(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    async with _serve(app) as url:
        ws = await _connect(url)
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        with pytest.raises(InvalidStatus) as refused:
            await _connect(url, origin="https://evil.example.net")
        assert refused.value.response.status_code == 403
        # An analyst may sign in but may not listen to the outbox.
        analyst = await staff_token(app, Role.ANALYST)
        ws = await _connect(url, origin="https://vouch.example.com")
        await ws.send(
            json.dumps(
                {"type": "connection_init", "payload": {"authorization": f"Bearer {analyst}"}}
            )
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps(SUBSCRIBE))
        refusal = await asyncio.wait_for(ws.recv(), timeout=10)
        payload = json.loads(refusal)["payload"]
        assert payload["data"] is None
        assert "notifications:deliver" in payload["errors"][0]["message"]
        assert payload["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        await ws.close()
