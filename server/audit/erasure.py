"""The one audited exception to the append-only audit log: pseudonymising personal data.

The database refuses every UPDATE and DELETE of `audit_event` and `ledger_entry` (triggers of
migration 0006). A future GDPR erasure use-case calls `pseudonymise` in its own transaction:
it opens an `audit_erasure` row, which lets *that transaction* rewrite the personal columns of
audit events (`actor_id`, `ip_hash`, `diff`) and nothing else (what happened, to what and when
stay), closes the row and records an `audit.pseudonymise` event. Ledger rows hold no personal
data (amounts and row ids only) and stay untouchable even during an erasure: erasing a
person never changes money. On PostgreSQL the open row is invisible to other transactions
until it commits closed; on SQLite writers run one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.models import AuditErasure, AuditEvent
from server.audit.service import Actor
from server.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Erasure:
    erasure: AuditErasure
    events: int


def scrub(value: object, secrets: Sequence[str], pseudonym: str) -> object:
    """`value` with every string containing one of `secrets` replaced by `pseudonym`."""
    if isinstance(value, str):
        lowered = value.lower()
        return pseudonym if any(s.lower() in lowered for s in secrets) else value
    if isinstance(value, list):
        return [scrub(v, secrets, pseudonym) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, secrets, pseudonym) for k, v in value.items()}
    return value


async def pseudonymise(
    *,
    event_ids: Sequence[int],
    secrets: Sequence[str],
    pseudonym: str,
    actor_id: str | None,
    reason: str,
    actor: Actor,
    now: datetime,
) -> Erasure:
    """Rewrite the personal columns of the given audit events: values in `diff` containing
    one of `secrets` (an email, a name) become `pseudonym`, the IP hash is dropped, and the
    acting id becomes `pseudonym` when it is `actor_id`."""
    why = reason.strip()
    if not 1 <= len(why) <= 500:
        raise InvalidInput("Give a reason (1-500 characters).", field="reason")
    if not pseudonym or any(len(s) < 3 for s in secrets):
        raise InvalidInput("Give a pseudonym and secrets of 3+ characters.")
    async with in_transaction() as conn:
        erasure = await AuditErasure.create(
            reason=why, requested_by=actor.id, started_at=now, using_db=conn
        )
        changed = 0
        for event in await AuditEvent.filter(id__in=list(event_ids)).using_db(conn):
            changed += await (
                AuditEvent.filter(id=event.id)
                .using_db(conn)
                .update(
                    diff=scrub(event.diff, secrets, pseudonym),
                    ip_hash=None,
                    actor_id=pseudonym
                    if actor_id is not None and event.actor_id == actor_id
                    else event.actor_id,
                )
            )
        await (
            AuditErasure.filter(id=erasure.id)
            .using_db(conn)
            .update(events=changed, finished_at=now)
        )
        erasure.events, erasure.finished_at = changed, now
        await audit.record(
            actor=actor,
            action="audit.pseudonymise",
            target=erasure,
            now=now,
            changes={"events": [None, changed], "reason": [None, why]},
            using=conn,
        )
    return Erasure(erasure=erasure, events=changed)
