"""Unsubscribe links: one per advocate and campaign, whose token is the row's id and a random
nonce, signed; the address is looked up when the link is used, never carried in it.

Links in emails sent before this (the canonical address, signed) keep working while that
address belongs to an enrolled advocate; once the person is erased, they do not."""

from __future__ import annotations

import secrets
from hmac import compare_digest

from tortoise.exceptions import IntegrityError

from server.advocates.models import Advocate
from server.clock import Clock
from server.email import suppression, tokens
from server.email.models import SuppressionReason, UnsubscribeLink
from server.settings import Settings


async def link(*, campaign_id: int, advocate_id: int, clock: Clock) -> UnsubscribeLink:
    """The advocate's unsubscribe link row for the campaign (made on first use)."""
    row = await UnsubscribeLink.get_or_none(campaign_id=campaign_id, advocate_id=advocate_id)
    if row is None:
        try:
            row = await UnsubscribeLink.create(
                campaign_id=campaign_id,
                advocate_id=advocate_id,
                nonce=secrets.token_urlsafe(16),
                created_at=clock.now(),
            )
        except IntegrityError:  # a concurrent send made it first
            row = await UnsubscribeLink.get(campaign_id=campaign_id, advocate_id=advocate_id)
    return row


def url(settings: Settings, row: UnsubscribeLink) -> str:
    return (
        f"{settings.public_url}/unsubscribe/{tokens.unsubscribe_token(settings, row.id, row.nonce)}"
    )


async def address(settings: Settings, token: str) -> str | None:
    """The address a valid unsubscribe link stands for, else None."""
    named = tokens.unsubscribe_link(settings, token)
    if named is not None:
        row = await UnsubscribeLink.get_or_none(id=named[0])
        if row is None or not compare_digest(row.nonce.encode(), named[1].encode()):
            return None
        advocate = await Advocate.get_or_none(id=row.advocate_id)
        return advocate.email if advocate is not None else None
    legacy = tokens.legacy_unsubscribe_address(settings, token)
    if legacy is not None and await Advocate.exists(email_key=legacy):
        return legacy
    return None


async def unsubscribe(*, settings: Settings, token: str, clock: Clock) -> bool:
    """Suppress the address behind a valid link for all but sign-in links; False if invalid."""
    found = await address(settings, token)
    if found is None:
        return False
    await suppression.suppress(
        address=found,
        reason=SuppressionReason.UNSUBSCRIBED,
        detail="unsubscribe link",
        clock=clock,
    )
    return True
