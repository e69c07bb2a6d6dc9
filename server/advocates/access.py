"""GDPR access request: everything Vouch holds about one advocate, as JSON-ready data.

Friends they referred are other people: they appear masked, as in the advocate's portal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.audit import service as audit
from server.audit.models import AuditEvent
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import NotFound
from server.fraud.models import AdvocateSession
from server.referrals import rules as referral_rules
from server.referrals.models import Referral, ReferralLink
from server.rewards.models import LedgerEntry, Reward

FORMAT = "vouch.advocate-data/1"


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def data_export(*, advocate_id: int, actor: Actor, clock: Clock) -> dict[str, Any]:
    advocate = await Advocate.get_or_none(id=advocate_id)
    if advocate is None:
        raise NotFound("No such advocate.", field="advocateId")
    links = await ReferralLink.filter(advocate_id=advocate.id).order_by("id")
    slugs = dict(
        await Campaign.filter(id__in=[link.campaign_id for link in links]).values_list("id", "slug")
    )
    referrals = await Referral.filter(link_id__in=[link.id for link in links]).order_by("id")
    rewards = await Reward.filter(advocate_id=advocate.id).order_by("id")
    ledger = await LedgerEntry.filter(advocate_id=advocate.id).order_by("id")
    sessions = await AdvocateSession.filter(advocate_id=advocate.id).count()
    events = await AuditEvent.filter(target_type="Advocate", target_id=str(advocate.id)).order_by(
        "id"
    )
    data: dict[str, Any] = {
        "format": FORMAT,
        "generatedAt": clock.now().isoformat(),
        "advocate": {
            "email": advocate.email,
            "name": advocate.name,
            "externalId": advocate.external_id,
            "stripeCustomerId": advocate.stripe_customer_id,
            "createdAt": _time(advocate.created_at),
            "erasedAt": _time(advocate.erased_at),
        },
        "enrolments": [
            {
                "campaign": slugs.get(link.campaign_id),
                "code": link.code,
                "vanityCode": link.vanity_code,
                "couponCode": link.coupon_code,
                "status": link.status.value,
                "portalTokenIssued": link.portal_token_hash is not None,
                "createdAt": _time(link.created_at),
            }
            for link in links
        ],
        "referrals": [
            {
                "friend": referral_rules.mask_email(r.friend_email) if r.friend_email else None,
                "status": r.status.value,
                "createdAt": _time(r.created_at),
                "convertedAt": _time(r.converted_at),
            }
            for r in referrals
        ],
        "rewards": [
            {
                "kind": w.kind.value,
                "amount": w.amount,
                "currency": w.currency,
                "status": w.status.value,
                "description": w.description,
                "externalReference": w.external_reference,
                "createdAt": _time(w.created_at),
            }
            for w in rewards
        ],
        "ledger": [
            {
                "kind": e.kind.value,
                "amount": e.amount,
                "currency": e.currency,
                "createdAt": _time(e.created_at),
            }
            for e in ledger
        ],
        "devicesSeen": sessions,
        "history": [
            {"action": e.action, "at": _time(e.created_at), "changes": e.diff} for e in events
        ],
    }
    async with in_transaction() as conn:
        await audit.record(
            actor=actor, action="advocate.data_export", target=advocate, now=clock.now(),
            changes={}, using=conn,
        )  # fmt: skip
    return data
