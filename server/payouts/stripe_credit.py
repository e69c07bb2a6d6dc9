"""Automated fulfilment: an approved reward whose recipient (advocate or friend) has a Stripe
customer id is credited to that customer's balance, then marked FULFILLED with the Stripe
object id through the rewards fulfil use-case.

Each reward gets one `stripe_credit` row (unique per reward), delivered through the outbox
lease (server/outbox/lease.py): any number of runners (`vouch jobs run-once`, `vouch payouts
stripe-run`, the server's periodic jobs) may run at once, a failure is retried with backoff
and its error stays on the row. Stripe's idempotency key is derived from the reward, so a
retry after a crash (credited, not yet marked) gets the same balance transaction back and the
customer is credited once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import stripe
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from server.audit.service import Actor, Channel
from server.clock import Clock
from server.errors import DomainError
from server.outbox import lease
from server.outbox.rules import RetryPolicy
from server.payouts.models import StripeCredit
from server.rewards import service as rewards
from server.rewards.models import Reward, RewardKind, RewardRecipient, RewardStatus
from server.settings import Settings

log = logging.getLogger("vouch.stripe")
RETRY = RetryPolicy(max_attempts=10, base=timedelta(minutes=1), cap=timedelta(hours=6))
LEASE_SECONDS = 60
BATCH = 20
KINDS = (RewardKind.CASH, RewardKind.CREDIT)
ACTOR = Actor(kind="system", id="stripe-credit", channel=Channel.SYSTEM)


def idempotency_key(reward_id: int) -> str:
    return f"vouch-reward-{reward_id}-balance-credit"


class _HTTPX(stripe.HTTPXClient):
    """stripe's httpx client sends the encoded form as `data=`, which httpx deprecates for raw
    text (a DeprecationWarning on every request): send it as `content=`."""

    def _get_request_args_kwargs(  # type: ignore[no-untyped-def]
        self, method: str, url: str, headers: Mapping[str, str], post_data
    ):
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        kwargs["content"] = kwargs.pop("data") or None
        return args, kwargs


@dataclass(frozen=True, slots=True)
class RunResult:
    queued: int
    credited: int
    failed: int


def _routed() -> Q:
    return Q(recipient=RewardRecipient.ADVOCATE, advocate__stripe_customer_id__isnull=False) | Q(
        recipient=RewardRecipient.FRIEND, referral__friend_stripe_customer_id__isnull=False
    )


async def enqueue(*, clock: Clock, limit: int = 500) -> int:
    """A credit row for each approved live cash or credit reward of a known Stripe customer."""
    now = clock.now()
    due = (
        await Reward.filter(
            _routed(),
            status=RewardStatus.APPROVED,
            test=False,
            kind__in=KINDS,
            stripe_credit__id__isnull=True,
        )
        .select_related("advocate", "referral")
        .order_by("id")
        .limit(limit)
    )
    made = 0
    for reward in due:
        customer = (
            reward.advocate.stripe_customer_id
            if reward.advocate is not None
            else reward.referral.friend_stripe_customer_id
        )
        if customer is None:
            continue
        try:
            await StripeCredit.create(
                reward_id=reward.id, customer_id=customer, amount=reward.amount,
                currency=reward.currency, created_at=now, updated_at=now,
            )  # fmt: skip
            made += 1
        except IntegrityError:
            continue  # another runner queued it
    return made


@dataclass
class StripeCredits:
    api_key: str
    api_base: str
    timeout: float = 10.0

    async def run_once(self, *, clock: Clock) -> RunResult:
        queued = await enqueue(clock=clock)
        credited = failed = 0
        http = _HTTPX(timeout=self.timeout)
        client = stripe.StripeClient(
            self.api_key,
            base_addresses={"api": self.api_base},
            http_client=http,
            max_network_retries=0,  # retries are the outbox's: visible, with backoff
        )
        try:
            while True:
                leased = await lease.claim(
                    StripeCredit,
                    limit=BATCH,
                    lease_seconds=LEASE_SECONDS,
                    now=clock.now(),
                    max_attempts=RETRY.max_attempts,
                )
                if not leased.rows:
                    break
                for row in leased.rows:
                    if await self.attempt(client, row, leased.lease_token, clock):
                        credited += 1
                    else:
                        failed += 1
        finally:
            await http.close_async()  # type: ignore[no-untyped-call]
        return RunResult(queued=queued, credited=credited, failed=failed)

    async def attempt(
        self, client: stripe.StripeClient, row: StripeCredit, token: str, clock: Clock
    ) -> bool:
        reward = await Reward.get(id=row.reward_id)
        if reward.status not in (RewardStatus.APPROVED, RewardStatus.FULFILLED):
            return await self._fail(row, token, clock, f"the reward is {reward.status.value}")
        try:
            txn = await client.v1.customers.balance_transactions.create_async(
                row.customer_id,
                {
                    "amount": -row.amount,  # negative: a credit the customer's invoices use
                    "currency": row.currency.lower(),
                    "description": f"Referral reward VOUCH-R{row.reward_id}",
                    "metadata": {"vouch_reward_id": str(row.reward_id)},
                },
                {"idempotency_key": idempotency_key(row.reward_id)},
            )
        except stripe.StripeError as exc:
            message = exc.user_message or str(exc) or type(exc).__name__
            return await self._fail(row, token, clock, f"{type(exc).__name__}: {message}")
        note = ""
        try:
            await rewards.fulfill(
                reward_id=row.reward_id,
                external_reference=f"stripe:{txn.id}",
                actor=ACTOR,
                clock=clock,
            )
        except DomainError as exc:
            fresh = await Reward.get(id=row.reward_id)
            if fresh.external_reference != f"stripe:{txn.id}":
                note = f"credited as {txn.id}, but the reward was not marked: {exc.message}"
                log.warning("stripe credit %s: %s", row.id, note)
        now = clock.now()
        await lease.settle(
            StripeCredit, row_id=row.id, lease_token=token, now=now,
            stripe_object_id=txn.id, delivered_at=now, last_error=note,
        )  # fmt: skip
        return True

    async def _fail(self, row: StripeCredit, token: str, clock: Clock, error: str) -> bool:
        _, retry = await lease.fail(
            StripeCredit, row_id=row.id, lease_token=token, attempts=row.claims, error=error,
            policy=RETRY, now=clock.now(),
        )  # fmt: skip
        if retry is None:
            log.warning("stripe credit %s given up: %s", row.id, error)
        return False


def credits_from_settings(settings: Settings) -> StripeCredits | None:
    """The credit runner, or None when no Stripe key is configured."""
    if settings.stripe_api_key is None:
        return None
    return StripeCredits(
        api_key=settings.stripe_api_key.get_secret_value(),
        api_base=settings.stripe_api_base.rstrip("/"),
    )
