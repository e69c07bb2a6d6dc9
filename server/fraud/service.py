"""Fraud use-cases: screening referrals and conversions inside the caller's transaction, the
review queue, the blocklist and per-campaign rule settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from server.fraud import facts, patterns, rules, scoring
from server.fraud.evidence import RawEvidence, hash_evidence, network_hash
from server.fraud.models import BlocklistEntry, FraudRuleSetting
from server.fraud.rules import CATALOGUE, BlockKind, Mode, ReviewStatus, RuleKey, Setting
from server.fraud.scoring import Facts, Signal
from server.fraud.screening import record_session as record_session
from server.fraud.screening import screen_conversion as screen_conversion
from server.fraud.screening import screen_new_referral as screen_new_referral
from server.fraud.screening import settings_of
from server.identity import same_inbox
from server.referrals import rules as referral_rules
from server.referrals.models import Referral, ReferralLink, ReferralStatus
from server.rewards import service as rewards
from server.settings import Settings, derived_key

__all__ = ["record_session", "screen_conversion", "screen_new_referral", "settings_of"]

K = RuleKey
MAX_NOTE = 500


# ---- hashing the caller's session ----------------------------------------------------------------


def session_hashes(
    settings: Settings, ip_address: str | None, user_agent: str | None
) -> tuple[str | None, str | None]:
    """Keyed hashes as /r/{code} stores them for clicks; the raw values are never kept."""
    ev = hash_evidence(settings, RawEvidence(ip_address=ip_address, user_agent=user_agent))
    return ev.ip_hash, ev.ua_hash


def ip_hasher(settings: Settings) -> Callable[[str], str]:
    key = derived_key(settings, "visitor-hash")
    return lambda ip: referral_rules.ip_hash(key, ip)


def network_hasher(settings: Settings) -> Callable[[str], str]:
    """An IP address to its network's keyed hash (/24, /64), for the blocklist."""
    return lambda ip: network_hash(settings, ip)


# ---- settings ------------------------------------------------------------------------------------


async def configured_rules(campaign_id: int) -> set[RuleKey]:
    rows = await FraudRuleSetting.filter(campaign_id=campaign_id).values_list("rule", flat=True)
    return {RuleKey(str(r)) for r in rows}


async def set_rules(
    *, campaign_id: int, changes: list[tuple[RuleKey, Setting]], actor: Actor, clock: Clock
) -> dict[RuleKey, Setting]:
    """Override some rules' mode and threshold; rules not named keep their current setting."""
    keys = [key for key, _ in changes]
    if len(set(keys)) != len(keys):
        raise InvalidInput("Name each rule once.", field="rules")
    valid = [
        (key, rules.validate_setting(key, s, f"rules.{i}")) for i, (key, s) in enumerate(changes)
    ]
    now = clock.now()
    who = actor.id or actor.kind
    try:
        async with in_transaction() as conn:
            campaign = await Campaign.get_or_none(id=campaign_id, using_db=conn)
            if campaign is None:
                raise NotFound("No such campaign.", field="campaignId")
            before = await settings_of(campaign_id, conn)
            for key, setting in valid:
                updated = (
                    await FraudRuleSetting.filter(campaign_id=campaign_id, rule=key)
                    .using_db(conn)
                    .update(
                        mode=setting.mode,
                        threshold=setting.threshold,
                        updated_by=who,
                        updated_at=now,
                    )
                )
                if not updated:
                    await FraudRuleSetting.create(
                        campaign_id=campaign_id,
                        rule=key,
                        mode=setting.mode,
                        threshold=setting.threshold,
                        updated_by=who,
                        updated_at=now,
                        using_db=conn,
                    )
            after = await settings_of(campaign_id, conn)
            await audit.record(
                actor=actor,
                action="fraud_rules.set",
                target=campaign,
                now=now,
                changes={
                    key.value: [_setting_text(before[key]), _setting_text(after[key])]
                    for key in CATALOGUE
                    if before[key] != after[key]
                },
                using=conn,
            )
    except IntegrityError:
        raise Conflict(
            "Another change to these rules landed at once; retry.", field="rules"
        ) from None
    return after


def _setting_text(s: Setting) -> str:
    return s.mode.value if s.threshold is None else f"{s.mode.value}:{s.threshold}"


# ---- preview ----------------------------------------------------------------------------------


async def preview_signals(
    *, campaign_id: int, advocate_email: str, friend_email: str
) -> list[Signal]:
    """Which identity rules a friend would trip with this advocate: reads, never writes."""
    settings = await settings_of(campaign_id)
    invalid = patterns.invalid_email_reason(friend_email)
    friend = (
        None if invalid else referral_rules.normalize_email(friend_email, "scenario.friendEmail")
    )
    advocate = await Advocate.get_or_none(email=advocate_email)
    blocked: list[str] = []
    if settings[K.BLOCKLIST].mode is not Mode.OFF:
        blocked, _ = await facts.blocklist_hits(
            friend_email=friend,
            ip_hashes=[],
            advocate_id=advocate.id if advocate else None,
            conn=None,
        )
    found = Facts(
        friend_email=friend,
        advocate_email=advocate_email,
        friend_email_invalid=invalid,
        blocklist=blocked,
    )
    return scoring.signals(found, settings)


# ---- review queue --------------------------------------------------------------------------------


def _note(note: str) -> str:
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"The note is at most {MAX_NOTE} characters.", field="note")
    return note.strip()


def _already(referral: Referral) -> Conflict:
    who = f" by {referral.reviewed_by}" if referral.reviewed_by else ""
    return Conflict(
        f"Already {referral.review_status.value.replace('_', ' ')}{who}.", field="referralId"
    )


def review_queue(campaign_id: int | None) -> QuerySet[Referral]:
    """What waits for a person: flagged referrals not already rejected (a later block or a
    confirmation settled those), oldest first when paginated."""
    query = Referral.filter(review_status=ReviewStatus.FLAGGED).exclude(
        status=ReferralStatus.REJECTED
    )
    return query.filter(campaign_id=campaign_id) if campaign_id is not None else query


async def confirm_fraud(*, referral_id: int, note: str, actor: Actor, clock: Clock) -> Referral:
    """Reject the referral for good and take back what it earned: owed rewards are voided,
    paid ones reversed (the ledger then shows what the advocate owes back)."""
    note = _note(note)
    now = clock.now()
    who = actor.id or actor.kind
    async with in_transaction() as conn:
        referral = await Referral.select_for_update().using_db(conn).get_or_none(id=referral_id)
        if referral is None:
            raise NotFound("No such referral.", field="referralId")
        # One decision per flag: a reviewer who dismissed it (perhaps a moment ago, racing this
        # one) decided; confirming needs the referral flagged again first.
        if referral.review_status in (ReviewStatus.CONFIRMED_FRAUD, ReviewStatus.DISMISSED):
            raise _already(referral)
        before = (referral.review_status.value, referral.status.value)
        changes: dict[str, Any] = {
            "review_status": ReviewStatus.CONFIRMED_FRAUD,
            "status": ReferralStatus.REJECTED,
            "rejected_at": referral.rejected_at or now,
            "reviewed_by": who,
            "reviewed_at": now,
            "review_note": note,
        }
        # Compare-and-set: of two reviewers deciding at once, one wins.
        won = (
            await Referral.filter(id=referral.id, review_status=referral.review_status)
            .using_db(conn)
            .update(**changes)
        )
        if not won:
            raise _already(await Referral.get(id=referral_id, using_db=conn))
        referral.update_from_dict(changes)
        if before[1] != "rejected":
            await rollups.referral_rejected(conn, referral=referral)
        undone = await rewards.void_for_fraud(
            referral_id=referral.id, note=note, now=now, actor=actor, conn=conn
        )
        await audit.record(
            actor=actor,
            action="referral.confirm_fraud",
            target=referral,
            now=now,
            changes={
                "review_status": [before[0], "confirmed_fraud"],
                "status": [before[1], "rejected"],
                "rewards_undone": [None, undone],
            },
            using=conn,
        )
    return referral


async def dismiss_flag(
    *,
    referral_id: int,
    note: str,
    actor: Actor,
    clock: Clock,
    reviewer_email: str | None = None,
) -> Referral:
    """A reviewer found nothing wrong: the referral's rewards are unflagged and proceed. Nobody
    clears a flag on a referral they are part of (advocate or friend, by inbox)."""
    note = _note(note)
    now = clock.now()
    who = actor.id or actor.kind
    async with in_transaction() as conn:
        referral = await Referral.select_for_update().using_db(conn).get_or_none(id=referral_id)
        if referral is None:
            raise NotFound("No such referral.", field="referralId")
        if referral.review_status in (ReviewStatus.DISMISSED, ReviewStatus.CONFIRMED_FRAUD):
            raise _already(referral)
        if referral.review_status is not ReviewStatus.FLAGGED:
            raise InvalidState("This referral is not flagged.", field="referralId")
        if reviewer_email is not None:
            link = await ReferralLink.get(id=referral.link_id, using_db=conn).select_related(
                "advocate"
            )
            if same_inbox(reviewer_email, link.advocate.email) or same_inbox(
                reviewer_email, referral.friend_email
            ):
                raise Forbidden(
                    "Nobody clears a flag on their own referral; ask another reviewer.",
                    field="referralId",
                )
        changes: dict[str, Any] = {
            "review_status": ReviewStatus.DISMISSED,
            "reviewed_by": who,
            "reviewed_at": now,
            "review_note": note,
        }
        won = (
            await Referral.filter(id=referral.id, review_status=ReviewStatus.FLAGGED)
            .using_db(conn)
            .update(**changes)
        )
        if not won:
            raise _already(await Referral.get(id=referral_id, using_db=conn))
        referral.update_from_dict(changes)
        released = await rewards.unflag(referral_id=referral.id, now=now, actor=actor, conn=conn)
        await audit.record(
            actor=actor,
            action="referral.dismiss_flag",
            target=referral,
            now=now,
            changes={"review_status": ["flagged", "dismissed"], "rewards_unflagged": [0, released]},
            using=conn,
        )
    return referral


# ---- blocklist -----------------------------------------------------------------------------------


async def add_block(
    *,
    kind: BlockKind,
    value: str,
    reason: str,
    hash_ip: Callable[[str], str],
    actor: Actor,
    clock: Clock,
    hash_network: Callable[[str], str] | None = None,
) -> BlocklistEntry:
    if len(reason) > MAX_NOTE:
        raise InvalidInput(f"The reason is at most {MAX_NOTE} characters.", field="reason")
    network = None
    if kind is BlockKind.IP_HASH and patterns.is_ip_address(value):
        network = hash_network(value) if hash_network else None
        value = hash_ip(value)  # raw addresses are never stored
    pattern = patterns.normalize_block_value(kind, value)
    now = clock.now()
    try:
        async with in_transaction() as conn:
            if kind is BlockKind.ADVOCATE and not await Advocate.exists(
                id=int(pattern), using_db=conn
            ):
                raise NotFound("No such advocate.", field="value")
            entry = await BlocklistEntry.create(
                kind=kind,
                pattern=pattern,
                network_hash=network,
                reason=reason.strip(),
                created_by=actor.id or actor.kind,
                created_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="blocklist.add",
                target=entry,
                now=now,
                changes={"kind": [None, kind.value], "pattern": [None, pattern]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict("This entry is already on the blocklist.", field="value") from None
    return entry


async def remove_block(*, entry_id: int, actor: Actor, clock: Clock) -> BlocklistEntry:
    now = clock.now()
    async with in_transaction() as conn:
        entry = await BlocklistEntry.get_or_none(id=entry_id, using_db=conn)
        if entry is None or not await BlocklistEntry.filter(id=entry_id).using_db(conn).delete():
            raise NotFound("No such blocklist entry.", field="id")
        await audit.record(
            actor=actor,
            action="blocklist.remove",
            target=entry,
            now=now,
            changes={"kind": [entry.kind.value, None], "pattern": [entry.pattern, None]},
            using=conn,
        )
    return entry
