"""The re-engagement nudge job: for each live campaign, advocates who have not shared yet
(no click, no referral) and are not unsubscribed get the nudge their cadence says is due
(server/email/rules.py). Each nudge step is one message (its dedupe key), so a job run twice
or by two workers writes it once."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock
from server.email import events, rules, staff
from server.email.models import EmailKind, EmailMessage, EmailSuppression
from server.identity import canonical_email
from server.referrals.models import Click, LinkStatus, Referral, ReferralLink

BATCH = 500


async def run(*, clock: Clock) -> int:
    written = 0
    for campaign in await Campaign.filter(status=CampaignStatus.ACTIVE).order_by("id"):
        written += await _campaign(campaign, clock)
    return written


async def _campaign(campaign: Campaign, clock: Clock) -> int:
    now = campaign_rules.campaign_now(clock.now(), campaign.test_mode, campaign.test_clock_minutes)
    phase = campaign_rules.phase(campaign.status, campaign.starts_at, campaign.ends_at, now)
    cadence = await staff.cadence_of(campaign.id)
    if phase is not campaign_rules.Phase.LIVE or not cadence.enabled:
        return 0
    first = cadence.days[0] if cadence.days else cadence.repeat_days
    if first <= 0:
        return 0
    written, after = 0, 0
    while True:
        links = (
            await ReferralLink.filter(
                campaign_id=campaign.id,
                status=LinkStatus.ACTIVE,
                created_at__lte=now - timedelta(days=first),
                id__gt=after,
            )
            .select_related("advocate")
            .order_by("id")
            .limit(BATCH)
        )
        if not links:
            return written
        after = links[-1].id
        written += await _batch(campaign, links, cadence, now)


async def _batch(
    campaign: Campaign, links: list[ReferralLink], cadence: rules.Cadence, now: datetime
) -> int:
    ids = [link.id for link in links]
    shared: set[int] = set()
    for model in (Referral, Click):
        found = await model.filter(link_id__in=ids).values_list("link_id", flat=True)
        shared |= {int(str(x)) for x in found}
    keys = {link.id: canonical_email(link.advocate.email) for link in links}
    suppressed = EmailSuppression.filter(address_key__in=list(keys.values()))
    unsubscribed = {str(x) for x in await suppressed.values_list("address_key", flat=True)}
    sent: dict[int, tuple[int, datetime | None]] = {}
    for row in await EmailMessage.filter(link_id__in=ids, kind=EmailKind.NUDGE).values(
        "link_id", "data", "created_at"
    ):
        done = int(row["data"].get("step", 0))
        if done > sent.get(row["link_id"], (0, None))[0]:
            sent[row["link_id"]] = (done, row["created_at"])
    written = 0
    for link in links:
        last_step, last_at = sent.get(link.id, (0, None))
        step = rules.nudge_due(
            joined_at=link.created_at,
            now=now,
            cadence=cadence,
            last_step=last_step,
            last_sent_at=last_at,
            shared=link.id in shared,
            unsubscribed=keys[link.id] in unsubscribed,
        )
        if step is None:
            continue
        try:
            async with in_transaction() as conn:
                made = await events.enqueue(
                    kind=EmailKind.NUDGE,
                    key=rules.dedupe_key(
                        EmailKind.NUDGE, "ReferralLink", f"{link.id}.{step}", link.advocate_id
                    ),
                    campaign_id=campaign.id,
                    advocate_id=link.advocate_id,
                    link_id=link.id,
                    data={"step": step},
                    now=now,
                    conn=conn,
                )
        except IntegrityError:
            continue  # another runner wrote this step first
        written += made
    return written
