"""Which Stripe customer an advocate or a referred friend is: set through GraphQL or an
advocate import, read by the Stripe credit job (server/payouts/stripe_credit.py)."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model
from tortoise.transactions import in_transaction

from server.advocates.models import Advocate
from server.advocates.rules import validate_stripe_customer
from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import InvalidState, NotFound
from server.referrals.models import Referral

M = TypeVar("M", bound=Model)


async def set_for_advocate(
    *, advocate_id: int, customer_id: str | None, actor: Actor, clock: Clock
) -> Advocate:
    advocate: Advocate = await _set(
        Advocate, advocate_id, customer_id, actor, clock,
        column="stripe_customer_id", erased="erased_at", action="advocate.stripe_customer",
        field="advocateId", what="advocate",
    )  # fmt: skip
    return advocate


async def set_for_friend(
    *, referral_id: int, customer_id: str | None, actor: Actor, clock: Clock
) -> Referral:
    referral: Referral = await _set(
        Referral, referral_id, customer_id, actor, clock,
        column="friend_stripe_customer_id", erased="friend_erased_at",
        action="referral.friend_stripe_customer", field="referralId", what="friend",
    )  # fmt: skip
    return referral


async def _set(
    model: type[M],
    pk: int,
    customer_id: str | None,
    actor: Actor,
    clock: Clock,
    *,
    column: str,
    erased: str,
    action: str,
    field: str,
    what: str,
) -> M:
    """Compare-and-set one Stripe customer column under the row lock, audited."""
    value = validate_stripe_customer(customer_id)
    now = clock.now()
    async with in_transaction() as conn:
        row = await model.select_for_update().using_db(conn).get_or_none(id=pk)
        if row is None:
            raise NotFound(f"No such {'referral' if what == 'friend' else what}.", field=field)
        if getattr(row, erased) is not None:
            raise InvalidState(f"This {what} was erased.", field=field)
        before = getattr(row, column)
        if before == value:
            return row
        setattr(row, column, value)
        await row.save(update_fields=[column], using_db=conn)
        await audit.record(
            actor=actor, action=action, target=row, now=now,
            changes={column: [before, value]}, using=conn,
        )  # fmt: skip
    return row
