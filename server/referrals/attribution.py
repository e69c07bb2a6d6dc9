"""Attribution: the friend's referral found (sticky) or created from the winning touch, with
the fraud controls' decision, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign
from server.errors import (
    InvalidInput,
    InvalidState,
)
from server.fraud import service as fraud
from server.fraud.rules import RuleKey, Setting
from server.identity import canonical_email, same_inbox
from server.referrals import rules, sql, touch_sql
from server.referrals.models import (
    Referral,
    ReferralLink,
    ReferralStatus,
)
from server.referrals.touches import FriendRef, friend_identity, no_touch, touches_of
from server.sql import rows


async def _existing_referral(
    campaign_id: int,
    email: str | None,
    ext: str | None,
    conn: BaseDBAsyncClient,
    lock: bool,
    read: touch_sql.TouchRows | None,
) -> tuple[Referral | None, bool]:
    """`lock`: read it locked (NO KEY: the caller's own rows will reference it), so what a
    fraud review or re-attribution committed meanwhile is what the caller sees and decides on.
    Also whether the friend is an advocate of the campaign (read with it).
    `read`: the touches read in this transaction, on SQLite with this lookup when it was the
    same (SQLite's write transactions run one at a time: nothing changed it since)."""
    if not email and not ext:
        return None, False
    # One inbox, however spelled, is one friend: sticky to its first advocate.
    asked = (campaign_id, email or None, canonical_email(email) if email else None, ext or None)
    if read is not None and read.friend is not None and read.friend[0] == asked:
        return read.friend[1], read.friend[2]
    return await sql.existing_referral(conn, *asked, lock=lock)


async def _note_sticky(
    referral: Referral,
    decision: rules.Decision | None,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> None:
    """A later touch for another link changes nothing (sticky), but it is recorded."""
    winner = decision.winner if decision else None
    if winner is None or winner.link_id == referral.link_id:
        return
    await audit.record(
        actor=actor,
        action="referral.attribution_kept",
        target=referral,
        now=now,
        changes={
            "decided_by": [None, "sticky:existing_referral"],
            "candidate_link_id": [None, winner.link_id],
            "candidate_method": [None, winner.method.value],
        },
        using=conn,
    )


async def resolve(
    ref: FriendRef,
    *,
    now: datetime,
    status: ReferralStatus,
    name: str,
    actor: Actor,
    conn: BaseDBAsyncClient,
) -> Referral:
    referral, _decision, _campaign, _link, _created = await resolve_judged(
        ref, now=now, status=status, name=name, actor=actor, conn=conn
    )
    return referral


async def resolve_judged(
    ref: FriendRef,
    *,
    now: datetime,
    status: ReferralStatus,
    name: str,
    actor: Actor,
    conn: BaseDBAsyncClient,
    lock: bool = False,
    read: touch_sql.TouchRows | None = None,
    settings: Callable[[Campaign], Awaitable[dict[RuleKey, Setting]]] | None = None,
    order_now: datetime | None = None,
) -> tuple[Referral, rules.Decision | None, Campaign, ReferralLink | None, bool]:
    """Find the friend's referral (locked if `lock`), or create it from the winning touch
    (created `status`; CONVERTED: converted at `now`). Sticky: an existing one wins. Also how
    this request's own touches were judged, the referral's campaign, its link when one of the
    touches read it (None otherwise), and whether it was created here. `read`: the request's touch
    rows, when the caller read them in this transaction. `settings`: the campaign's fraud
    settings, when the caller has them cached (asked before anything is written). `order_now`:
    an order recorded now (at `now`) creates the referral, screened next with those settings."""
    email, ext = friend_identity(ref)
    touches = await touches_of(ref, now, conn, read)
    campaign = touches.campaign
    if campaign is not None:
        campaign_rules.check_write_mode(
            campaign_test=campaign.test_mode, key_test=actor.key_test, asked_test=ref.test_data
        )
    decision = (
        rules.decide(
            touches.candidates,
            campaign_id=campaign.id,
            window_days=campaign.attribution_window_days,
            model=campaign.attribution_model,
            event_at=now,
        )
        if campaign is not None
        else None
    )
    existing, advocate_known = (
        await _existing_referral(campaign.id, email, ext, conn, lock, read)
        if campaign
        else (None, False)
    )
    if existing is not None and campaign is not None:
        await _note_sticky(existing, decision, now, actor, conn)
        return existing, decision, campaign, touches.links.get(existing.link_id), False
    if campaign is None or decision is None or decision.winner is None:
        raise no_touch(ref, touches, decision)
    winner = decision.winner
    assert winner.link_id is not None  # a winner is always a resolved touch
    link = touches.links[winner.link_id]
    if campaign_rules.phase(campaign.status, campaign.starts_at, campaign.ends_at, now) is not (
        campaign_rules.Phase.LIVE
    ):
        raise InvalidState(
            "The campaign is not live; nothing is attributed.", field="friend.campaignId"
        )
    if email is None and ext is None:
        raise InvalidInput("Identify the friend by email or external id.", field="friend.email")
    advocate = link.advocate
    own = same_inbox(email, advocate.email) or (ext and ext == advocate.external_id)
    # A friend who is this link's own advocate is the self-referral rule's to judge below; one
    # who is another advocate of the campaign is refused by the fraud screening (the attempt
    # remembered for ring detection), unless closing a ring (stored rejected, so the ring's
    # earlier edges reach the review queue).
    friend_is_advocate = not own and advocate_known
    click_id = next(
        touches.click_ids[i] for i, judged in enumerate(decision.candidates) if judged.won
    )
    # Fraud controls decide in this transaction; a blocked friend is stored rejected.
    risk = await fraud.screen_new_referral(
        link=link,
        click=touches.clicks[click_id] if click_id else None,
        friend_email=email,
        friend_external_id=ext,
        session_ip_hash=ref.ip_hash,
        session_ua_hash=ref.ua_hash,
        test=campaign.test_mode,
        now=now,
        conn=conn,
        friend_name=name,
        evidence=ref.evidence,
        actor=actor,
        friend_is_advocate=friend_is_advocate,
        settings=await settings(campaign) if settings else None,
        order_now=order_now,
    )
    referral = Referral(
        campaign_id=campaign.id,
        link_id=link.id,
        click_id=click_id,
        friend_email=email,
        friend_external_id=ext,
        friend_name=name,
        status=ReferralStatus.REJECTED if risk.blocked else status,
        converted_at=now if status is ReferralStatus.CONVERTED and not risk.blocked else None,
        attribution_method=winner.method.value,
        attribution=rules.attribution_record(decision),
        test=campaign.test_mode,
        created_at=now,
        touched_at=winner.touched_at,
        **risk.columns,
    )
    await rows.insert(conn, referral)
    await rollups.referral_created(conn, referral=referral)
    await audit.record(
        actor=actor,
        action="referral.create",
        target=referral,
        now=now,
        changes={
            "link_id": [None, link.id],
            "method": [None, winner.method.value],
            "status": [None, referral.status.value],
            **risk.audit,
        },
        using=conn,
    )
    return referral, decision, campaign, link, True
