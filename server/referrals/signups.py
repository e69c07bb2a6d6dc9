"""Signups: repeatable, rewarded once (compare-and-set on signed_up_at)."""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.analytics import rollups
from server.audit import appends
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import service as campaigns
from server.clock import Clock
from server.errors import (
    Transient,
)
from server.milestones import service as milestones
from server.milestones.models import MilestoneKind
from server.referrals.attribution import resolve
from server.referrals.models import (
    Referral,
    ReferralStatus,
)
from server.referrals.touches import FriendRef, event_campaign, occurred
from server.rewards import service as rewards


async def record_signup(
    *, ref: FriendRef, name: str | None, occurred_at: datetime | None, actor: Actor, clock: Clock
) -> Referral:
    """Repeatable: a friend who already signed up gets their referral back unchanged. A friend
    the fraud controls block gets their referral back too, REJECTED, its risk saying why."""
    campaign_id = await event_campaign(ref)
    for attempt in range(3):
        # Read again on every attempt: a retry happens later than the first try.
        now = await campaigns.now_for(campaign_id, clock)
        when = occurred(occurred_at, now)
        try:
            async with in_transaction() as conn, appends.appending(conn):
                referral = await resolve(
                    ref,
                    now=when,
                    status=ReferralStatus.SIGNED_UP,
                    name=(name or "").strip(),
                    actor=actor,
                    conn=conn,
                )
                # Compare-and-set on signed_up_at: of two signups at once, one rewards.
                first_signup = (
                    referral.signed_up_at is None
                    and (referral.status is ReferralStatus.SIGNED_UP)
                    and await Referral.filter(
                        id=referral.id, signed_up_at=None, status=ReferralStatus.SIGNED_UP
                    )
                    .using_db(conn)
                    .update(signed_up_at=when)
                )
                if first_signup:
                    referral.status, referral.signed_up_at = ReferralStatus.SIGNED_UP, when
                    await rollups.signed_up(conn, referral=referral, when=when)
                    await audit.record(
                        actor=actor,
                        action="referral.signup",
                        target=referral,
                        now=now,
                        changes={"status": [None, "signed_up"]},
                        using=conn,
                    )
                    await rewards.reward_event(
                        referral=referral,
                        conversion=None,
                        occurred_at=when,
                        now=now,
                        actor=actor,
                        conn=conn,
                    )
                    await milestones.detect(
                        campaign_id=referral.campaign_id,
                        advocate_id=None,
                        now=now,
                        actor=actor,
                        conn=conn,
                        kinds=frozenset({MilestoneKind.OBJECTIVE_PERCENT}),
                    )
                return referral
        except IntegrityError:
            # The same friend arrived twice at once; the retry finds the winner's row.
            if attempt == 2:
                raise Transient(
                    "The friend was recorded concurrently; send the request again.",
                    field="friend.email",
                ) from None
    raise AssertionError("unreachable")
