"""Periodic work. Every step is a compare-and-set, so several workers may run it at once."""

from __future__ import annotations

import asyncio
import logging

from server.audit.service import SYSTEM
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.errors import DomainError
from server.rewards import service as rewards
from server.secretbox import SecretBox
from server.settings import Settings
from server.webhooks.delivery import Deliverer

log = logging.getLogger("vouch.jobs")
INTERVAL_SECONDS = 60
WEBHOOK_INTERVAL_SECONDS = 2.0


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


async def run_due(*, clock: Clock, webhooks: Deliverer | None = None) -> dict[str, int]:
    done = {
        "campaigns_ended": await end_due_campaigns(clock=clock),
        "reward_holds_released": await rewards.release_holds(clock=clock, actor=SYSTEM),
    }
    if webhooks is not None:
        done["webhook_attempts"] = await webhooks.run_once(clock=clock)
    return done


def webhook_deliverer(settings: Settings) -> Deliverer:
    return Deliverer(box=SecretBox.from_settings(settings), production=settings.is_production)


async def run_forever(*, clock: Clock, interval: float = INTERVAL_SECONDS) -> None:
    while True:
        try:
            await run_due(clock=clock)
        except Exception:  # keep the loop alive; the next tick retries
            log.exception("periodic jobs failed")
        await asyncio.sleep(interval)


async def deliver_webhooks_forever(
    deliverer: Deliverer, *, clock: Clock, interval: float = WEBHOOK_INTERVAL_SECONDS
) -> None:
    """In every `serve` process: the outbox lease keeps workers from sending a row twice."""
    while True:
        try:
            await deliverer.run_once(clock=clock)
        except Exception:
            log.exception("webhook delivery failed")
        await asyncio.sleep(interval)
