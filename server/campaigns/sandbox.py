"""Test-mode rehearsal: run a test campaign's clock ahead, and wipe its test data."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules
from server.campaigns.models import Campaign
from server.clock import Clock
from server.email.models import EmailMessage
from server.errors import Conflict, InvalidState, NotFound
from server.fraud.models import RefusedEdge
from server.integrations.models import IntegrationEvent
from server.milestones.models import Milestone
from server.notifications.models import Notification
from server.referrals.models import Click, Conversion, Referral, Refund
from server.rewards import service as rewards
from server.rewards.models import LedgerEntry, Reward, RewardApproval
from server.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent


async def _locked(campaign_id: int, conn: BaseDBAsyncClient) -> Campaign:
    campaign = await Campaign.select_for_update().using_db(conn).get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    return campaign


@dataclass(frozen=True, slots=True)
class Advanced:
    campaign: Campaign
    holds_released: int


async def advance_test_clock(
    *, campaign_id: int, hours: int, minutes: int = 0, actor: Actor, clock: Clock
) -> Advanced:
    """Move a test campaign's clock forward, then release the holds that are now due, so the
    team sees rewards move on at once."""
    now = clock.now()
    async with in_transaction() as conn:
        campaign = await _locked(campaign_id, conn)
        before = campaign.test_clock_minutes
        after = rules.advanced_test_clock(campaign.test_mode, before, hours, minutes)
        won = (
            await Campaign.filter(id=campaign_id, test_clock_minutes=before)
            .using_db(conn)
            .update(test_clock_minutes=after, updated_at=now)
        )
        if not won:
            raise Conflict("The test clock moved meanwhile; retry.", field="campaignId")
        campaign.test_clock_minutes, campaign.updated_at = after, now
        await audit.record(
            actor=actor,
            action="campaign.test_clock_advanced",
            target=campaign,
            now=now,
            changes={"test_clock_minutes": [before, after]},
            using=conn,
        )
    released = await rewards.release_holds(clock=clock, actor=actor, campaign_id=campaign_id)
    return Advanced(campaign=campaign, holds_released=released)


async def delete_test_rows(campaign_id: int, conn: BaseDBAsyncClient) -> dict[str, int]:
    """Every test row of the campaign, children before parents (dict values run in order)."""
    reward_ids = [
        int(r["id"])
        for r in await Reward.filter(campaign_id=campaign_id, test=True).using_db(conn).values("id")
    ]
    conversion_ids = [
        int(r["id"])
        for r in await Conversion.filter(campaign_id=campaign_id, test=True)
        .using_db(conn)
        .values("id")
    ]
    referral_ids = [
        int(r["id"])
        for r in await Referral.filter(campaign_id=campaign_id, test=True)
        .using_db(conn)
        .values("id")
    ]
    # The campaign's test-mode counters go with the rows they count.
    await rollups.test_data_reset(conn, campaign_id=campaign_id)
    return {
        "emails": await EmailMessage.filter(campaign_id=campaign_id, test=True)
        .using_db(conn)
        .delete(),
        "webhook_events": await _delete_webhook_events(campaign_id, conn),
        # Provider events that made the rehearsal's rows: a redelivery is handled afresh.
        "integration_events": await IntegrationEvent.filter(
            Q(conversion_id__in=conversion_ids) | Q(referral_id__in=referral_ids)
        )
        .using_db(conn)
        .delete(),
        "notifications": await Notification.filter(campaign_id=campaign_id, test=True)
        .using_db(conn)
        .delete(),
        "ledger_entries": await LedgerEntry.filter(reward_id__in=reward_ids)
        .using_db(conn)
        .delete(),
        "reward_approvals": await RewardApproval.filter(reward_id__in=reward_ids)
        .using_db(conn)
        .delete(),
        "rewards": await Reward.filter(id__in=reward_ids).using_db(conn).delete(),
        "refunds": await Refund.filter(conversion_id__in=conversion_ids).using_db(conn).delete(),
        "conversions": await Conversion.filter(id__in=conversion_ids).using_db(conn).delete(),
        "referrals": await Referral.filter(id__in=referral_ids).using_db(conn).delete(),
        "clicks": await Click.filter(campaign_id=campaign_id, test=True).using_db(conn).delete(),
        "milestones": await Milestone.filter(campaign_id=campaign_id, test=True)
        .using_db(conn)
        .delete(),
        # Advocate-to-advocate referrals refused in the rehearsal (ring detection's).
        "refused_edges": await RefusedEdge.filter(campaign_id=campaign_id, test=True)
        .using_db(conn)
        .delete(),
    }


async def _delete_webhook_events(campaign_id: int, conn: BaseDBAsyncClient) -> int:
    """The campaign's test webhook events (its public id in the payload), with their
    deliveries and delivery log."""
    from server.graphql.errors import node_id

    public = str(node_id("Campaign", campaign_id))
    ids = [
        int(e["id"])
        for e in await WebhookEvent.filter(test=True).using_db(conn).values("id", "payload")
        if isinstance(e["payload"], dict)
        and isinstance(data := e["payload"].get("data"), dict)
        and public in (data.get("campaign"), data.get("id"))
    ]
    if not ids:
        return 0
    await WebhookAttempt.filter(delivery__event_id__in=ids).using_db(conn).delete()
    await WebhookDelivery.filter(event_id__in=ids).using_db(conn).delete()
    return int(await WebhookEvent.filter(id__in=ids).using_db(conn).delete())


@dataclass(frozen=True, slots=True)
class Reset:
    campaign: Campaign
    deleted: dict[str, int]


async def reset_test_data(*, campaign_id: int, actor: Actor, clock: Clock) -> Reset:
    """Start the rehearsal over: test rows gone, clock back to real time, one audit row."""
    now = clock.now()
    async with in_transaction() as conn:
        campaign = await _locked(campaign_id, conn)
        if not campaign.test_mode:
            raise InvalidState("Only a test-mode campaign's data can be reset.", field="campaignId")
        # Named in the audit row: `vouch verify-ledger` knows these rewards went on purpose.
        reward_ids = await (
            Reward.filter(campaign_id=campaign_id, test=True)
            .using_db(conn)
            .order_by("id")
            .values_list("id", flat=True)
        )
        deleted = await delete_test_rows(campaign_id, conn)
        before = campaign.test_clock_minutes
        await (
            Campaign.filter(id=campaign_id)
            .using_db(conn)
            .update(test_clock_minutes=0, updated_at=now)
        )
        campaign.test_clock_minutes, campaign.updated_at = 0, now
        await audit.record(
            actor=actor,
            action="campaign.test_data_reset",
            target=campaign,
            now=now,
            changes={"test_clock_minutes": [before, 0]}
            | {f"deleted.{name}": [count, 0] for name, count in deleted.items()}
            | {"deleted.reward_ids": [list(reward_ids), []]},
            using=conn,
        )
    return Reset(campaign=campaign, deleted=deleted)
