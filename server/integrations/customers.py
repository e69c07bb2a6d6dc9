"""What provider customers brought (visit token, code, coupon, email), so that their later
events (a subscription's renewals, a Shopify order after sign-up) find the friend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise.exceptions import IntegrityError

from server.integrations.models import IntegrationCustomer
from server.integrations.rules import Touches

if TYPE_CHECKING:
    from server.integrations.service import Inbound


async def remember(
    inbound: Inbound, customer_id: str | None, touches: Touches, email: str | None
) -> None:
    """Keep what a provider customer brought; what they bring later fills in, never erases."""
    if not customer_id:
        return
    now = inbound.clock.now()
    values: dict[str, Any] = {
        "visit_token": touches.visit_token,
        "referral_code": touches.referral_code,
        "coupon_code": touches.coupon_code,
        "email": email[:320] if email else None,
    }
    known = await IntegrationCustomer.get_or_none(
        provider=inbound.provider, customer_id=customer_id
    )
    if known is None:
        try:
            await IntegrationCustomer.create(
                provider=inbound.provider, customer_id=customer_id, updated_at=now, **values
            )
            return
        except IntegrityError:
            known = await IntegrationCustomer.get(
                provider=inbound.provider, customer_id=customer_id
            )
    fresh = {k: v for k, v in values.items() if v and getattr(known, k) != v}
    if fresh:
        await IntegrationCustomer.filter(id=known.id).update(updated_at=now, **fresh)


@dataclass(frozen=True, slots=True)
class Known:
    touches: Touches
    email: str | None


async def recall(inbound: Inbound, customer_id: str | None) -> Known | None:
    """What an earlier event of this customer brought; None for a customer never seen."""
    if not customer_id:
        return None
    known = await IntegrationCustomer.get_or_none(
        provider=inbound.provider, customer_id=customer_id
    )
    if known is None:
        return None
    return Known(Touches(known.visit_token, known.referral_code, known.coupon_code), known.email)
