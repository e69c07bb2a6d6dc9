"""VOUCH_CONVERSION_CONCURRENCY: conversions from the API and from payment providers wait for
one of the process's slots (server/referrals/admission.py); the launch preflight, which records
its simulated conversions inside its own transaction, never waits for one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from starlette.applications import Starlette

from server import metrics
from server.accounts.models import Role
from server.app import create_app
from server.clock import FrozenClock
from server.referrals import admission
from server.referrals.models import Conversion
from server.settings import Settings
from tests import provider_events as pe
from tests.conftest import START, gql, make_client, staff_token
from tests.factories import click, convert, create_campaign, enroll, live_campaign

PREFLIGHT = """query($id: ID!) { campaignPreflight(campaignId: $id) {
    __typename journeys { refused creditedCode } } }"""


@pytest_asyncio.fixture
async def one_slot(
    clean: None, settings: Settings, clock: FrozenClock
) -> AsyncIterator[httpx.AsyncClient]:
    app: Starlette = create_app(
        settings.model_copy(update={"conversion_concurrency": 1}),
        clock=clock,
        manage_db=False,
        run_jobs=False,
    )
    async with make_client(app, await staff_token(app, Role.OWNER)) as client:
        yield client
    admission.configure(settings.conversion_concurrency)


def _waiting() -> float:
    value = metrics.REGISTRY.get_sample_value("vouch_conversions_waiting")
    assert value is not None
    return value


async def _until_waiting(count: int) -> None:
    for _ in range(1000):
        if _waiting() == count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never {count} waiting; {_waiting()} are")


async def test_an_api_conversion_waits_for_the_slot_then_records(
    one_slot: httpx.AsyncClient,
) -> None:
    client = one_slot
    cid = await live_campaign(client)
    token = await click(client, (await enroll(client, cid))["code"])
    async with admission.admitted():  # another conversion holds the process's only slot
        sent = asyncio.create_task(
            convert(client, "key-waits-001", "order-1", visitToken=token, email="bob@example.org")
        )
        await _until_waiting(1)
        assert not sent.done()
        assert await Conversion.all().count() == 0
    done = await sent
    assert done["__typename"] == "ConversionRecorded", done
    assert done["replayed"] is False
    assert await Conversion.all().count() == 1 and _waiting() == 0


async def test_a_stripe_checkout_waits_for_the_slot_then_converts(
    one_slot: httpx.AsyncClient,
) -> None:
    client = one_slot
    await live_campaign(client)
    made = await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    assert made["__typename"] == "Integration", made
    cid = (await gql(client, "{ campaigns(first: 1) { nodes { id } } }"))["campaigns"]["nodes"]
    token = await click(client, (await enroll(client, cid[0]["id"]))["code"])
    event = pe.stripe_event(
        "checkout.session.completed", pe.checkout_session(client_reference_id=token), START
    )
    async with admission.admitted():
        sent = asyncio.create_task(pe.post_stripe(client, event))
        await _until_waiting(1)
        assert await Conversion.all().count() == 0
    answer = await sent
    assert answer.status_code == 200 and answer.json()["status"] == "processed", answer.text
    assert await Conversion.all().count() == 1


async def test_the_preflight_never_waits_for_a_slot(one_slot: httpx.AsyncClient) -> None:
    client = one_slot
    made = await create_campaign(
        client, share={"socialMessage": "Try it: {share_url}", "emailBody": "Code {code}"}
    )
    await enroll(client, made["id"], "ada@shopper.example.org")
    async with admission.admitted():  # every slot taken: the simulated friends still buy
        report = await asyncio.wait_for(gql(client, PREFLIGHT, id=made["id"]), 30)
    journeys = report["campaignPreflight"]["journeys"]
    assert journeys and all(j["refused"] is None and j["creditedCode"] for j in journeys)
    assert _waiting() == 0
