"""Refunds: a compare-and-set on the refunded total, once per idempotency key."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.analytics import rollups
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns import service as campaigns
from server.clock import Clock
from server.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    Transient,
)
from server.referrals import idempotency, rules
from server.referrals.models import (
    Conversion,
    ConversionStatus,
    Refund,
)
from server.rewards import service as rewards


@dataclass(frozen=True, slots=True)
class RefundResult:
    conversion: Conversion
    replayed: bool


async def _prior_refund(
    scope: str, key: str, fingerprint: str, conn: BaseDBAsyncClient | None = None
) -> RefundResult | None:
    prior = await Refund.get_or_none(idempotency_scope=scope, idempotency_key=key, using_db=conn)
    if prior is None:
        return None
    if prior.request_hash != fingerprint:
        raise Conflict(
            "This idempotency key was used with different input.", field="idempotencyKey"
        )
    return RefundResult(await Conversion.get(id=prior.conversion_id, using_db=conn), replayed=True)


async def record_refund(
    *,
    conversion_id: int,
    amount: int,
    reason: str,
    idempotency_key: str,
    actor: Actor,
    clock: Clock,
    test_data: bool = False,
) -> RefundResult:
    key = rules.validate_idempotency_key(idempotency_key)
    scope = idempotency.scope_of(actor)
    if amount <= 0:
        raise InvalidInput("The refund amount must be positive.", field="amount")
    if len(reason) > 500:
        raise InvalidInput("The reason is at most 500 characters.", field="reason")
    fingerprint = rules.request_fingerprint("refund", conversion_id, amount, reason)
    row = await Conversion.filter(id=conversion_id).first().values("campaign_id")
    for _ in range(3):
        # Read again on every attempt: a retry happens later than the first try.
        now = await campaigns.now_for(int(row["campaign_id"]) if row else None, clock)
        prior = await _prior_refund(scope, key, fingerprint)
        if prior is not None:
            return prior
        try:
            async with in_transaction() as conn:
                await idempotency.hold(conn, kind="refund", scope=scope, key=key)
                prior = await _prior_refund(scope, key, fingerprint, conn)
                if prior is not None:
                    return prior
                conversion = await Conversion.get_or_none(id=conversion_id, using_db=conn)
                if conversion is None:
                    raise NotFound("No such conversion.", field="conversionId")
                campaign_rules.check_write_mode(
                    campaign_test=conversion.test, key_test=actor.key_test, asked_test=test_data
                )
                rules.check_refundable(
                    amount, conversion.amount - conversion.refunded_amount, conversion.currency
                )
                refunded = conversion.refunded_amount + amount
                status = (
                    ConversionStatus.REFUNDED
                    if refunded == conversion.amount
                    else ConversionStatus.PARTIALLY_REFUNDED
                )
                # Compare-and-set on the refunded total: two refunds cannot both read the old sum.
                won = (
                    await Conversion.filter(
                        id=conversion.id, refunded_amount=conversion.refunded_amount
                    )
                    .using_db(conn)
                    .update(refunded_amount=refunded, status=status)
                )
                if not won:
                    raise IntegrityError("refund raced")
                refund = await Refund.create(
                    conversion_id=conversion.id,
                    amount=amount,
                    reason=reason,
                    idempotency_scope=scope,
                    idempotency_key=key,
                    request_hash=fingerprint,
                    occurred_at=now,
                    created_at=now,
                    using_db=conn,
                )
                await audit.record(
                    actor=actor,
                    action="conversion.refund",
                    target=conversion,
                    now=now,
                    changes={
                        "refunded_amount": [conversion.refunded_amount, refunded],
                        "status": [conversion.status.value, status.value],
                    },
                    using=conn,
                )
                conversion.refunded_amount, conversion.status = refunded, status
                await rollups.refunded(conn, conversion=conversion, amount=amount)
                await rewards.on_refund(
                    conversion=conversion,
                    refund_key=f"refund:{refund.id}",
                    actor=actor,
                    now=now,
                    conn=conn,
                )
                return RefundResult(conversion, replayed=False)
        except IntegrityError:
            continue
    raise Transient("The refund raced with others; send the same request again.", field="amount")
