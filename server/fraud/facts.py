"""The queries that gather facts for screening: each one indexed and bounded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from server.audit.models import AuditEvent
from server.fraud import patterns
from server.fraud.evidence import Evidence
from server.fraud.models import AdvocateEvidence, AdvocateSession, BlocklistEntry, RefusedEdge
from server.fraud.rules import BlockKind
from server.identity import canonical_email, email_stem, name_key, names_alike
from server.referrals.models import Referral, ReferralLink, ReferralStatus

RING_ROWS = 1000  # per hop: enough for any real ring, bounded for a pathological graph
RECENT_ROWS = 300  # an advocate's referrals looked at for bursts, networks and look-alikes
SHARED_ROWS = 50
WINDOW = timedelta(days=7)
SHARED_WINDOW = timedelta(days=30)


async def blocklist_hits(
    *,
    friend_email: str | None,
    ip_hashes: list[str],
    advocate_id: int | None,
    conn: BaseDBAsyncClient | None,
    net_hashes: list[str] | None = None,
) -> tuple[list[str], bool]:
    """Why the blocklist matches, and whether a blocked address's network matches."""
    wanted = Q(kind=BlockKind.EMAIL)
    if friend_email:
        parts = patterns.domain_of(friend_email).split(".")
        parents = [".".join(parts[i:]) for i in range(len(parts) - 1)]
        wanted |= Q(kind=BlockKind.DOMAIN, pattern__in=parents)
    if ip_hashes:
        wanted |= Q(kind=BlockKind.IP_HASH, pattern__in=ip_hashes)
    if net_hashes:
        wanted |= Q(kind=BlockKind.IP_HASH, network_hash__in=net_hashes)
    if advocate_id is not None:
        wanted |= Q(kind=BlockKind.ADVOCATE, pattern=str(advocate_id))
    entries = await BlocklistEntry.filter(wanted).using_db(conn).order_by("id")
    hits = patterns.blocklist_hits(
        [patterns.BlockEntry(e.kind, e.pattern, e.reason) for e in entries],
        friend_email=friend_email,
        ip_hashes=ip_hashes,
        advocate_id=advocate_id,
    )
    near = any(e.network_hash in (net_hashes or ()) for e in entries if e.network_hash)
    return hits, near


async def ring(
    advocate_email: str, friend_email: str, max_people: int, test: bool, conn: BaseDBAsyncClient
) -> list[str] | None:
    """Walk who-referred-whom from the friend, up to max_people - 1 hops, across campaigns:
    referrals, and referrals of an advocate that were refused (refusals.py)."""
    referred: dict[str, set[str]] = {}
    seen = {canonical_email(friend_email)}
    frontier = set(seen)
    for _ in range(max_people - 1):
        rows = (
            await Referral.filter(link__advocate__email_key__in=sorted(frontier), test=test)
            .exclude(friend_key=None)
            .using_db(conn)
            .order_by("id")
            .limit(RING_ROWS)
            .values_list("link__advocate__email_key", "friend_key")
        )
        # Attempts refused because the friend was an advocate of that campaign (refusals.py).
        refused = (
            await RefusedEdge.filter(advocate__email_key__in=sorted(frontier), test=test)
            .using_db(conn)
            .order_by("id")
            .limit(RING_ROWS)
            .values_list("advocate__email_key", "friend__email_key")
        )
        edges = [(str(who), str(whom)) for who, whom in [*rows, *refused] if whom]
        for who, whom in edges:
            referred.setdefault(who, set()).add(whom)
        frontier = {whom for _, whom in edges} - seen
        seen |= frontier
        if not frontier:
            break
    return patterns.ring_path(
        canonical_email(advocate_email), canonical_email(friend_email), referred, max_people
    )


async def ring_edges(path: list[str], test: bool, conn: BaseDBAsyncClient) -> list[int]:
    """The referrals that are the cycle's earlier edges (all but advocate -> friend)."""
    edges = list(zip(path[1:], [*path[2:], path[0]], strict=True))
    wanted = Q(id=-1)
    for who, whom in edges:
        wanted |= Q(link__advocate__email_key=who, friend_key=whom)
    rows = await Referral.filter(wanted, test=test).using_db(conn).values("id")
    return [int(r["id"]) for r in rows]


async def seen_on_device(
    advocate_id: int,
    pairs: set[tuple[str | None, str | None]],
    since: datetime,
    conn: BaseDBAsyncClient,
) -> bool:
    known = sorted((ip, ua) for ip, ua in pairs if ip is not None and ua is not None)
    if not known:
        return False
    wanted = Q(id=-1)
    for ip, ua in known:
        wanted |= Q(ip_hash=ip, ua_hash=ua)
    sessions = AdvocateSession.filter(wanted, advocate_id=advocate_id, seen_at__gte=since)
    return await sessions.using_db(conn).exists()


async def advocate_evidence(
    advocate_id: int, evidence: Evidence | None, conn: BaseDBAsyncClient
) -> tuple[str, ...]:
    """Which of the friend's identifiers (device, payment, phone) are the advocate's own."""
    given = {k: v for k, v in (evidence.given() if evidence else {}).items() if k != "address"}
    if not given:
        return ()
    rows = await (
        AdvocateEvidence.filter(advocate_id=advocate_id, value_hash__in=sorted(given.values()))
        .using_db(conn)
        .values_list("kind", "value_hash")
    )
    return tuple(sorted({str(k) for k, v in rows if given.get(str(k)) == v}))


@dataclass(frozen=True, slots=True)
class Recent:
    """An advocate's referrals of the last 7 days, and the groups the new friend joins."""

    last_hour: list[int]
    last_day: list[int]
    network: list[int]
    stem: list[int]
    names: list[int]


async def recent(
    *,
    advocate_id: int,
    test: bool,
    now: datetime,
    friend_email: str | None,
    friend_name: str,
    net_hash: str | None,
    conn: BaseDBAsyncClient,
) -> Recent:
    """One query: bursts (velocity), networks, sequential addresses and look-alike names."""
    rows = (
        await Referral.filter(
            link__advocate_id=advocate_id,
            test=test,
            created_at__gt=now - WINDOW,
            created_at__lte=now,
        )
        .using_db(conn)
        .order_by("-created_at")
        .limit(RECENT_ROWS)
        .values_list("id", "created_at", "friend_key", "friend_name", "net_hash")
    )
    stem = email_stem(friend_email) if friend_email else None
    name = name_key(friend_name)
    hour, day, network, stems, names = [], [], [], [], []
    for rid, created, key, other_name, net in rows:
        if created > now - timedelta(hours=1):
            hour.append(rid)
        if created > now - timedelta(days=1):
            day.append(rid)
        if net_hash is not None and net == net_hash:
            network.append(rid)
        if (
            stem is not None
            and key
            and key != canonical_email(friend_email or "")
            and (email_stem(key) == stem)
        ):
            stems.append(rid)
        if len(name) > 3 and other_name and names_alike(name, name_key(other_name)):
            names.append(rid)
    return Recent(hour, day, network, stems, names)


async def shared_evidence(
    *, evidence: Evidence | None, friend_key: str | None, test: bool, now: datetime,
    conn: BaseDBAsyncClient, exclude_id: int | None = None,
) -> tuple[list[int], int, str]:  # fmt: skip
    """Other friends (other inboxes) who used this device, card or phone within 30 days:
    (their referral ids, how many people in all, which identifier)."""
    given = {k: v for k, v in (evidence.given() if evidence else {}).items() if k != "address"}
    if not given:
        return [], 0, ""
    wanted = Q(id=-1)
    for kind, value in given.items():
        wanted |= Q(**{f"{kind}_hash": value})
    query = Referral.filter(wanted, test=test, created_at__gte=now - SHARED_WINDOW)
    if friend_key:
        query = query.exclude(friend_key=friend_key)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    rows = (
        await query.using_db(conn)
        .limit(SHARED_ROWS)
        .values_list("id", "friend_key", "device_hash", "payment_hash", "phone_hash")
    )
    if not rows:
        return [], 0, ""
    people = {str(r[1] or r[0]) for r in rows}
    kinds = {
        kind
        for r in rows
        for kind, value in zip(("device", "payment", "phone"), r[2:], strict=True)
        if value is not None and given.get(kind) == value
    }
    what = " and ".join(sorted(kinds)).replace("payment", "payment card")
    return [int(r[0]) for r in rows], 1 + len(people), what


async def kept_touches(referral_ids: list[int], conn: BaseDBAsyncClient) -> set[int]:
    """Links of other advocates the friend came through later, whose signups and orders
    sticky attribution kept with these referrals (audited as `referral.attribution_kept`)."""
    rows = await (
        AuditEvent.filter(
            target_type="Referral",
            target_id__in=[str(r) for r in referral_ids],
            action="referral.attribution_kept",
        )
        .using_db(conn)
        .limit(SHARED_ROWS)
        .values_list("diff", flat=True)
    )
    found: set[int] = set()
    for diff in rows:
        change = diff.get("candidate_link_id") if isinstance(diff, dict) else None
        if isinstance(change, list) and len(change) == 2 and isinstance(change[1], int):
            found.add(change[1])
    return found


async def advocates_for_friend(
    referral: Referral, link: ReferralLink, touched_link_id: int | None, conn: BaseDBAsyncClient
) -> tuple[int, list[int]]:
    """How many advocates the friend (one inbox or external id) ordered for, counting links
    sticky attribution kept with the friend's referral; and the friend's other converted
    referrals (the cluster)."""
    same_friend = Q(id=-1)
    if referral.friend_key:
        same_friend |= Q(friend_key=referral.friend_key)
    if referral.friend_external_id:
        same_friend |= Q(friend_external_id=referral.friend_external_id)
    others = (
        await Referral.filter(same_friend, converted_at__not_isnull=True, test=referral.test)
        .exclude(status=ReferralStatus.REJECTED)
        .using_db(conn)
        .values_list("id", "link__advocate_id")
    )
    advocates = {a for _, a in others} | {link.advocate_id}
    via: set[int] = set()
    if touched_link_id is not None and touched_link_id != link.id:
        via.add(touched_link_id)
    if via or any(r != referral.id for r, _ in others):  # seen with another advocate
        via |= await kept_touches([referral.id, *(r for r, _ in others)], conn)
    if via:
        advocates |= set(
            await ReferralLink.filter(id__in=sorted(via))
            .using_db(conn)
            .values_list("advocate_id", flat=True)
        )
    return len(advocates), [int(r) for r, _ in others if r != referral.id]
