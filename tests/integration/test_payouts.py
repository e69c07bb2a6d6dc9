"""Paying rewards: payout files for PayPal and Wise, and Stripe customer-balance credits."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta

import httpx
import pytest

from server.audit.service import CLI
from server.clock import FrozenClock
from server.errors import InvalidInput
from server.jobs import run_due
from server.outbox.lease import OutboxStatus
from server.payouts import files, service
from server.payouts.models import StripeCredit
from server.payouts.stripe_credit import StripeCredits, idempotency_key
from server.rewards.models import LedgerEntry, LedgerKind, Reward, RewardStatus
from server.rewards.service import verify_ledger
from tests.conftest import gql
from tests.e2e.slack_standin import serve
from tests.e2e.stripe_standin import API_KEY, StripeStandIn
from tests.factories import convert, enroll, live_campaign
from tests.integration.test_rewards import SET_RULES, advocate_rule

STRIPE = """mutation($id: ID!, $c: String) { setAdvocateStripeCustomer(advocateId: $id, customerId: $c) {
  __typename ... on UserError { code field } } }"""
CREDITS = """{ stripeCredits { status attempts lastError stripeObjectId amount currency } }"""


async def _approved(client: httpx.AsyncClient, clock: FrozenClock, *emails: str) -> list[str]:
    """One approved 10.00 USD cash reward per advocate; returns their advocate ids."""
    cid = await live_campaign(client)
    made = await gql(
        client,
        SET_RULES,
        input={"campaignId": cid, "rules": [advocate_rule()], "autoApproveMax": 100000},
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    ids = []
    for n, email in enumerate(emails):
        link = await enroll(client, cid, email, name=f'=HYPERLINK("x") {n}')
        ids.append(link["advocate"]["id"])
        await convert(client, f"pay-key-{n:04}", f"o-{n}", 5000, referralCode=link["code"],
                      email=f"friend{n}@example.org")  # fmt: skip
    clock.advance(timedelta(days=31))
    await run_due(clock=clock)
    assert {r.status for r in await Reward.all()} == {RewardStatus.APPROVED}
    return ids


async def test_paypal_and_wise_files_out_and_results_in_exactly_once(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    await _approved(client, clock, "ada@example.com", "ken@example.com")
    rewards = await Reward.all().order_by("id")
    paypal = files.export(files.Provider.PAYPAL, await service.payable(campaign_slug="give-10",
                                                                       currency=None))  # fmt: skip
    lines = list(csv.reader(io.StringIO(paypal)))
    assert lines == [
        ["ada@example.com", "10.00", "USD", f"VOUCH-R{rewards[0].id}",
         lines[0][4], "PAYPAL"],
        ["ken@example.com", "10.00", "USD", f"VOUCH-R{rewards[1].id}", lines[1][4], "PAYPAL"],
    ]  # fmt: skip
    wise = files.export(files.Provider.WISE, await service.payable(campaign_slug=None,
                                                                   currency="usd"))  # fmt: skip
    table = list(csv.DictReader(io.StringIO(wise)))
    assert list(table[0]) == list(files.WISE_HEADER)
    # Names starting with = are neutralised (formula injection), never run by a spreadsheet.
    assert table[0]["name"].startswith("'=") and table[0]["amount"] == "10.00"
    assert (
        table[0]["recipientEmail"] == "ada@example.com" and table[0]["amountCurrency"] == "target"
    )

    # PayPal's result: Ada paid, Ken unclaimed, a line we never wrote, a wrong amount.
    result = (
        "Transaction ID,Recipient,Amount,Currency,Status,Customer ID\r\n"
        f"PP-TX-1,ada@example.com,10.00,USD,Success,VOUCH-R{rewards[0].id}\r\n"
        f"PP-TX-2,ken@example.com,10.00,USD,Unclaimed,VOUCH-R{rewards[1].id}\r\n"
        "PP-TX-3,who@example.com,5.00,USD,Success,VOUCH-R999\r\n"
        f"PP-TX-4,ken@example.com,99.00,USD,Success,VOUCH-R{rewards[1].id}\r\n"
        "PP-TX-5,x@example.com,1.00,USD,Success,\r\n"
    )
    seen: list[int] = []
    report = await service.import_results(files.Provider.PAYPAL, result, actor=CLI, clock=clock,
                                          progress=seen.append)  # fmt: skip
    assert (report.fulfilled, report.already, report.skipped) == (1, 0, 1)
    assert [p.line for p in report.problems] == [4, 5, 6]
    assert sum(seen) == 5
    ada = await Reward.get(id=rewards[0].id)
    assert (ada.status, ada.external_reference) == (RewardStatus.FULFILLED, "paypal:PP-TX-1")
    # The same file again, and two imports at once: still one payment each.
    again, twin = await asyncio.gather(
        service.import_results(files.Provider.PAYPAL, result, actor=CLI, clock=clock),
        service.import_results(files.Provider.PAYPAL, result, actor=CLI, clock=clock),
    )
    assert (again.fulfilled, again.already, twin.fulfilled, twin.already) == (0, 1, 0, 1)
    fulfilled = await LedgerEntry.filter(kind=LedgerKind.FULFILLED).count()
    assert fulfilled == 1 and await verify_ledger() == []
    # Paid rewards leave the next export.
    left = await service.payable(campaign_slug=None, currency=None)
    assert [p.reward_id for p in left] == [rewards[1].id]

    wise_result = (
        "id,status,targetAmount,targetCurrency,paymentReference\n"
        f"WISE-77,OUTGOING_PAYMENT_SENT,10.00,USD,VOUCH-R{rewards[1].id}\n"
    )
    done = await service.import_results(files.Provider.WISE, wise_result, actor=CLI, clock=clock)
    assert (done.fulfilled, done.problems) == (1, [])
    assert (await Reward.get(id=rewards[1].id)).external_reference == "wise:WISE-77"


async def test_paypal_refuses_mixed_currencies_and_files_need_a_status(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    rows = [
        files.Payable(1, "a@example.com", "A", 1000, "USD", ""),
        files.Payable(2, "b@example.com", "B", 1000, "EUR", ""),
    ]
    with pytest.raises(InvalidInput, match="one currency per file"):
        files.export(files.Provider.PAYPAL, rows)
    with pytest.raises(InvalidInput, match="status column"):
        await service.import_results(files.Provider.WISE, "id,paymentReference\n1,VOUCH-R1\n",
                                     actor=CLI, clock=clock)  # fmt: skip


async def test_stripe_credit_retries_a_failure_and_credits_exactly_once(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    ada, ken = await _approved(client, clock, "ada@example.com", "ken@example.com")
    assert (await gql(client, STRIPE, id=ada, c="cus_Ada1"))["setAdvocateStripeCustomer"][
        "__typename"
    ] == "Advocate"
    bad = (await gql(client, STRIPE, id=ken, c="not-a-customer"))["setAdvocateStripeCustomer"]
    assert (bad["code"], bad["field"]) == ("INVALID_INPUT", "customerId")
    # Rewards routed to Stripe are not in payout files.
    assert [p.email for p in await service.payable(campaign_slug=None, currency=None)] == [
        "ken@example.com"
    ]
    stripe = StripeStandIn(customers={"cus_Ada1"}, fail_next=1)
    async with serve(stripe.asgi()) as url:
        credits = StripeCredits(api_key=API_KEY, api_base=url)
        first = await credits.run_once(clock=clock)
        assert (first.queued, first.credited, first.failed) == (1, 0, 1)
        shown = (await gql(client, CREDITS))["stripeCredits"]
        assert shown[0]["status"] == "FAILED" and "APIError" in shown[0]["lastError"]
        assert shown[0]["attempts"] == 1
        # Not due yet: the backoff holds it.
        assert (await credits.run_once(clock=clock)).credited == 0
        clock.advance(timedelta(minutes=2))
        # Two runners at once (a duplicate run): one credit, one fulfilment.
        a, b = await asyncio.gather(credits.run_once(clock=clock), credits.run_once(clock=clock))
        assert a.credited + b.credited == 1
        assert (await credits.run_once(clock=clock)).credited == 0
    assert stripe.balance("cus_Ada1") == -1000 and len(stripe.created) == 1
    reward = await Reward.get(advocate__email="ada@example.com")
    row = await StripeCredit.get(reward_id=reward.id)
    assert reward.status is RewardStatus.FULFILLED
    assert reward.external_reference == f"stripe:{row.stripe_object_id}"
    assert row.status is OutboxStatus.DELIVERED and row.stripe_object_id in stripe.created
    # Every request carried the reward's idempotency key and the negative (credit) amount.
    assert {(c, f["amount"], f["currency"], k) for c, f, k in stripe.requests} == {
        ("cus_Ada1", "-1000", "usd", idempotency_key(reward.id))
    }
    assert await LedgerEntry.filter(kind=LedgerKind.FULFILLED).count() == 1
    assert await verify_ledger() == []
    shown = (await gql(client, CREDITS))["stripeCredits"]
    assert shown[0]["status"] == "DELIVERED" and shown[0]["stripeObjectId"] == row.stripe_object_id


async def test_a_crash_after_the_credit_is_replayed_by_stripe_not_paid_twice(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    (ada,) = await _approved(client, clock, "ada@example.com")
    await gql(client, STRIPE, id=ada, c="cus_Ada1")
    reward = await Reward.get()
    stripe = StripeStandIn(customers={"cus_Ada1"})
    async with serve(stripe.asgi()) as url:
        # A worker credited the customer, then died before marking anything.
        async with httpx.AsyncClient() as http:
            died = await http.post(
                f"{url}/v1/customers/cus_Ada1/balance_transactions",
                data={"amount": "-1000", "currency": "usd"},
                headers={"authorization": f"Bearer {API_KEY}",
                         "idempotency-key": idempotency_key(reward.id)},
            )  # fmt: skip
        await StripeCredits(api_key=API_KEY, api_base=url).run_once(clock=clock)
    assert len(stripe.created) == 1 and stripe.balance("cus_Ada1") == -1000
    row = await StripeCredit.get(reward_id=reward.id)
    assert row.status is OutboxStatus.DELIVERED and row.stripe_object_id == died.json()["id"]
    assert (await Reward.get(id=reward.id)).status is RewardStatus.FULFILLED
    assert await verify_ledger() == []


async def test_a_friend_with_a_stripe_customer_is_credited_too(
    client: httpx.AsyncClient, clock: FrozenClock
) -> None:
    cid = await live_campaign(client)
    rules = [advocate_rule(key="friend", recipient="FRIEND", fixedAmount=500)]
    await gql(client, SET_RULES, input={"campaignId": cid, "rules": rules, "autoApproveMax": 9999})
    link = await enroll(client, cid, "ada@example.com")
    done = await convert(client, "friend-key-001", "o-1", 5000, referralCode=link["code"],
                         email="bob@example.org")  # fmt: skip
    referral = done["conversion"]["referral"]["id"]
    set_friend = """mutation($r: ID!) { setFriendStripeCustomer(referralId: $r,
      customerId: "cus_Bob9") { __typename } }"""
    assert (await gql(client, set_friend, r=referral))["setFriendStripeCustomer"] == {
        "__typename": "Referral"
    }
    clock.advance(timedelta(days=31))
    await run_due(clock=clock)
    stripe = StripeStandIn(customers={"cus_Bob9"})
    async with serve(stripe.asgi()) as url:
        assert (await StripeCredits(api_key=API_KEY, api_base=url).run_once(clock=clock)).credited
    assert stripe.balance("cus_Bob9") == -500
    reward = await Reward.get()
    assert (reward.advocate_id, reward.status) == (None, RewardStatus.FULFILLED)
