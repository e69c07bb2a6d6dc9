"""Suppressed addresses, keyed by the canonical inbox (server/identity.py): an unsubscribe
stops all but transactional mail; a hard bounce or a complaint stops everything."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.exceptions import IntegrityError

from server.clock import Clock
from server.email.models import EmailSuppression, SuppressionReason
from server.identity import canonical_email

R = SuppressionReason
_STRENGTH = {R.UNSUBSCRIBED: 1, R.BOUNCED: 2, R.COMPLAINED: 2}


async def reasons_for(address_keys: Iterable[str]) -> dict[str, SuppressionReason]:
    """Why each of these addresses is suppressed (the suppressed ones only)."""
    found = EmailSuppression.filter(address_key__in=list(address_keys))
    return {key: R(reason) for key, reason in await found.values_list("address_key", "reason")}


async def suppress(
    *, address: str, reason: SuppressionReason, detail: str, clock: Clock
) -> EmailSuppression:
    """Idempotent; a stronger reason replaces a weaker one (an unsubscribed address that
    bounces is then bounced), never the other way round."""
    key = canonical_email(address)
    for _ in range(2):
        row = await EmailSuppression.get_or_none(address_key=key)
        if row is not None:
            if _STRENGTH[reason] > _STRENGTH[row.reason]:
                await EmailSuppression.filter(id=row.id).update(reason=reason, detail=detail[:500])
                row.reason = reason
            return row
        try:
            return await EmailSuppression.create(
                address_key=key, reason=reason, detail=detail[:500], created_at=clock.now()
            )
        except IntegrityError:
            continue  # a concurrent suppression of the same inbox won
    return await EmailSuppression.get(address_key=key)


async def lift(*, address: str) -> bool:
    return bool(await EmailSuppression.filter(address_key=canonical_email(address)).delete())
