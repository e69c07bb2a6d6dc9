"""Payout files through the API (the dashboard's Payouts screen): the batch file out, with its
audit, and the provider's result file in, each reward fulfilled once however often the file is
sent, also two at once; refusals at their input paths; only those who may approve rewards."""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
from starlette.applications import Starlette

from server.accounts.models import Role
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.rewards.models import LedgerEntry, LedgerKind, Reward, RewardStatus
from server.rewards.service import verify_ledger
from tests.conftest import gql, make_client, staff_token
from tests.factories import live_campaign
from tests.integration.test_payouts import _approved

EXPORT = """mutation($p: PayoutProvider!, $c: String, $id: ID) {
  exportPayoutFile(provider: $p, currency: $c, campaignId: $id) {
    __typename
    ... on PayoutFile { provider filename content count more totals { formatted } }
    ... on UserError { code field message } } }"""
IMPORT = """mutation($p: PayoutProvider!, $f: String!) { importPayoutResults(provider: $p, file: $f) {
  __typename
  ... on PayoutImport { fulfilled already skipped problems { line message } }
  ... on UserError { code field message } } }"""


async def test_a_payout_file_out_and_its_results_in_exactly_once(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    await _approved(client, clock, "ada@example.com", "ken@example.com")
    ada, ken = await Reward.all().order_by("id")
    out = (await gql(client, EXPORT, p="PAYPAL", c="USD"))["exportPayoutFile"]
    assert out["__typename"] == "PayoutFile", out
    assert (out["count"], out["more"], out["totals"]) == (2, 0, [{"formatted": "$20.00"}])
    assert out["filename"].startswith("vouch-payouts-paypal-USD-") and out["provider"] == "PAYPAL"
    lines = list(csv.reader(io.StringIO(out["content"])))
    assert [(line[0], line[1], line[3]) for line in lines] == [
        ("ada@example.com", "10.00", f"VOUCH-R{ada.id}"),
        ("ken@example.com", "10.00", f"VOUCH-R{ken.id}"),
    ]
    # Who put which reward in a file, on each reward.
    audited = await AuditEvent.filter(action="payouts.export").values_list("target_id", flat=True)
    assert sorted(str(t) for t in audited) == sorted([str(ada.id), str(ken.id)])

    result = (
        "Transaction ID,Recipient,Amount,Currency,Status,Customer ID\r\n"
        f"PP-1,ada@example.com,10.00,USD,Success,VOUCH-R{ada.id}\r\n"
        f"PP-2,ken@example.com,10.00,USD,Unclaimed,VOUCH-R{ken.id}\r\n"
        "PP-3,who@example.com,5.00,USD,Success,VOUCH-R999999\r\n"
    )
    first = (await gql(client, IMPORT, p="PAYPAL", f=result))["importPayoutResults"]
    assert first == {
        "__typename": "PayoutImport",
        "fulfilled": 1,
        "already": 0,
        "skipped": 1,
        "problems": [{"line": 4, "message": "no reward VOUCH-R999999"}],
    }
    # Sent again, twice at once (a double click, a retry): nothing is paid twice.
    again = await asyncio.gather(*(gql(client, IMPORT, p="PAYPAL", f=result) for _ in range(2)))
    assert [a["importPayoutResults"]["already"] for a in again] == [1, 1]
    assert await LedgerEntry.filter(kind=LedgerKind.FULFILLED).count() == 1
    assert (await Reward.get(id=ada.id)).status is RewardStatus.FULFILLED
    assert await verify_ledger() == []
    # Paid rewards leave the next file.
    wise = (await gql(client, EXPORT, p="WISE"))["exportPayoutFile"]
    assert wise["count"] == 1 and f"VOUCH-R{ken.id}" in wise["content"]
    assert wise["filename"].startswith("vouch-payouts-wise-all-")

    # An analyst reads rewards but does not pay them.
    token = await staff_token(app, Role.ANALYST, "ann@example.com")
    async with make_client(app, token) as analyst:
        refused = (await gql(analyst, EXPORT, p="WISE"))["exportPayoutFile"]
    assert refused["code"] == "FORBIDDEN", refused


async def test_refusals_name_their_input(client: httpx.AsyncClient, clock: FrozenClock) -> None:
    await _approved(client, clock, "ada@example.com")
    cases = [
        ({"p": "PAYPAL", "c": "XYZ"}, "currency"),
        ({"p": "PAYPAL", "id": "bm90LWFuLWlk"}, "campaignId"),
    ]
    for variables, field in cases:
        refused = (await gql(client, EXPORT, **variables))["exportPayoutFile"]
        assert (refused["__typename"], refused["field"]) == ("UserError", field), refused
    other = await live_campaign(client, slug="other", name="Other")
    empty = (await gql(client, EXPORT, p="PAYPAL", id=other))["exportPayoutFile"]
    assert (empty["count"], empty["content"], empty["totals"]) == (0, "", [])
    no_status = (await gql(client, IMPORT, p="PAYPAL", f="a,b\r\n1,2\r\n"))["importPayoutResults"]
    assert (no_status["code"], no_status["field"]) == ("INVALID_INPUT", "file"), no_status
