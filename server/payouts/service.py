"""Payout files: which rewards to pay by file, and marking them paid from the provider's
result file through the rewards fulfil use-case (a compare-and-set: each reward once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import DomainError, NotFound
from server.money import major, validate_currency
from server.payouts import files
from server.payouts.files import Payable, Provider
from server.rewards import service as rewards
from server.rewards.models import Reward, RewardKind, RewardRecipient, RewardStatus

BATCH = 500
# A Wise batch takes at most 1,000 payments (PayPal Payouts Web 15,000): one file at a time,
# oldest rewards first.
MAX_FILE_ROWS = 1_000


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str


@dataclass(slots=True)
class PayoutImport:
    fulfilled: int = 0
    already: int = 0
    skipped: int = 0  # lines the provider did not pay (failed, unclaimed, pending)
    problems: list[Problem] = field(default_factory=list)


def _by_stripe() -> Q:
    """Rewards the Stripe credit job pays (the recipient has a Stripe customer): not by file."""
    return (
        Q(stripe_credit__id__isnull=False)
        | Q(recipient=RewardRecipient.ADVOCATE, advocate__stripe_customer_id__isnull=False)
        | Q(recipient=RewardRecipient.FRIEND, referral__friend_stripe_customer_id__isnull=False)
    )


async def payable(
    *, campaign_slug: str | None = None, currency: str | None, campaign_id: int | None = None
) -> list[Payable]:
    """Approved, unpaid, live cash rewards of people who can still be paid (not erased), oldest
    first; rewards routed to a Stripe customer balance are left to the Stripe job. The
    campaign by its slug (the CLI) or its id."""
    query = Reward.filter(status=RewardStatus.APPROVED, test=False, kind=RewardKind.CASH)
    if campaign_slug is not None:
        campaign = await Campaign.get_or_none(slug=campaign_slug.strip())
        if campaign is None:
            raise NotFound(f"No campaign with the slug {campaign_slug!r}.", field="campaign")
        query = query.filter(campaign_id=campaign.id)
    if campaign_id is not None:
        if not await Campaign.exists(id=campaign_id):
            raise NotFound("No such campaign.", field="campaignId")
        query = query.filter(campaign_id=campaign_id)
    if currency is not None:
        query = query.filter(currency=validate_currency(currency))
    query = query.exclude(_by_stripe())
    rows: list[Payable] = []
    last = 0
    while True:
        batch = (
            await query.filter(id__gt=last)
            .select_related("advocate", "referral")
            .order_by("id")
            .limit(BATCH)
        )
        if not batch:
            return rows
        for r in batch:
            last = r.id
            if r.advocate is not None:
                if r.advocate.erased_at is None:
                    rows.append(Payable(r.id, r.advocate.email, r.advocate.name, r.amount,
                                        r.currency, r.description))  # fmt: skip
            elif r.referral.friend_email and r.referral.friend_erased_at is None:
                rows.append(Payable(r.id, r.referral.friend_email, r.referral.friend_name,
                                    r.amount, r.currency, r.description))  # fmt: skip


@dataclass(frozen=True, slots=True)
class PayoutFile:
    text: str
    rows: list[Payable]
    more: int  # payable rewards left out (past MAX_FILE_ROWS): the next file has them


async def export_file(
    provider: Provider,
    *,
    campaign_id: int | None,
    currency: str | None,
    actor: Actor,
    clock: Clock,
) -> PayoutFile:
    """The oldest MAX_FILE_ROWS payable rewards as the provider's batch file. Who put which
    reward in a file is audited on each reward (the file holds payees' emails)."""
    found = await payable(campaign_id=campaign_id, currency=currency)
    rows = found[:MAX_FILE_ROWS]
    text = files.export(provider, rows)
    if rows:
        async with in_transaction() as conn:
            await audit.record_many(
                actor=actor,
                action="payouts.export",
                target_type="Reward",
                changes=[(r.reward_id, {"payout_file": [None, provider.value]}) for r in rows],
                now=clock.now(),
                using=conn,
            )
    return PayoutFile(text=text, rows=rows, more=len(found) - len(rows))


async def import_results(
    provider: Provider,
    text: str,
    *,
    actor: Actor,
    clock: Clock,
    progress: Callable[[int], None] | None = None,
) -> PayoutImport:
    report = PayoutImport()
    for result in files.read_results(provider, text):
        problem = await _settle(provider, result, actor, clock, report)
        if problem is not None:
            report.problems.append(Problem(result.line, problem))
        if progress is not None:
            progress(1)
    return report


async def _settle(
    provider: Provider, result: files.Result, actor: Actor, clock: Clock, report: PayoutImport
) -> str | None:
    """Fulfil the line's reward when the provider paid it (audited by the fulfil use-case, with
    the provider's transaction as the reference); why not, or None."""
    if result.error is not None or result.reward_id is None:
        return result.error or "no reference"
    reward = await Reward.get_or_none(id=result.reward_id)
    if reward is None or reward.test:
        return f"no reward {files.reference(result.reward_id)}"
    if result.currency is not None and result.currency != reward.currency:
        return f"currency {result.currency} but the reward is in {reward.currency}"
    if result.amount is not None and result.amount != major(reward.amount, reward.currency):
        return f"amount {result.amount} but the reward is {major(reward.amount, reward.currency)}"
    if not result.paid:
        report.skipped += 1
        return None
    if reward.status is RewardStatus.FULFILLED:
        report.already += 1
        return None
    if reward.status is not RewardStatus.APPROVED:
        return f"the reward is {reward.status.value}, not approved: recover this payout"
    ref = f"{provider.value}:{result.transaction or files.reference(reward.id)}"[:200]
    try:
        await rewards.fulfill(reward_id=reward.id, external_reference=ref, actor=actor, clock=clock)
    except DomainError as exc:
        fresh = await Reward.get(id=reward.id)
        if fresh.status is RewardStatus.FULFILLED:  # another import got there first
            report.already += 1
            return None
        return exc.message
    report.fulfilled += 1
    return None
