"""Chargebacks on a referred order (Stripe disputes). While a dispute is open the referral's
unpaid rewards wait for a person (flagged, as a fraud flag does: a reward in its hold is
flagged, one the policy approved goes back to await approval); rewards a person already
approved or that are paid stay as they are. A lost dispute is a refund of the disputed amount
(`service.refund`: void or claw back, exactly once, keyed by the dispute's id); a won one, or
an inquiry closed without a chargeback, leaves the flagged rewards to a person."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.models import AuditEvent
from server.integrations.models import EventStatus
from server.integrations.service import Inbound, Outcome, ProviderRefund, refund
from server.referrals.models import Conversion
from server.rewards import holds

# Stripe's dispute statuses (https://docs.stripe.com/api/disputes/object#dispute_object-status).
OPEN = frozenset(
    {"warning_needs_response", "warning_under_review", "needs_response", "under_review"}
)
LOST = "lost"
ACTION = "conversion.dispute"


async def changed(
    inbound: Inbound,
    *,
    dispute_id: str,
    status: str,
    order_refs: list[str],
    amount: int,
    currency: str,
) -> Outcome:
    """What a dispute event means for its order, by the dispute's status in the event."""
    refs = [r for r in order_refs if r]
    if not dispute_id or not refs:
        return Outcome.ignored("the dispute names no charge")
    if status == LOST:
        return await refund(
            inbound,
            order_refs=refs,
            refunds=[ProviderRefund(f"dispute:{dispute_id}", amount)],
            currency=currency,
        )
    if status not in OPEN:
        return Outcome.ignored(f"dispute {status or 'without a status'}: left to a person")
    conversion = await Conversion.filter(external_order_id__in=refs).order_by("id").first()
    if conversion is None:
        return Outcome(
            EventStatus.DEFERRED, "waiting for its order", waiting_for=f"order:{refs[0]}"
        )
    now = inbound.clock.now()
    async with in_transaction() as conn:
        flagged = await holds.flag_pending(
            referral_id=conversion.referral_id, now=now, actor=inbound.actor, conn=conn
        )
        seen = (
            await AuditEvent.filter(
                action=ACTION, target_type="Conversion", target_id=str(conversion.id)
            )
            .using_db(conn)
            .exists()
        )
        if not seen:  # the order's first dispute event: on the record once
            await audit.record(
                actor=inbound.actor,
                action=ACTION,
                target=conversion,
                now=now,
                changes={"dispute": [None, dispute_id], "dispute_status": [None, status]},
                using=conn,
            )
    return Outcome(
        EventStatus.PROCESSED,
        f"dispute {status}: {flagged} reward(s) wait for a person",
        conversion_id=conversion.id,
        referral_id=conversion.referral_id,
    )
