"""Launching and going live: both run the launch preflight first, and neither happens with
unacknowledged warnings. Going live from test mode is one audited step."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import preflight, sandbox
from server.campaigns import preflight_rules as rules
from server.campaigns import rules as campaign_rules
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.errors import Conflict, InvalidState, NotFound
from server.milestones.models import Milestone
from server.notifications.models import Notification
from server.referrals.models import Click, Conversion, Referral
from server.rewards.models import Reward
from server.settings import Settings


def _acknowledged(report: preflight.Report, acknowledge: list[str]) -> dict[str, list[object]]:
    """Refuse unless every warning is acknowledged; the audit columns saying so."""
    missing = rules.unacknowledged(report.findings, acknowledge)
    if missing:
        raise InvalidState(
            "The launch preflight warns: "
            + ", ".join(missing)
            + ". Review campaignPreflight, fix the campaign or repeat with these codes in "
            "acknowledge.",
            field="acknowledge",
        )
    return {
        "preflight_warnings": [None, report.warnings],
        "acknowledged": [None, sorted(set(acknowledge) & set(report.warnings))],
    }


async def launch(
    *, campaign_id: int, acknowledge: list[str], settings: Settings, actor: Actor, clock: Clock
) -> Campaign:
    """Draft or paused -> active, after the preflight; warnings launch only when acknowledged,
    and the audit row of the launch says which."""
    current = await Campaign.get_or_none(id=campaign_id)
    if current is None:
        raise NotFound("No such campaign.", field="id")
    campaign_rules.check_transition(current.status, CampaignStatus.ACTIVE)
    report = await preflight.run(
        campaign_id=campaign_id, settings=settings, clock=clock, actor=actor
    )
    audit_extra = _acknowledged(report, acknowledge)
    now = clock.now()
    async with in_transaction() as conn:
        campaign = await campaigns.transition_in(
            campaign_id=campaign_id,
            target=CampaignStatus.ACTIVE,
            actor=actor,
            now=now,
            conn=conn,
        )
        await audit.record(
            actor=actor,
            action="campaign.preflight",
            target=campaign,
            now=now,
            changes=audit_extra,
            using=conn,
        )
    return campaign


async def rehearsal_rows(campaign_id: int, conn: BaseDBAsyncClient | None = None) -> int:
    """How many rehearsal rows the campaign still holds."""
    total = 0
    for model in (Click, Referral, Conversion, Reward, Milestone, Notification):
        total += await model.filter(campaign_id=campaign_id, test=True).using_db(conn).count()
    return total


async def go_live(
    *,
    campaign_id: int,
    reset_test_data: bool,
    acknowledge: list[str],
    settings: Settings,
    actor: Actor,
    clock: Clock,
) -> Campaign:
    """Test mode -> live, as one audited step: refused while rehearsal data remains unless it
    is reset here; the test clock goes back to real time; the preflight must pass (or its
    warnings be acknowledged)."""
    current = await Campaign.get_or_none(id=campaign_id)
    if current is None:
        raise NotFound("No such campaign.", field="campaignId")
    if not current.test_mode:
        raise InvalidState("The campaign is already live (not in test mode).", field="campaignId")
    if not reset_test_data and (left := await rehearsal_rows(campaign_id)):
        raise InvalidState(
            f"{left} test rows remain (clicks, referrals, conversions, rewards, milestones, "
            "notifications); go live with resetTestData: true to delete them.",
            field="resetTestData",
        )
    report = await preflight.run(
        campaign_id=campaign_id, settings=settings, clock=clock, actor=actor
    )
    audit_extra = _acknowledged(report, acknowledge)
    now = clock.now()
    async with in_transaction() as conn:
        campaign = await Campaign.select_for_update().using_db(conn).get(id=campaign_id)
        if not campaign.test_mode:
            raise Conflict("The campaign went live meanwhile.", field="campaignId")
        deleted = await sandbox.delete_test_rows(campaign_id, conn) if reset_test_data else {}
        if not reset_test_data and await rehearsal_rows(campaign_id, conn):
            raise Conflict("Test rows arrived meanwhile; retry.", field="resetTestData")
        hours = campaign.test_clock_minutes
        await (
            Campaign.filter(id=campaign_id)
            .using_db(conn)
            .update(test_mode=False, test_clock_minutes=0, updated_at=now)
        )
        campaign.test_mode, campaign.test_clock_minutes, campaign.updated_at = False, 0, now
        await audit.record(
            actor=actor,
            action="campaign.go_live",
            target=campaign,
            now=now,
            changes={"test_mode": [True, False], "test_clock_minutes": [hours, 0]}
            | {f"deleted.{name}": [count, 0] for name, count in deleted.items()}
            | audit_extra,
            using=conn,
        )
    return campaign
