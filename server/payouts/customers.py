"""Which Stripe customer an advocate or a referred friend is: set through GraphQL or an
advocate import, read by the Stripe credit job (server/payouts/stripe_credit.py)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.advocates.rules import validate_stripe_customer
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import InvalidState, NotFound
from server.referrals.models import Referral


async def set_for_advocate(
    *, advocate_id: int, customer_id: str | None, actor: Actor, clock: Clock
) -> Advocate:
    value = validate_stripe_customer(customer_id)
    now = clock.now()
    async with in_transaction() as conn:
        advocate = await Advocate.select_for_update().using_db(conn).get_or_none(id=advocate_id)
        if advocate is None:
            raise NotFound("No such advocate.", field="advocateId")
        if advocate.erased_at is not None:
            raise InvalidState("This advocate was erased.", field="advocateId")
        if advocate.stripe_customer_id == value:
            return advocate
        before, advocate.stripe_customer_id = advocate.stripe_customer_id, value
        await advocate.save(update_fields=["stripe_customer_id"], using_db=conn)
        await audit.record(
            actor=actor,
            action="advocate.stripe_customer",
            target=advocate,
            now=now,
            changes={"stripe_customer_id": [before, value]},
            using=conn,
        )
    return advocate


async def set_for_friend(
    *, referral_id: int, customer_id: str | None, actor: Actor, clock: Clock
) -> Referral:
    value = validate_stripe_customer(customer_id)
    now = clock.now()
    async with in_transaction() as conn:
        referral = await Referral.select_for_update().using_db(conn).get_or_none(id=referral_id)
        if referral is None:
            raise NotFound("No such referral.", field="referralId")
        if referral.friend_erased_at is not None:
            raise InvalidState("This friend was erased.", field="referralId")
        if referral.friend_stripe_customer_id == value:
            return referral
        before, referral.friend_stripe_customer_id = referral.friend_stripe_customer_id, value
        await referral.save(update_fields=["friend_stripe_customer_id"], using_db=conn)
        await audit.record(
            actor=actor,
            action="referral.friend_stripe_customer",
            target=referral,
            now=now,
            changes={"friend_stripe_customer_id": [before, value]},
            using=conn,
        )
    return referral
