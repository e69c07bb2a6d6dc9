"""GDPR erasure: pseudonymise an advocate or a referred friend everywhere, in one transaction.

What identifies the person (email, canonical email, name, external id, Stripe customer id,
vanity and coupon codes, portal token, hashed IPs and user agents) is replaced by a random
pseudonym or cleared; rows, ids, amounts, statuses and times stay, so the ledger still balances
(`vouch verify-ledger`), analytics count the same, and the audit trail keeps its structure
(server/audit/erasure.py: the one audited exception to the append-only log). Irreversible:
the pseudonym is random, nothing maps it back. A second erasure is refused (INVALID_STATE).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server import db
from server.advocates.models import Advocate
from server.analytics.models import Visitor
from server.audit import service as audit
from server.audit.erasure import pseudonymise, scrub
from server.audit.models import AuditEvent
from server.audit.service import Actor
from server.clock import Clock
from server.email.models import EmailMessage, EmailSuppression, UnsubscribeLink
from server.errors import InvalidInput, InvalidState, NotFound
from server.fraud.models import AdvocateEvidence, AdvocateSession, RefusedEdge
from server.payouts.models import StripeCredit
from server.referrals.models import Click, LinkStatus, Referral, ReferralLink
from server.rewards.models import Reward
from server.webhooks.models import WebhookEvent

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never a real inbox
MIN_SECRET = 3  # shorter strings (initials) are not searched for: they would match everything


@dataclass(frozen=True, slots=True)
class Erased:
    pseudonym: str
    erased_at: datetime
    audit_events: int


def _pseudonym() -> str:
    return "erased-" + secrets.token_hex(8)


def _secrets(values: Iterable[str | None]) -> list[str]:
    return sorted({v.strip() for v in values if v and len(v.strip()) >= MIN_SECRET})


def _reason(reason: str) -> str:
    why = reason.strip()
    if not 1 <= len(why) <= 500:
        raise InvalidInput("Give a reason (1-500 characters).", field="reason")
    return why


@asynccontextmanager
async def _overwriting() -> AsyncIterator[None]:
    """SQLite keeps old row bytes in freed page space and in its write-ahead log: erase with
    `secure_delete` on (freed space is zeroed), then checkpoint the log into the file and empty
    it, so the person's data is gone from the disk too. PostgreSQL reclaims dead row versions at
    its next (auto)vacuum."""
    conn = db.connection()
    sqlite = conn.capabilities.dialect == "sqlite"
    if sqlite:
        await conn.execute_script("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        if sqlite:
            await conn.execute_script("PRAGMA secure_delete = OFF")
            await conn.execute_query("PRAGMA wal_checkpoint(TRUNCATE)")


async def erase_advocate(*, advocate_id: int, reason: str, actor: Actor, clock: Clock) -> Erased:
    async with _overwriting():
        return await _erase_advocate(advocate_id, reason, actor, clock)


async def erase_friend(*, referral_id: int, reason: str, actor: Actor, clock: Clock) -> Erased:
    """The friend of `referral_id`, in every referral that names the same person (their inbox,
    external id or Stripe customer) across campaigns."""
    async with _overwriting():
        return await _erase_friend(referral_id, reason, actor, clock)


async def _erase_advocate(advocate_id: int, reason: str, actor: Actor, clock: Clock) -> Erased:
    why = _reason(reason)
    now = clock.now()
    pseudonym = _pseudonym()
    email = f"{pseudonym}@{ERASED_DOMAIN}"
    async with in_transaction() as conn:
        advocate = await Advocate.select_for_update().using_db(conn).get_or_none(id=advocate_id)
        if advocate is None:
            raise NotFound("No such advocate.", field="advocateId")
        if advocate.erased_at is not None:
            raise InvalidState("This advocate was already erased.", field="advocateId")
        links = await ReferralLink.filter(advocate_id=advocate.id).using_db(conn)
        found = _secrets([
            advocate.email, advocate.email_key, advocate.name, advocate.external_id,
            advocate.stripe_customer_id,
            *(link.vanity_code for link in links), *(link.coupon_code for link in links),
        ])  # fmt: skip
        await (
            Advocate.filter(id=advocate.id)
            .using_db(conn)
            .update(email=email, email_key=email, name="", external_id=None,
                    stripe_customer_id=None, erased_at=now)
        )  # fmt: skip
        link_ids = [link.id for link in links]
        # The link stops working: no new referrals, no portal, no codes that spell a name.
        await (
            ReferralLink.filter(id__in=link_ids)
            .using_db(conn)
            .update(portal_token_hash=None, vanity_code=None, coupon_code=None,
                    status=LinkStatus.BLOCKED)
        )  # fmt: skip
        await AdvocateSession.filter(advocate_id=advocate.id).using_db(conn).delete()
        # Unsubscribe links in emails already sent stop working; a re-enrolment gets new ones.
        await UnsubscribeLink.filter(advocate_id=advocate.id).using_db(conn).delete()
        await AdvocateEvidence.filter(advocate_id=advocate.id).using_db(conn).delete()
        refused = Q(advocate_id=advocate.id) | Q(friend_id=advocate.id)
        await RefusedEdge.filter(refused).using_db(conn).delete()
        referral_ids = [
            r.id for r in await Referral.filter(link_id__in=link_ids).using_db(conn).only("id")
        ]
        reward_ids = [
            r.id for r in await Reward.filter(advocate_id=advocate.id).using_db(conn).only("id")
        ]
        await _scrub_rows(found, pseudonym, referral_ids, reward_ids, conn)
        why = str(scrub(why, found, pseudonym))
        await audit.record(
            actor=actor, action="advocate.erase", target=advocate, now=now,
            changes={"erased_at": [None, now], "reason": [None, why]}, using=conn,
        )  # fmt: skip
        targets = [("Advocate", [advocate.id]), ("ReferralLink", link_ids)]
        events = await _audit_candidates(found, targets, str(advocate.id), conn)
        done = await pseudonymise(
            event_ids=events, secrets=found or [pseudonym], pseudonym=pseudonym, actor_id=None,
            reason=f"erasure of advocate {advocate.id}: {why}"[:500], actor=actor, now=now,
        )  # fmt: skip
    return Erased(pseudonym=pseudonym, erased_at=now, audit_events=done.events)


async def _erase_friend(referral_id: int, reason: str, actor: Actor, clock: Clock) -> Erased:
    why = _reason(reason)
    now = clock.now()
    pseudonym = _pseudonym()
    email = f"{pseudonym}@{ERASED_DOMAIN}"
    async with in_transaction() as conn:
        first = await Referral.select_for_update().using_db(conn).get_or_none(id=referral_id)
        if first is None:
            raise NotFound("No such referral.", field="referralId")
        if first.friend_erased_at is not None:
            raise InvalidState("This friend was already erased.", field="referralId")
        same = await _same_friend(first, conn)
        found = _secrets(
            value
            for r in same
            for value in (r.friend_email, r.friend_key, r.friend_name, r.friend_external_id,
                          r.friend_stripe_customer_id)
        )  # fmt: skip
        ids = [r.id for r in same]
        await (
            Referral.filter(id__in=ids)
            .using_db(conn)
            .update(friend_email=email, friend_key=email, friend_name="", friend_external_id=None,
                    friend_stripe_customer_id=None, ip_hash=None, ua_hash=None,
                    net_hash=None, device_hash=None, payment_hash=None, phone_hash=None,
                    address_hash=None, friend_erased_at=now)
        )  # fmt: skip
        await _unlink_clicks([r.click_id for r in same if r.click_id is not None], conn)
        friend_rewards = await Reward.filter(referral_id__in=ids, advocate_id=None).using_db(conn)
        await _scrub_rows(found, pseudonym, ids, [r.id for r in friend_rewards], conn)
        why = str(scrub(why, found, pseudonym))
        first.friend_email, first.friend_external_id, first.friend_name = email, None, ""
        await audit.record(
            actor=actor, action="referral.erase_friend", target=first, now=now,
            changes={"friend_erased_at": [None, now], "reason": [None, why]}, using=conn,
        )  # fmt: skip
        events = await _audit_candidates(found, [("Referral", ids)], None, conn)
        done = await pseudonymise(
            event_ids=events, secrets=found or [pseudonym], pseudonym=pseudonym, actor_id=None,
            reason=f"erasure of the friend of referral {first.id}: {why}"[:500], actor=actor,
            now=now,
        )  # fmt: skip
    return Erased(pseudonym=pseudonym, erased_at=now, audit_events=done.events)


async def _unlink_clicks(click_ids: list[int], conn: BaseDBAsyncClient) -> None:
    """The friend's clicks get a random network and device instead of their hashed ones, and
    so does every click with the same pair: distinct-visitor counts stay exactly as they were,
    and nothing links the clicks to the person any more."""
    pairs = {(c.ip_hash, c.ua_hash) for c in await Click.filter(id__in=click_ids).using_db(conn)}
    for ip_hash, ua_hash in pairs:
        new_ip, new_ua = secrets.token_hex(16), secrets.token_hex(16)
        await (
            Click.filter(ip_hash=ip_hash, ua_hash=ua_hash)
            .using_db(conn)
            .update(ip_hash=new_ip, ua_hash=new_ua)
        )
        # The first-seen visitors table keys a visitor by the same pair (rollups.ClickFact).
        await (
            Visitor.filter(visitor=ip_hash + ua_hash).using_db(conn).update(visitor=new_ip + new_ua)
        )


async def _same_friend(first: Referral, conn: BaseDBAsyncClient) -> list[Referral]:
    from tortoise.expressions import Q

    match = Q(id=first.id)
    if first.friend_key:
        match |= Q(friend_key=first.friend_key)
    if first.friend_email:
        match |= Q(friend_email=first.friend_email)
    if first.friend_external_id:
        match |= Q(friend_external_id=first.friend_external_id)
    rows = await Referral.filter(match, friend_erased_at__isnull=True).using_db(conn)
    return list(rows)


async def _scrub_rows(
    found: Sequence[str],
    pseudonym: str,
    referral_ids: list[int],
    reward_ids: list[int],
    conn: BaseDBAsyncClient,
) -> None:
    """Free text and JSON staff or rules wrote about the person: review and reject notes, fraud
    signals, attribution records, webhook payloads and Stripe credit rows."""
    if not found:
        return
    for r in await Referral.filter(id__in=referral_ids).using_db(conn):
        notes = scrub(r.review_note, found, pseudonym)
        signals = scrub(r.risk_signals, found, pseudonym)
        attribution = scrub(r.attribution, found, pseudonym)
        if (notes, signals, attribution) != (r.review_note, r.risk_signals, r.attribution):
            await (
                Referral.filter(id=r.id)
                .using_db(conn)
                .update(review_note=notes, risk_signals=signals, attribution=attribution)
            )
    for w in await Reward.filter(id__in=reward_ids).using_db(conn):
        note = scrub(w.reject_note, found, pseudonym)
        if note != w.reject_note:
            await Reward.filter(id=w.id).using_db(conn).update(reject_note=note)
    await (
        StripeCredit.filter(reward_id__in=reward_ids, customer_id__in=list(found))
        .using_db(conn)
        .update(customer_id=pseudonym)
    )
    for event_id in await _matching("webhook_event", "payload", found, conn):
        event = await WebhookEvent.get(id=event_id, using_db=conn)
        payload = scrub(event.payload, found, pseudonym)
        await WebhookEvent.filter(id=event_id).using_db(conn).update(payload=payload)
    await _scrub_emails(found, pseudonym, conn)


async def _scrub_emails(found: Sequence[str], pseudonym: str, conn: BaseDBAsyncClient) -> None:
    """Emails to the person (address and rendered data) and emails quoting them (a friend's
    name in "your friend signed up"); their suppression row goes: no address, no one to mail."""
    erased = f"{pseudonym}@{ERASED_DOMAIN}"
    keys = [*found, *(f.lower() for f in found)]
    await EmailSuppression.filter(address_key__in=keys).using_db(conn).delete()
    to_them = Q(to_address__in=keys) | Q(to_key__in=keys)
    await EmailMessage.filter(to_them).using_db(conn).update(to_address=erased, to_key=erased)
    for message_id in await _matching("email_message", "data", found, conn):
        message = await EmailMessage.get(id=message_id, using_db=conn)
        data = scrub(message.data, found, pseudonym)
        await EmailMessage.filter(id=message_id).using_db(conn).update(data=data)


async def _audit_candidates(
    found: Sequence[str],
    targets: list[tuple[str, list[int]]],
    advocate_actor: str | None,
    conn: BaseDBAsyncClient,
) -> list[int]:
    """Audit events about the person's rows, done by them (the portal), or quoting them."""
    ids: set[int] = set()
    for target_type, pks in targets:
        about = AuditEvent.filter(target_type=target_type, target_id__in=[str(p) for p in pks])
        ids.update(e.id for e in await about.using_db(conn).only("id"))
    if advocate_actor is not None:
        by = AuditEvent.filter(actor_kind="advocate", actor_id=advocate_actor)
        ids.update(e.id for e in await by.using_db(conn).only("id"))
    ids.update(await _matching("audit_event", "diff", found, conn))
    return sorted(int(i) for i in ids)


async def _matching(
    table: str,
    column: str,
    found: Sequence[str],
    conn: BaseDBAsyncClient,
) -> set[int]:
    """Ids of rows whose JSON `column` contains one of `found` (any case), in one scan. SQLite
    keeps JSON as ASCII-escaped text, so each value is searched for as written and as JSON
    escapes it."""
    if not found:
        return set()
    needles = sorted({n for value in found for n in (value, json.dumps(value)[1:-1])})
    patterns = [
        "%" + n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for n in needles
    ]
    if conn.capabilities.dialect == "postgres":
        tests = [f"{column}::text ILIKE ${i} ESCAPE '\\'" for i in range(1, len(patterns) + 1)]
    else:
        tests = [f"{column} LIKE ? ESCAPE '\\'"] * len(patterns)
    sql = f"SELECT id FROM {table} WHERE " + " OR ".join(tests)  # noqa: S608 - names are ours
    _, rows = await conn.execute_query(sql, patterns)
    return {int(row["id"]) for row in rows}
