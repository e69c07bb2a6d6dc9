"""A reward's approval notifications are numbered by the reward itself (its count of waits,
bumped with the status change), so concurrent approvals and unapprovals never make two
notifications with one key, and never roll back a decision on a duplicate key."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.clock import FrozenClock
from server.notifications.models import Notification
from server.rewards.models import Reward
from tests.conftest import gql, make_client, staff_token
from tests.ids import pk
from tests.integration.test_rewards import APPROVE, _awaiting

UNAPPROVE = """mutation($id: ID!) { unapproveReward(id: $id) {
  __typename ... on UserError { code message } } }"""


async def test_concurrent_unapprovals_number_each_wait_once(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    reward_id = await _awaiting(client, clock)
    tokens = [await staff_token(app, Role.MANAGER, f"m{i}@example.com") for i in range(6)]
    clients = [make_client(app, t) for t in tokens]

    async def flip(c: httpx.AsyncClient) -> list[str]:
        seen: list[str] = []
        for _ in range(4):
            approved = (await gql(c, APPROVE, id=reward_id))["approveReward"]
            unapproved = (await gql(c, UNAPPROVE, id=reward_id))["unapproveReward"]
            seen += [approved["__typename"], unapproved["__typename"]]
            for answer in (approved, unapproved):
                assert answer["__typename"] != "UserError" or answer["code"] == "CONFLICT", answer
        return seen

    try:
        outcomes = await asyncio.gather(*(flip(c) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    unapprovals = sum(o[1::2].count("Reward") for o in outcomes)
    assert unapprovals >= 1
    reward = await Reward.get(id=pk(reward_id))
    assert reward.approval_waits == 1 + unapprovals  # the first wait, then one per unapproval
    keys = [n.dedupe_key for n in await Notification.filter(reward_id=reward.id)]
    assert sorted(keys) == sorted(f"reward:{reward.id}:{n}" for n in range(1, 2 + unapprovals))
