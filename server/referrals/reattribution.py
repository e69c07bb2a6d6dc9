"""Staff moving a referral to another advocate's link."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from server.accounts.viewer import Viewer
from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    InvalidState,
    NotFound,
)
from server.identity import same_inbox
from server.milestones import service as milestones
from server.milestones.models import MilestoneKind
from server.referrals import rules
from server.referrals.models import (
    LinkStatus,
    Referral,
    ReferralLink,
    ReferralStatus,
)
from server.rewards import service as rewards


async def reattribute(
    *,
    referral_id: int,
    link_id: int | None,
    code: str | None,
    reason: str,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
) -> Referral:
    """Staff move a referral to another advocate's link. Owed advocate rewards move with it in
    the same transaction. Compare-and-set on the generation: of two concurrent moves, one wins."""
    field = "linkId" if link_id is not None else "code"
    if (link_id is None) == (code is None):
        raise InvalidInput("Give exactly one of linkId or code.", field="linkId")
    why = reason.strip()
    if not 1 <= len(why) <= 500:
        raise InvalidInput("Give a reason (1-500 characters).", field="reason")
    now = clock.now()
    async with in_transaction() as conn:
        referral = await Referral.get_or_none(id=referral_id, using_db=conn)
        if referral is None:
            raise NotFound("No such referral.", field="referralId")
        normalized = rules.normalize_code(code or "")
        if link_id is None and not rules.is_wellformed_code(normalized):
            raise NotFound("No such referral link.", field=field)
        query = (
            ReferralLink.get_or_none(id=link_id, using_db=conn)
            if link_id is not None
            else ReferralLink.get_or_none(code=normalized, using_db=conn)
        )
        target = await query.select_related("advocate")
        if target is None:
            raise NotFound("No such referral link.", field=field)
        if target.id == referral.link_id:
            raise InvalidInput("The referral is already attributed to this link.", field=field)
        if target.campaign_id != referral.campaign_id:
            raise InvalidInput("The link belongs to another campaign.", field=field)
        if target.status is LinkStatus.BLOCKED:
            raise InvalidState("This referral link is blocked.", field=field)
        advocate = target.advocate
        if referral.status is ReferralStatus.REJECTED:
            raise InvalidState(
                "A rejected referral earns nothing, whoever it is attributed to.",
                field="referralId",
            )
        if same_inbox(referral.friend_email, advocate.email) or (
            referral.friend_external_id and referral.friend_external_id == advocate.external_id
        ):
            raise InvalidInput(
                "The friend is this link's advocate: no self-referrals.", field=field
            )
        if viewer.user is not None and same_inbox(viewer.user.email, advocate.email):
            raise Forbidden("Nobody re-attributes a referral to themselves.", field=field)
        old_link = await ReferralLink.get(id=referral.link_id, using_db=conn)
        generation = referral.attribution_generation + 1
        decided_by = f"staff:{viewer.user.email}" if viewer.user else f"{actor.kind}:{actor.id}"
        before = referral.attribution or {}
        record = rules.reattribution_record(
            before,
            link_id=target.id,
            advocate_id=advocate.id,
            decided_by=decided_by,
            reason=why,
            now=now,
        )
        won = (
            await Referral.filter(
                id=referral.id,
                link_id=referral.link_id,
                attribution_generation=referral.attribution_generation,
            )
            .using_db(conn)
            .update(
                link_id=target.id,
                click_id=None,
                attribution_method=rules.TouchMethod.STAFF.value,
                attribution=record,
                attribution_generation=generation,
            )
        )
        if not won:
            raise Conflict(
                "The referral was re-attributed meanwhile; reload and retry.", field="referralId"
            )
        await rollups.referral_moved(
            conn, referral_id=referral.id, old_advocate_id=old_link.advocate_id
        )
        moved = await rewards.move_to_advocate(
            referral_id=referral.id,
            advocate_id=advocate.id,
            generation=generation,
            actor=actor,
            now=now,
            conn=conn,
        )
        await audit.record(
            actor=actor,
            action="referral.reattribute",
            target=referral,
            now=now,
            changes={
                "link_id": [old_link.id, target.id],
                "advocate_id": [old_link.advocate_id, advocate.id],
                "generation": [referral.attribution_generation, generation],
                "decided_by": [before.get("decidedBy"), decided_by],
                "reason": [None, why],
                "rewards_moved": [None, [r.id for r in moved]],
            },
            using=conn,
        )
        if referral.status is ReferralStatus.CONVERTED:
            # The new advocate's achievements count this referral from now on.
            await milestones.detect(
                campaign_id=referral.campaign_id,
                advocate_id=advocate.id,
                now=now,
                actor=actor,
                conn=conn,
                kinds=frozenset({MilestoneKind.ADVOCATE_REFERRALS}),
            )
        referral.link_id, referral.click_id = target.id, None
        referral.attribution_method = rules.TouchMethod.STAFF.value
        referral.attribution, referral.attribution_generation = record, generation
    return referral
