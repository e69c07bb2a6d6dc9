"""A payment's card learnt after its order was recorded (Stripe's `charge.succeeded`, whose
charge carries the card fingerprint that a checkout session does not): the order's referral
is screened again with it, for the advocate's own card (self-referral) and one card paying
for many friends. Evidence arriving late only flags: the order stands, nothing is blocked
after the fact."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from server.audit.service import Actor
from server.campaigns import service as campaigns
from server.clock import Clock
from server.fraud import facts, order_risk, others, scoring
from server.fraud.evidence import Evidence
from server.fraud.rules import Mode, RuleKey
from server.fraud.scoring import Facts, Signal
from server.fraud.screening import settings_of
from server.referrals.models import Conversion, Referral, ReferralLink, ReferralStatus

K = RuleKey


async def screen_payment(
    *, conversion_id: int, evidence: Evidence, actor: Actor, clock: Clock
) -> Referral | None:
    """Attach the payment's hashed card (phone, address) to the order's referral and screen
    it again; the referral, or None when there is none to screen (rejected meanwhile)."""
    async with in_transaction() as conn:
        conversion = await Conversion.get(id=conversion_id, using_db=conn)
        referral = (
            await Referral.select_for_update().using_db(conn).get_or_none(id=conversion.referral_id)
        )
        if referral is None or referral.status is ReferralStatus.REJECTED:
            return None
        link = await ReferralLink.get(id=referral.link_id, using_db=conn)
        now = await campaigns.now_for(referral.campaign_id, clock, conn)
        settings = await settings_of(referral.campaign_id, conn)
        paid = Evidence(
            payment_hash=evidence.payment_hash,
            phone_hash=evidence.phone_hash,
            address_hash=evidence.address_hash,
        )
        own = await facts.advocate_evidence(link.advocate_id, paid, conn)
        shared_ids, people, what = await others.shared_evidence(
            evidence=Evidence(
                payment_hash=paid.payment_hash,
                phone_hash=paid.phone_hash or referral.phone_hash,
                device_hash=referral.device_hash,
            ),
            friend_key=referral.friend_key,
            test=referral.test,
            now=now,
            conn=conn,
            exclude_id=referral.id,
        )
        found = scoring.signals(
            Facts(
                advocate_evidence=own,
                friends_sharing_evidence=(people, what) if people else None,
            ),
            settings,
        )
        flag_only = [
            Signal(s.rule, s.severity, Mode.FLAG, s.reason, s.weight) if s.mode is Mode.BLOCK else s
            for s in found
        ]
        await order_risk.apply(
            referral=referral,
            advocate_id=link.advocate_id,
            found=flag_only,
            evidence=paid,
            settings=settings,
            now=now,
            actor=actor,
            conn=conn,
            members={K.SHARED_EVIDENCE: shared_ids},
            may_block=False,
        )
    return referral
