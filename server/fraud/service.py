"""Fraud use-cases: screening referrals and conversions inside the caller's transaction, the
review queue, the blocklist and per-campaign rule settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from server.fraud import rules
from server.fraud.models import AdvocateSession, BlocklistEntry, FraudRuleSetting
from server.fraud.rules import (
    CATALOGUE,
    BlockKind,
    Facts,
    Mode,
    ReviewStatus,
    RuleKey,
    Setting,
    Signal,
)
from server.identity import canonical_email, same_inbox
from server.referrals import rules as referral_rules
from server.referrals.models import Click, Conversion, Referral, ReferralLink, ReferralStatus
from server.rewards import service as rewards
from server.settings import Settings, derived_key

K = RuleKey
MAX_NOTE = 500
MAX_USER_AGENT = 1024
RING_ROWS = 1000  # per hop: enough for any real ring, bounded for a pathological graph


# ---- hashing the caller's session ----------------------------------------------------------------


def session_hashes(
    settings: Settings, ip_address: str | None, user_agent: str | None
) -> tuple[str | None, str | None]:
    """Keyed hashes as /r/{code} stores them for clicks; the raw values are never kept."""
    key = derived_key(settings, "visitor-hash")
    ip_hash = ua_hash = None
    if ip_address is not None:
        if not rules.is_ip_address(ip_address):
            raise InvalidInput("Not an IP address.", field="ipAddress")
        ip_hash = referral_rules.ip_hash(key, ip_address)
    if user_agent is not None:
        if len(user_agent) > MAX_USER_AGENT:
            raise InvalidInput(
                f"The user agent is at most {MAX_USER_AGENT} characters.", field="userAgent"
            )
        ua_hash = referral_rules.keyed_hash(key, user_agent)
    return ip_hash, ua_hash


def ip_hasher(settings: Settings) -> Callable[[str], str]:
    key = derived_key(settings, "visitor-hash")
    return lambda ip: referral_rules.ip_hash(key, ip)


async def record_session(
    *, advocate_id: int, ip_hash: str | None, ua_hash: str | None, clock: Clock
) -> None:
    """Remember the device an advocate used, to recognise them later posing as a friend."""
    if ip_hash is None or ua_hash is None:
        return
    # One row per device, refreshed: enrolling again (it is idempotent) must not add rows.
    seen = AdvocateSession.filter(advocate_id=advocate_id, ip_hash=ip_hash, ua_hash=ua_hash)
    if not await seen.update(seen_at=clock.now()):
        await AdvocateSession.create(
            advocate_id=advocate_id, ip_hash=ip_hash, ua_hash=ua_hash, seen_at=clock.now()
        )


# ---- settings ------------------------------------------------------------------------------------


async def settings_of(
    campaign_id: int, conn: BaseDBAsyncClient | None = None
) -> dict[RuleKey, Setting]:
    rows = await FraudRuleSetting.filter(campaign_id=campaign_id).using_db(conn)
    return rules.settings_for({r.rule: Setting(r.mode, r.threshold) for r in rows})


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


# ---- screening -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    signals: list[Signal]
    score: int
    outcome: Mode

    @classmethod
    def of(cls, found: list[Signal], fresh: Iterable[Signal] | None = None) -> Verdict:
        return cls(found, rules.score(found), rules.outcome(found if fresh is None else fresh))

    @property
    def blocked(self) -> bool:
        return self.outcome is Mode.BLOCK

    @property
    def review_status(self) -> ReviewStatus:
        return ReviewStatus.FLAGGED if self.outcome is Mode.FLAG else ReviewStatus.NONE


@dataclass(frozen=True, slots=True)
class NewReferralRisk:
    blocked: bool
    columns: dict[str, Any]  # Referral fields
    audit: dict[str, Any]


def _on(settings: dict[RuleKey, Setting], *keys: RuleKey) -> bool:
    return any(settings[k].mode is not Mode.OFF for k in keys)


async def _blocklist_hits(
    *,
    friend_email: str | None,
    ip_hashes: list[str],
    advocate_id: int | None,
    conn: BaseDBAsyncClient | None,
) -> list[str]:
    wanted = Q(kind=BlockKind.EMAIL)
    if friend_email:
        parts = rules.domain_of(friend_email).split(".")
        parents = [".".join(parts[i:]) for i in range(len(parts) - 1)]
        wanted |= Q(kind=BlockKind.DOMAIN, pattern__in=parents)
    if ip_hashes:
        wanted |= Q(kind=BlockKind.IP_HASH, pattern__in=ip_hashes)
    if advocate_id is not None:
        wanted |= Q(kind=BlockKind.ADVOCATE, pattern=str(advocate_id))
    entries = await BlocklistEntry.filter(wanted).using_db(conn).order_by("id")
    return rules.blocklist_hits(
        [rules.BlockEntry(e.kind, e.pattern, e.reason) for e in entries],
        friend_email=friend_email,
        ip_hashes=ip_hashes,
        advocate_id=advocate_id,
    )


async def _ring(
    advocate_email: str, friend_email: str, max_people: int, test: bool, conn: BaseDBAsyncClient
) -> list[str] | None:
    """Walk who-referred-whom from the friend, up to max_people - 1 hops, across campaigns."""
    referred: dict[str, set[str]] = {}
    seen = {friend_email}
    frontier = {friend_email}
    for _ in range(max_people - 1):
        rows = (
            await Referral.filter(link__advocate__email__in=sorted(frontier), test=test)
            .exclude(friend_email=None)
            .using_db(conn)
            .order_by("id")
            .limit(RING_ROWS)
            .values_list("link__advocate__email", "friend_email")
        )
        for who, whom in rows:
            referred.setdefault(canonical_email(who), set()).add(canonical_email(whom))
        frontier = {str(whom) for _, whom in rows} - seen
        seen |= frontier
        if not frontier:
            break
    return rules.ring_path(
        canonical_email(advocate_email),
        canonical_email(friend_email),
        referred,
        max_people,
    )


async def _seen_on_device(
    advocate_id: int,
    pairs: set[tuple[str | None, str | None]],
    since: datetime,
    conn: BaseDBAsyncClient,
) -> bool:
    for ip, ua in sorted((ip, ua) for ip, ua in pairs if ip is not None and ua is not None):
        sessions = AdvocateSession.filter(
            advocate_id=advocate_id, ip_hash=ip, ua_hash=ua, seen_at__gte=since
        )
        if await sessions.using_db(conn).exists():
            return True
    return False


async def screen_new_referral(
    *,
    link: ReferralLink,
    click: Click | None,
    friend_email: str | None,
    friend_external_id: str | None,
    session_ip_hash: str | None,
    session_ua_hash: str | None,
    test: bool,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> NewReferralRisk:
    """The fraud columns of a referral about to be created; blocked means store it rejected.
    Counts look only at rows of the same kind (test or live): a rehearsal never flags real
    referrals."""
    # Serialise referrals through one link, so a burst of parallel signups is counted one
    # after the other by the velocity rules (NO KEY: the new referral references the link).
    await ReferralLink.select_for_update(no_key=True).using_db(conn).filter(id=link.id).first()
    settings = await settings_of(link.campaign_id, conn)
    advocate: Advocate = link.advocate
    # The friend's session as the shop saw it, else as their click did; both are compared.
    pairs = {(session_ip_hash, session_ua_hash)}
    if click is not None:
        pairs.add((click.ip_hash, click.ua_hash))
    ip_hash, ua_hash = (
        (session_ip_hash, session_ua_hash)
        if session_ip_hash or click is None
        else (click.ip_hash, click.ua_hash)
    )
    ip_hashes = sorted({ip for ip, _ in pairs if ip is not None})
    same_device = False
    if _on(settings, K.SELF_REFERRAL_DEVICE):
        since = now - timedelta(days=settings[K.SELF_REFERRAL_DEVICE].threshold or 0)
        same_device = await _seen_on_device(advocate.id, pairs, since, conn)
    counts: dict[str, int | None] = {"hour": None, "day": None}
    if _on(settings, K.REFERRAL_VELOCITY_HOUR, K.REFERRAL_VELOCITY_DAY):
        for name, span in (("hour", timedelta(hours=1)), ("day", timedelta(days=1))):
            # Per advocate, across their campaigns; the referral being created counts too.
            recent = Referral.filter(
                link__advocate_id=advocate.id,
                test=test,
                created_at__gt=now - span,
                created_at__lte=now,
            )
            counts[name] = 1 + await recent.using_db(conn).count()
    ring = None
    if friend_email and _on(settings, K.REFERRAL_RING):
        ring = await _ring(
            advocate.email, friend_email, settings[K.REFERRAL_RING].threshold or 2, test, conn
        )
    from_ip = None
    if ip_hash and _on(settings, K.SHARED_IP):
        same_ip = Referral.filter(
            campaign_id=link.campaign_id,
            ip_hash=ip_hash,
            created_at__gt=now - timedelta(days=1),
            created_at__lte=now,
        )
        from_ip = 1 + await same_ip.using_db(conn).count()
    blocked = []
    if _on(settings, K.BLOCKLIST):
        blocked = await _blocklist_hits(
            friend_email=friend_email, ip_hashes=ip_hashes, advocate_id=advocate.id, conn=conn
        )
    facts = Facts(
        friend_email=friend_email,
        friend_external_id=friend_external_id,
        advocate_id=advocate.id,
        advocate_email=advocate.email,
        advocate_external_id=advocate.external_id,
        same_device_as_advocate=same_device,
        referrals_last_hour=counts["hour"],
        referrals_last_day=counts["day"],
        ring=ring,
        friends_from_ip_today=from_ip,
        blocklist=blocked,
    )
    verdict = Verdict.of(rules.signals(facts, settings))
    return NewReferralRisk(
        blocked=verdict.blocked,
        columns={
            "rejected_at": now if verdict.blocked else None,
            "friend_key": canonical_email(friend_email) if friend_email else None,
            "ip_hash": ip_hash,
            "ua_hash": ua_hash,
            "risk_score": verdict.score,
            "risk_signals": [s.to_json() for s in verdict.signals],
            "review_status": verdict.review_status,
        },
        audit={"risk_score": [None, verdict.score]} if verdict.signals else {},
    )


async def screen_conversion(
    *, referral: Referral, when: datetime, now: datetime, actor: Actor, conn: BaseDBAsyncClient
) -> bool:
    """Re-run the conversion-time rules before an order is recorded. Updates the referral's
    risk; True when it is now blocked (referral rejected, its owed rewards voided)."""
    settings = await settings_of(referral.campaign_id, conn)
    link = await ReferralLink.get(id=referral.link_id, using_db=conn)
    counts: dict[str, int | None] = {"hour": None, "day": None}
    if _on(settings, K.CONVERSION_VELOCITY_HOUR, K.CONVERSION_VELOCITY_DAY):
        for name, span in (("hour", timedelta(hours=1)), ("day", timedelta(days=1))):
            orders = Conversion.filter(
                referral__link__advocate_id=link.advocate_id,
                test=referral.test,
                occurred_at__gt=when - span,
                occurred_at__lte=when,
            )
            counts[name] = 1 + await orders.using_db(conn).count()
    advocates_for_friend = None
    if _on(settings, K.FRIEND_MANY_ADVOCATES):
        same_friend = Q(id=-1)
        if referral.friend_key:
            same_friend |= Q(friend_key=referral.friend_key)
        if referral.friend_external_id:
            same_friend |= Q(friend_external_id=referral.friend_external_id)
        others = (
            await Referral.filter(same_friend, converted_at__not_isnull=True, test=referral.test)
            .exclude(status=ReferralStatus.REJECTED)
            .using_db(conn)
            .values_list("link__advocate_id", flat=True)
        )
        advocates_for_friend = len({*others, link.advocate_id})
    blocked = []
    if _on(settings, K.BLOCKLIST):
        blocked = await _blocklist_hits(
            friend_email=referral.friend_email,
            ip_hashes=[referral.ip_hash] if referral.ip_hash else [],
            advocate_id=link.advocate_id,
            conn=conn,
        )
    facts = Facts(
        conversions_last_hour=counts["hour"],
        conversions_last_day=counts["day"],
        advocates_for_friend=advocates_for_friend,
        blocklist=blocked,
    )
    found = rules.signals(facts, settings)
    old = [Signal.from_json(s) for s in referral.risk_signals]
    # Only a rule that had not fired for this referral changes its course: a reviewer who
    # dismissed a velocity flag is not asked again for every later order.
    fresh = [s for s in found if s.rule not in {o.rule for o in old}]
    verdict = Verdict.of(rules.merge(old, found), fresh)
    changes: dict[str, Any] = {
        "risk_score": verdict.score,
        "risk_signals": [s.to_json() for s in verdict.signals],
    }
    if verdict.blocked:
        changes.update(status=ReferralStatus.REJECTED, rejected_at=now)
    elif verdict.outcome is Mode.FLAG and referral.review_status in (
        ReviewStatus.NONE,
        ReviewStatus.DISMISSED,
    ):
        changes["review_status"] = ReviewStatus.FLAGGED
    if changes["risk_signals"] == referral.risk_signals and len(changes) == 2:
        return False
    before = {"risk_score": referral.risk_score, "status": referral.status.value}
    await Referral.filter(id=referral.id).using_db(conn).update(**changes)
    referral.update_from_dict(changes)
    if verdict.blocked and before["status"] != "rejected":
        await rollups.referral_rejected(conn, referral=referral)
    await audit.record(
        actor=actor,
        action="referral.risk",
        target=referral,
        now=now,
        changes={
            "risk_score": [before["risk_score"], verdict.score],
            "status": [before["status"], referral.status.value],
            "rules": [None, [s.rule.value for s in fresh]],
        },
        using=conn,
    )
    if changes.get("review_status") is ReviewStatus.FLAGGED:
        await rewards.flag_pending(referral_id=referral.id, now=now, actor=actor, conn=conn)
    if verdict.blocked:
        await rewards.void_for_fraud(
            referral_id=referral.id,
            note="Blocked by fraud controls.",
            now=now,
            actor=actor,
            conn=conn,
        )
    return verdict.blocked


async def preview_signals(
    *, campaign_id: int, advocate_email: str, friend_email: str
) -> list[Signal]:
    """Which identity rules a friend would trip with this advocate: reads, never writes."""
    settings = await settings_of(campaign_id)
    invalid = rules.invalid_email_reason(friend_email)
    friend = None if invalid else referral_rules.normalize_email(friend_email, "friendEmail")
    advocate = await Advocate.get_or_none(email=advocate_email)
    blocked = []
    if _on(settings, K.BLOCKLIST):
        blocked = await _blocklist_hits(
            friend_email=friend,
            ip_hashes=[],
            advocate_id=advocate.id if advocate else None,
            conn=None,
        )
    facts = Facts(
        friend_email=friend,
        advocate_email=advocate_email,
        friend_email_invalid=invalid,
        blocklist=blocked,
    )
    return rules.signals(facts, settings)


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
) -> BlocklistEntry:
    if len(reason) > MAX_NOTE:
        raise InvalidInput(f"The reason is at most {MAX_NOTE} characters.", field="reason")
    if kind is BlockKind.IP_HASH and rules.is_ip_address(value):
        value = hash_ip(value)  # raw addresses are never stored
    pattern = rules.normalize_block_value(kind, value)
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
