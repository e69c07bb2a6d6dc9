"""resetTestData leaves nothing of the rehearsal behind: after a rich rehearsal (clicks, a
sign-up, a conversion from Stripe's test mode, a refund, rewards, a milestone, emails, webhook
events), every table is scanned for rows of the test-mode campaign, rows marked test, and
rows pointing at the rehearsal's deleted rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from server import db
from server.clock import FrozenClock
from server.referrals.models import Click, Conversion, Referral
from server.rewards.models import Reward
from tests import provider_events as pe
from tests.conftest import START, gql
from tests.factories import click, convert, refund, signup
from tests.ids import pk
from tests.integration.test_test_mode import ADVANCE, RESET, _rehearsal
from tests.webhook_receiver import Receiver, serve_receiver

CREATE_ENDPOINT = """mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { __typename } }"""
# Configuration and the people in it stay; so does the audit trail (it names the reset).
KEPT = {
    "campaign",
    "referral_link",
    "reward_rule_set",
    "milestone_rule",
    "audit_event",
    "email_unsubscribe_link",
}
CHILD_COLUMNS = {
    "click_id": "click",
    "referral_id": "referral",
    "conversion_id": "conversion",
    "reward_id": "reward",
}


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with serve_receiver() as found:
        yield found


async def _tables() -> dict[str, list[dict[str, Any]]]:
    conn = db.connection()
    if conn.capabilities.dialect == "postgres":
        _, names = await conn.execute_query(
            "SELECT table_name AS name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    else:
        _, names = await conn.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    found = {}
    for t in names:
        _, rows = await conn.execute_query(f'SELECT * FROM "{t["name"]}"')  # noqa: S608
        found[str(t["name"])] = [dict(r) for r in rows]
    return found


def _leftovers(
    tables: dict[str, list[dict[str, Any]]], campaign_id: int, gone: dict[str, set[int]]
) -> list[tuple[str, str, object]]:
    """(table, why, row id) for every row of the rehearsal a reset should have removed."""
    left = []
    for name, rows in tables.items():
        if name in KEPT:
            continue
        for row in rows:
            rid = row.get("id")
            if row.get("campaign_id") == campaign_id:
                left.append((name, "campaign_id", rid))
            if row.get("test") in (True, 1):
                left.append((name, "test", rid))
            for column, parent in CHILD_COLUMNS.items():
                if row.get(column) is not None and int(row[column]) in gone[parent]:
                    left.append((name, column, rid))
    return left


async def _ids(model: type[Click | Referral | Conversion | Reward], campaign_id: int) -> set[int]:
    return {int(row.pk) for row in await model.filter(campaign_id=campaign_id).only("id")}


async def test_reset_leaves_no_row_of_the_rehearsal(
    client: httpx.AsyncClient, clock: FrozenClock, receiver: Receiver
) -> None:
    made = await gql(client, CREATE_ENDPOINT, input={"url": receiver.url, "includeTest": True})
    assert made["createWebhookEndpoint"]["__typename"] == "WebhookEndpointWithSecret", made
    await pe.configure(client, provider="STRIPE", signingSecrets=[pe.STRIPE_SECRET])
    cid, link = await _rehearsal(client, autoApproveMax=5000)
    visit = await click(client, link["code"])
    assert (await signup(client, visitToken=visit, email="bob@x.org"))["__typename"] == "Referral"
    done = await convert(client, "scan-key-0001", "o-1", 900, visitToken=visit, email="bob@x.org")
    assert done["__typename"] == "ConversionRecorded", done
    await refund(client, done["conversion"]["id"], 100, "scan-refund-1")
    session = pe.checkout_session(metadata={"ref": link["code"]}, payment_intent="pi_scan1")
    event = pe.stripe_event("checkout.session.completed", session, START, livemode=False)
    assert (await pe.post_stripe(client, event)).json()["status"] == "processed"
    await gql(client, ADVANCE, id=cid, h=24 * 15)
    clock.advance(timedelta(minutes=1))

    campaign_id = pk(cid)
    gone = {
        "click": await _ids(Click, campaign_id),
        "referral": await _ids(Referral, campaign_id),
        "conversion": await _ids(Conversion, campaign_id),
        "reward": await _ids(Reward, campaign_id),
    }
    before = _leftovers(await _tables(), campaign_id, gone)
    seen = {name for name, _why, _id in before}
    # The scan sees the rehearsal in every kind of table before the reset.
    assert {"click", "conversion", "reward", "email_message", "integration_event"} <= seen, seen

    reset = (await gql(client, RESET, id=cid))["resetTestData"]
    assert reset["__typename"] == "TestDataReset", reset
    left = _leftovers(await _tables(), campaign_id, gone)
    assert not left, sorted({(name, why) for name, why, _id in left})
