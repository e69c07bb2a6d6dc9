"""Periodic work, run by one elected worker. Every step is also a compare-and-set, so
several runners (`vouch jobs run-once` beside a server) stay correct."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Protocol

from server.audit.service import SYSTEM
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.election.service import Elector, elector
from server.email import nudges
from server.email.sender import Deliverer as EmailDeliverer
from server.email.sender import FileMailer, mailer_from
from server.errors import DomainError
from server.payouts.stripe_credit import StripeCredits
from server.rewards import service as rewards
from server.secretbox import SecretBox
from server.settings import Settings
from server.transient import is_transient
from server.webhooks.delivery import Deliverer

log = logging.getLogger("vouch.jobs")
INTERVAL_SECONDS = 60
DELIVERY_INTERVAL_SECONDS = 2.0


async def end_due_campaigns(*, clock: Clock) -> int:
    """Persist the end of campaigns whose endsAt has passed (their phase already says ENDED)."""
    ended = 0
    due = Campaign.filter(
        status__in=[CampaignStatus.ACTIVE, CampaignStatus.PAUSED], ends_at__lte=clock.now()
    )
    for campaign in await due.only("id"):
        try:
            await campaigns.transition(
                campaign_id=campaign.id,
                target=CampaignStatus.ENDED,
                actor=SYSTEM,
                clock=clock,
            )
            ended += 1
        except DomainError:
            continue  # another worker ended it first
    return ended


async def run_due(
    *,
    clock: Clock,
    webhooks: Deliverer | None = None,
    emails: EmailDeliverer | None = None,
    stripe: StripeCredits | None = None,
) -> dict[str, int]:
    done = {
        "campaigns_ended": await end_due_campaigns(clock=clock),
        "reward_holds_released": await rewards.release_holds(clock=clock, actor=SYSTEM),
        "email_nudges": await nudges.run(clock=clock),
    }
    if webhooks is not None:
        done["webhook_attempts"] = await webhooks.run_once(clock=clock)
    if stripe is not None:
        done["stripe_credits"] = (await stripe.run_once(clock=clock)).credited
    if emails is not None:
        done["email_attempts"] = await emails.run_once(clock=clock)
    return done


def email_deliverer(settings: Settings) -> EmailDeliverer:
    if settings.smtp_url is None:
        (log.warning if settings.is_production else log.info)(
            "VOUCH_SMTP_URL is not set: advocate emails are written to %s/", settings.mail_dir
        )
    return EmailDeliverer(
        settings=settings,
        mailer=mailer_from(settings),
        test_mailer=FileMailer(Path(settings.mail_dir)),
    )


def webhook_deliverer(settings: Settings) -> Deliverer:
    return Deliverer(box=SecretBox.from_settings(settings), production=settings.is_production)


async def run_forever(
    *,
    clock: Clock,
    interval: float = INTERVAL_SECONDS,
    runner: Elector | None = None,
    stripe: StripeCredits | None = None,
) -> None:
    """Every `interval`, if this process is the elected runner, run what is due. Only one of
    the workers (on every host sharing the database) does the work and polls for it."""
    runner = runner or elector("periodic-jobs", ttl_seconds=interval * 3)
    try:
        while True:
            try:
                if await runner.leading():
                    await run_due(clock=clock, stripe=stripe)
            except Exception as exc:  # keep the loop alive; the next tick retries
                if is_transient(exc):
                    log.warning("periodic jobs skipped, database unavailable: %s", exc)
                else:
                    log.exception("periodic jobs failed")
            await asyncio.sleep(interval)
    finally:
        try:
            await runner.close()
        except Exception as exc:
            log.info("could not release the runner lease: %s", exc)


class Stream(Protocol):
    async def run_once(self, *, clock: Clock) -> int: ...


async def deliver_forever(
    name: str, stream: Stream, *, clock: Clock, interval: float = DELIVERY_INTERVAL_SECONDS
) -> None:
    """In every `serve` process, for each outbound stream (webhooks, emails): the outbox
    lease keeps workers from sending a row twice."""
    while True:
        try:
            await stream.run_once(clock=clock)
        except Exception as exc:
            if is_transient(exc):
                log.warning("%s delivery skipped, database unavailable: %s", name, exc)
            else:
                log.exception("%s delivery failed", name)
        await asyncio.sleep(interval)
