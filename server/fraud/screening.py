"""Screening inside the caller's transaction: a new referral, and every order again with the
order's own session. Facts come from facts.py, the decision from scoring.py, and clusters
that a new referral or order reveals are re-scored by clusters.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.advocates.models import Advocate
from server.audit.service import Actor
from server.clock import Clock
from server.fraud import clusters, facts, order_risk, others, refusals, scoring, shared
from server.fraud import queries as q
from server.fraud import recent as recents
from server.fraud.evidence import Evidence
from server.fraud.models import AdvocateEvidence, AdvocateSession
from server.fraud.rules import CATALOGUE, Mode, ReviewStatus, RuleKey, Setting, settings_for
from server.fraud.scoring import Facts, Signal, Verdict
from server.identity import canonical_email
from server.referrals.models import Click, Referral, ReferralLink

K = RuleKey


def _settings(rows: list[dict[str, Any]]) -> dict[RuleKey, Setting]:
    return settings_for(
        {
            RuleKey(r["rule"]): Setting(Mode(r["mode"]), r["threshold"])
            for r in rows
            if r["rule"] is not None
        }
    )


async def settings_of(
    campaign_id: int, conn: BaseDBAsyncClient | None = None
) -> dict[RuleKey, Setting]:
    return _settings(await q.executor(conn).rows(q.SETTINGS, [campaign_id]))


def _on(settings: dict[RuleKey, Setting], *keys: RuleKey) -> bool:
    return any(settings[k].mode is not Mode.OFF for k in keys)


async def record_session(
    *,
    advocate_id: int,
    ip_hash: str | None,
    ua_hash: str | None,
    clock: Clock,
    evidence: Evidence | None = None,
) -> None:
    """Remember the device (and card, phone, address) an advocate used, to recognise them
    later posing as a friend. One row per device or identifier, refreshed on each visit."""
    now = clock.now()
    if ip_hash is not None and ua_hash is not None:
        seen = AdvocateSession.filter(advocate_id=advocate_id, ip_hash=ip_hash, ua_hash=ua_hash)
        if not await seen.update(seen_at=now):
            await AdvocateSession.create(
                advocate_id=advocate_id, ip_hash=ip_hash, ua_hash=ua_hash, seen_at=now
            )
    for kind, value in (evidence.given() if evidence else {}).items():
        known = AdvocateEvidence.filter(advocate_id=advocate_id, kind=kind, value_hash=value)
        if not await known.update(seen_at=now):
            await AdvocateEvidence.create(
                advocate_id=advocate_id, kind=kind, value_hash=value, seen_at=now
            )


@dataclass(frozen=True, slots=True)
class NewReferralRisk:
    blocked: bool
    columns: dict[str, Any]  # Referral fields
    audit: dict[str, Any]


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
    friend_name: str = "",
    evidence: Evidence | None = None,
    actor: Actor | None = None,
    friend_is_advocate: bool = False,
    settings: dict[RuleKey, Setting] | None = None,
    order_now: datetime | None = None,
) -> NewReferralRisk:
    """The fraud columns of a referral about to be created; blocked means store it rejected.
    Earlier referrals in a cluster the new one reveals are re-scored here. Counts look only at
    rows of the same kind (test or live): a rehearsal never flags real referrals. Raises
    refusals.AdvocateFriendRefused when the friend is another advocate of the campaign and
    closes no ring. `settings`: the campaign's fraud settings when the caller has them
    (cached, read at a version committed before this transaction wrote anything). `order_now`:
    the referral is created by an order recorded now (at `now`), screened with `settings`
    next: its facts are read with the friend's."""
    ex = q.executor(conn)
    order_settings = settings
    if settings is None or ex.dialect != "sqlite":
        # Serialise referrals through one link, so a burst of parallel signups is counted one
        # after the other by the velocity rules (NO KEY: the new referral references the
        # link). The campaign's settings read with the link's lock, in one statement. SQLite's
        # write transactions already run one at a time: no lock to take there.
        settings = _settings(await ex.rows(q.LOCK_AND_SETTINGS, [link.id]))
    advocate: Advocate = link.advocate
    if friend_is_advocate:
        return await _advocate_as_friend(
            link, friend_email, friend_external_id, settings, test, now, actor, conn
        )
    ev = evidence or Evidence()
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
    device_on = _on(settings, K.SELF_REFERRAL_DEVICE)
    since = now - timedelta(days=settings[K.SELF_REFERRAL_DEVICE].threshold or 0)
    ip_on = bool(ip_hash) and _on(settings, K.SHARED_IP)
    block = (
        facts.BlockQuery(friend_email, ip_hashes, advocate.id, [ev.net_hash] if ev.net_hash else [])
        if _on(settings, K.BLOCKLIST, K.BLOCKLIST_NETWORK)
        else None
    )
    friend_key = canonical_email(friend_email) if friend_email else None
    walk = friend_email is not None and _on(settings, K.REFERRAL_RING)
    # The device, identifier, address and blocklist facts, the advocate's recent referrals
    # and the ring walk's first hop, in one statement.
    then = order_ask(
        friend_email, ip_hash, ev.net_hash, friend_key, friend_external_id, test, advocate.id, now,
        order_now, ev, order_settings,
    ) if order_now and order_settings else None  # fmt: skip
    known = await facts.friend_facts(
        advocate_id=advocate.id, pairs=pairs if device_on else None, since=since, evidence=ev,
        conn=conn, campaign_id=link.campaign_id if ip_on else None, ip_hash=ip_hash, now=now,
        block=block, signup=facts.SignupQuery(advocate.id, test, now, friend_key if walk else None),
        then=then,
    )  # fmt: skip
    same_device, own, from_ip = known.same_device, known.own, known.from_ip
    blocked, near = known.blocked, known.near
    recent = recents.groups(
        known.recent or [], friend_email=friend_email, friend_name=friend_name, net_hash=ev.net_hash
    )
    recents.remember_recent(
        conn, (advocate.id, test, now, friend_email, friend_name, ev.net_hash), recent
    )
    shared_ids, people, what = await others.shared_evidence(
        evidence=ev, friend_key=friend_key, test=test, now=now, conn=conn
    )
    ring = ring_ids = None
    if friend_email and walk:
        ring = await facts.ring(
            advocate.email, friend_email, settings[K.REFERRAL_RING].threshold or 2, test, conn,
            first_hop=known.ring_hop,
        )  # fmt: skip
        ring_ids = await facts.ring_edges(ring, test, conn) if ring else None
    found = scoring.signals(
        Facts(
            friend_email=friend_email,
            friend_external_id=friend_external_id,
            advocate_id=advocate.id,
            advocate_email=advocate.email,
            advocate_external_id=advocate.external_id,
            same_device_as_advocate=same_device,
            advocate_evidence=own,
            referrals_last_hour=1 + len(recent.last_hour),
            referrals_last_day=1 + len(recent.last_day),
            ring=ring,
            friends_from_ip_today=from_ip,
            friends_from_network=1 + len(recent.network) if ev.net_hash else None,
            friends_sharing_evidence=(people, what) if people else None,
            sequential_emails=1 + len(recent.stem),
            lookalike_names=1 + len(recent.names),
            blocklist=blocked,
            blocklist_network=near,
        ),
        settings,
    )
    found = await shared.weaken(found, [ev.net_hash, ip_hash], conn)
    verdict = Verdict.of(found, settings)
    members = {
        K.REFERRAL_VELOCITY_HOUR: recent.last_hour,
        K.REFERRAL_VELOCITY_DAY: recent.last_day,
        K.NETWORK_CLUSTER: recent.network,
        K.SEQUENTIAL_EMAILS: recent.stem,
        K.LOOKALIKE_NAMES: recent.names,
        K.SHARED_EVIDENCE: shared_ids,
        K.REFERRAL_RING: ring_ids or [],
    }
    await clusters.after_referral(
        members, verdict, settings, f"advocate #{advocate.id}, new friend", now, actor, conn
    )
    return NewReferralRisk(
        blocked=verdict.blocked,
        columns={
            "rejected_at": now if verdict.blocked else None,
            "friend_key": friend_key,
            "ip_hash": ip_hash,
            "ua_hash": ua_hash,
            "net_hash": ev.net_hash,
            "device_hash": ev.device_hash,
            "payment_hash": ev.payment_hash,
            "phone_hash": ev.phone_hash,
            "address_hash": ev.address_hash,
            "risk_score": verdict.score,
            "risk_signals": [s.to_json() for s in verdict.signals],
            "review_status": verdict.review_status,
        },
        audit={"risk_score": [None, verdict.score]} if verdict.signals else {},
    )


async def _advocate_as_friend(
    link: ReferralLink,
    friend_email: str | None,
    friend_external_id: str | None,
    settings: dict[RuleKey, Setting],
    test: bool,
    now: datetime,
    actor: Actor | None,
    conn: BaseDBAsyncClient,
) -> NewReferralRisk:
    """Another advocate of the campaign as the friend: refused (the attempt remembered for
    ring detection, refusals.py), unless it closes a ring."""
    ring = None
    if friend_email and _on(settings, K.REFERRAL_RING):
        ring = await facts.ring(
            link.advocate.email, friend_email, settings[K.REFERRAL_RING].threshold or 2, test, conn
        )
    if ring is None or friend_email is None:
        raise await refusals.refused(
            link=link, friend_email=friend_email, friend_external_id=friend_external_id,
            test=test, now=now, actor=actor, conn=conn,
        )  # fmt: skip
    reason = (
        "Referral ring closed inside the campaign (the friend is one of its advocates): "
        + " -> ".join([*ring, ring[0]])
        + "."
    )
    spec = CATALOGUE[K.REFERRAL_RING]
    signal = Signal(K.REFERRAL_RING, spec.severity, Mode.BLOCK, reason)
    verdict = Verdict([signal], scoring.score([signal]), Mode.BLOCK)
    members = {K.REFERRAL_RING: await facts.ring_edges(ring, test, conn)}
    await clusters.after_referral(
        members, verdict, settings, f"ring of {len(ring)}", now, actor, conn
    )
    return NewReferralRisk(
        blocked=True,
        columns={
            "rejected_at": now,
            "friend_key": canonical_email(friend_email),
            "risk_score": verdict.score,
            "risk_signals": [signal.to_json()],
            "review_status": ReviewStatus.NONE,
        },
        audit={"risk_score": [None, verdict.score]},
    )


def order_ask(
    friend_email: str | None,
    ip_hash: str | None,
    net_hash: str | None,
    friend_key: str | None,
    friend_external_id: str | None,
    test: bool,
    advocate_id: int,
    when: datetime,
    now: datetime,
    ev: Evidence,
    settings: dict[RuleKey, Setting],
) -> facts.OrderAsk:
    """The facts an order of this referral (these columns) asks for, with its own session."""
    device_on = bool(ev.ip_hash and ev.ua_hash) and _on(settings, K.SELF_REFERRAL_DEVICE)
    block = None
    if _on(settings, K.BLOCKLIST, K.BLOCKLIST_NETWORK):
        ips = sorted({h for h in (ip_hash, ev.ip_hash) if h})
        nets = sorted({h for h in (net_hash, ev.net_hash) if h})
        block = facts.BlockQuery(friend_email, ips, advocate_id, nets)
    return facts.OrderAsk(
        advocate_id,
        {(ev.ip_hash, ev.ua_hash)} if device_on else None,
        now - timedelta(days=settings[K.SELF_REFERRAL_DEVICE].threshold or 0),
        ev,
        block,
        facts.OrderQuery(
            advocate_id, test, when,
            velocity=_on(settings, K.CONVERSION_VELOCITY_HOUR, K.CONVERSION_VELOCITY_DAY),
            friend=_on(settings, K.FRIEND_MANY_ADVOCATES),
            friend_key=friend_key, friend_external_id=friend_external_id,
        ),
    )  # fmt: skip


async def screen_conversion(
    *,
    referral: Referral,
    link: ReferralLink,
    when: datetime,
    now: datetime,
    actor: Actor,
    conn: BaseDBAsyncClient,
    evidence: Evidence | None = None,
    touched_link_id: int | None = None,
    settings: dict[RuleKey, Setting] | None = None,
    new: bool = False,
) -> bool:
    """Re-run the conversion-time rules before an order is recorded, with the order's own
    session (its IP on the blocklist, the advocate's own device or card, one card for many
    friends). `link` is the referral's, read by the caller with the referral locked;
    `touched_link_id` the link the order came through, when sticky attribution kept the
    referral with another advocate's link. Updates the referral's risk; True when it is now
    blocked (referral rejected, its owed rewards voided). `settings`: the campaign's fraud
    settings when the caller has them (cached). `new`: the referral was created in this
    transaction."""
    if settings is None:
        settings = await settings_of(referral.campaign_id, conn)
    ev = evidence or Evidence()
    order_ev = Evidence(
        ip_hash=ev.ip_hash,
        net_hash=ev.net_hash,
        ua_hash=ev.ua_hash,
        device_hash=ev.device_hash or referral.device_hash,
        payment_hash=ev.payment_hash or referral.payment_hash,
        phone_hash=ev.phone_hash or referral.phone_hash,
    )
    # The device, identifier, blocklist, velocity and same-friend facts in one statement (read
    # already with a new friend's facts, when this order created the referral).
    known = await facts.order_facts(
        order_ask(
            referral.friend_email, referral.ip_hash, referral.net_hash, referral.friend_key,
            referral.friend_external_id, referral.test, link.advocate_id, when, now, ev, settings,
        ),
        conn,
    )  # fmt: skip
    same_device, own = known.same_device, known.own
    blocked, near = known.blocked, known.near
    counts = {
        "hour": None if known.orders_hour is None else 1 + known.orders_hour,
        "day": None if known.orders_day is None else 1 + known.orders_day,
    }
    advocates_for_friend: int | None = None
    same_friend_ids: list[int] = []
    if known.same_friend is not None:
        advocates_for_friend, same_friend_ids = await others.advocates_for_friend(
            referral, link, touched_link_id, known.same_friend, conn
        )
    shared_ids: list[int] = []
    people, what = 0, ""
    if ev.given():
        shared_ids, people, what = await others.shared_evidence(
            evidence=order_ev, friend_key=referral.friend_key, test=referral.test, now=now,
            conn=conn, exclude_id=referral.id,
        )  # fmt: skip
    found = scoring.signals(
        Facts(
            conversions_last_hour=counts["hour"],
            conversions_last_day=counts["day"],
            advocates_for_friend=advocates_for_friend,
            same_device_as_advocate=same_device,
            advocate_evidence=own,
            friends_sharing_evidence=(people, what) if people else None,
            blocklist=blocked,
            blocklist_network=near,
        ),
        settings,
    )
    members = {K.FRIEND_MANY_ADVOCATES: same_friend_ids, K.SHARED_EVIDENCE: shared_ids}
    return await order_risk.apply(
        referral=referral, advocate_id=link.advocate_id, found=found, evidence=ev,
        settings=settings, now=now, actor=actor, conn=conn, members=members, new=new,
    )  # fmt: skip
