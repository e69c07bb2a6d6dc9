"""Idempotency keys are the caller's own, and a duplicate in flight is told to retry."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from tortoise.transactions import in_transaction

from server.referrals.models import Conversion, Refund
from server.settings import Settings
from tests.conftest import gql, make_client
from tests.factories import (
    convert,
    convert_retryable,
    enroll,
    live_campaign,
    paying_campaign,
    refund,
    signup,
)
from tests.ids import pk

CREATE_KEY = """mutation($name: String!) {
  createApiKey(input: {name: $name, role: INTEGRATION, test: false}) {
    ... on CreatedApiKey { secret } } }"""
RECORD = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  ... on ConversionRecorded { replayed conversion { id } }
  ... on UserError { code field retryAfter } } }"""


async def record(
    client: httpx.AsyncClient, key: str, order: str, amount: int, code: str
) -> dict[str, Any]:
    """recordConversion with only what an integration key may read back."""
    data = {
        "friend": {"referralCode": code, "email": "bob@example.org"},
        "externalOrderId": order,
        "amount": amount,
        "currency": "USD",
        "idempotencyKey": key,
    }
    result: dict[str, Any] = (await gql(client, RECORD, input=data))["recordConversion"]
    return result


@asynccontextmanager
async def integration(
    client: httpx.AsyncClient, app: Starlette, name: str
) -> AsyncIterator[httpx.AsyncClient]:
    secret = (await gql(client, CREATE_KEY, name=name))["createApiKey"]["secret"]
    async with make_client(app, secret) as c:
        yield c


async def test_two_integrations_may_use_the_same_key(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    async with integration(client, app, "Shop") as shop, integration(client, app, "POS") as pos:
        a = await record(shop, "order-key-0001", "web-1", 1000, link["code"])
        b = await record(pos, "order-key-0001", "pos-1", 2000, link["code"])
        assert a["replayed"] is False and b["replayed"] is False
        assert a["conversion"]["id"] != b["conversion"]["id"]
        # Each replays its own result; a different input under one's own key is a CONFLICT.
        again = await record(pos, "order-key-0001", "pos-1", 2000, link["code"])
        assert again["replayed"] is True and again["conversion"]["id"] == b["conversion"]["id"]
        changed = await record(shop, "order-key-0001", "web-1", 9999, link["code"])
        assert (changed["code"], changed["field"]) == ("CONFLICT", "idempotencyKey")
        # Refund keys are scoped the same way.
        ra = await refund(shop, a["conversion"]["id"], 100, "refund-key-0001")
        rb = await refund(pos, b["conversion"]["id"], 200, "refund-key-0001")
        assert ra["replayed"] is False and rb["replayed"] is False
        replay = await refund(pos, b["conversion"]["id"], 200, "refund-key-0001")
        assert replay["replayed"] is True
    assert await Conversion.all().count() == 2
    assert sorted(r.amount for r in await Refund.all()) == [100, 200]
    assert len({c.idempotency_scope for c in await Conversion.all()}) == 2


async def test_staff_and_integration_keys_do_not_collide(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    mine = await convert(
        client, "shared-key-01", "o-1", 1000, referralCode=link["code"], email="bob@example.org"
    )
    async with integration(client, app, "Shop") as shop:
        theirs = await record(shop, "shared-key-01", "o-2", 1000, link["code"])
    assert theirs["replayed"] is False
    assert theirs["conversion"]["id"] != mine["conversion"]["id"]


async def test_a_duplicate_in_flight_gets_a_retryable_conflict(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """PostgreSQL: the first request is held mid-transaction (another session locks the
    referral it needs); its duplicate is refused at once with retryAfter, writes nothing,
    and its retry after the first committed replays the first answer."""
    if not settings.database_url.startswith("postgres"):
        pytest.skip("SQLite runs write transactions one at a time: no duplicate is in flight")
    cid = await live_campaign(client)
    link = await enroll(client, cid, "ada@example.com")
    referral = await signup(client, referralCode=link["code"], email="bob@example.org")
    order = {"referralCode": link["code"], "email": "bob@example.org"}
    outside = contextvars.copy_context()  # requests must not join the blocker's transaction
    async with in_transaction() as blocker:
        await blocker.execute_query(
            "SELECT id FROM referral WHERE id = $1 FOR UPDATE", [pk(referral["id"])]
        )
        first = asyncio.create_task(
            convert_retryable(client, "inflight-key-1", "o-1", 1000, **order),
            context=outside.copy(),
        )
        held = 0
        for _ in range(500):  # until the first request holds its key
            rows = await blocker.execute_query_dict(
                "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            held = int(rows[0]["n"])
            if held:
                break
            await asyncio.sleep(0.01)
        assert held, "the first request never took its key"
        # Bounded only so that a regression (the twin waiting behind the first) fails.
        twin = await asyncio.wait_for(
            asyncio.create_task(
                convert_retryable(client, "inflight-key-1", "o-1", 1000, **order),
                context=outside.copy(),
            ),
            timeout=30,
        )
        assert (twin["code"], twin["field"], twin["retryAfter"]) == (
            "CONFLICT",
            "idempotencyKey",
            1,
        )
        assert not first.done()
    done = await first  # the blocker committed: the first request goes on
    assert done["replayed"] is False
    retried = await convert(client, "inflight-key-1", "o-1", 1000, **order)
    assert retried["replayed"] is True
    assert retried["conversion"]["id"] == done["conversion"]["id"]
    assert await Conversion.all().count() == 1


FULFIL = """mutation($id: ID!, $ref: String!) { fulfillReward(id: $id, externalReference: $ref) {
  __typename ... on Reward { id status } ... on UserError { code field message } } }"""


async def test_fulfill_reward_retried_with_its_reference_answers_the_same(
    client: httpx.AsyncClient,
) -> None:
    """A payout tool that lost the answer sends fulfillReward again: the same reference answers
    the fulfilled reward (it was a CONFLICT, so the tool could not tell a retry from a clash)
    and nothing is written twice; another reference is still a CONFLICT."""
    from server.audit.models import AuditEvent
    from server.rewards.models import LedgerEntry, LedgerKind

    cid = await paying_campaign(client)
    link = await enroll(client, cid)
    bought = await convert(client, "fulfil-retry-1", "o-fr-1", referralCode=link["code"],
                           email="f@example.org")  # fmt: skip
    assert bought["__typename"] == "ConversionRecorded", bought
    rewards = await gql(client, "{ rewards(first: 5) { nodes { id status } } }")
    (reward,) = rewards["rewards"]["nodes"]
    assert reward["status"] == "APPROVED", reward
    first = (await gql(client, FULFIL, id=reward["id"], ref="PAY-1"))["fulfillReward"]
    again = (await gql(client, FULFIL, id=reward["id"], ref=" PAY-1 "))["fulfillReward"]
    expected = {"__typename": "Reward", "id": reward["id"], "status": "FULFILLED"}
    assert first == again == expected
    other = (await gql(client, FULFIL, id=reward["id"], ref="PAY-2"))["fulfillReward"]
    assert (other["code"], other["field"]) == ("CONFLICT", "id"), other
    rid = pk(reward["id"])
    assert await LedgerEntry.filter(reward_id=rid, kind=LedgerKind.FULFILLED).count() == 1
    assert await AuditEvent.filter(action="reward.fulfill").count() == 1
