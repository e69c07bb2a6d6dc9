"""Payout files, pure: the batch files PayPal Payouts and Wise take, and reading back the
result files they give, through server/advocates/csvio.py.

- PayPal Payouts Web: no header; per line recipient email, amount (decimal with a point),
  currency, customer id (our reference), note to the recipient, wallet (PAYPAL). One currency
  per file.
- Wise batch "send by email": a header row; name, recipientEmail, paymentReference,
  receiverType, amountCurrency, amount, sourceCurrency, targetCurrency.

Every line carries the reward's reference `VOUCH-R<id>`: the result file is matched back by
it, and the amount and currency must agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from server.advocates import csvio
from server.errors import InvalidInput
from server.money import major


class Provider(StrEnum):
    PAYPAL = "paypal"
    WISE = "wise"


WISE_HEADER = ("name", "recipientEmail", "paymentReference", "receiverType", "amountCurrency",
               "amount", "sourceCurrency", "targetCurrency")  # fmt: skip
REFERENCE = re.compile(r"VOUCH-R([0-9]{1,10})\b", re.IGNORECASE)
# Result-file columns under the names each provider's reports use.
_REFERENCE_COLUMNS = {
    Provider.PAYPAL: ("customer id", "reference id", "sender item id", "sender_item_id",
                      "custom id", "note"),
    Provider.WISE: ("paymentreference", "payment reference", "reference"),
}  # fmt: skip
_ID_COLUMNS = {
    Provider.PAYPAL: (
        "transaction id",
        "payout item id",
        "payout_item_id",
        "paypal transaction id",
    ),
    Provider.WISE: ("id", "transfer id", "transferid", "transferwise id"),
}
_STATUS_COLUMNS = ("status", "transaction status", "transaction_status")
_AMOUNT_COLUMNS = ("amount", "payment amount", "target amount", "targetamount")
_CURRENCY_COLUMNS = ("currency", "currency code", "targetcurrency", "target currency")
PAID = {
    Provider.PAYPAL: frozenset({"SUCCESS", "COMPLETED"}),
    Provider.WISE: frozenset({"COMPLETED", "OUTGOING_PAYMENT_SENT", "SENT", "PAID"}),
}


@dataclass(frozen=True, slots=True)
class Payable:
    reward_id: int
    email: str
    name: str
    amount: int
    currency: str
    description: str


@dataclass(frozen=True, slots=True)
class Result:
    """One line of a provider's result file, read."""

    line: int
    reward_id: int | None
    transaction: str
    paid: bool
    amount: Decimal | None
    currency: str | None
    error: str | None = None


def parse_format(value: str) -> Provider:
    try:
        return Provider(value.strip().lower())
    except ValueError:
        raise InvalidInput("The format is paypal or wise.", field="format") from None


def reference(reward_id: int) -> str:
    return f"VOUCH-R{reward_id}"


def _decimal(amount: int, currency: str) -> str:
    return format(major(amount, currency), "f")


def export(provider: Provider, rows: list[Payable]) -> str:
    if provider is Provider.PAYPAL:
        currencies = sorted({r.currency for r in rows})
        if len(currencies) > 1:
            raise InvalidInput(
                f"PayPal takes one currency per file; these rewards are in {', '.join(currencies)}"
                ": export one currency at a time.",
                field="currency",
            )
        return csvio.write(
            [r.email, _decimal(r.amount, r.currency), r.currency, reference(r.reward_id),
             (r.description or "Your referral reward")[:4000], "PAYPAL"]
            for r in rows
        )  # fmt: skip
    return csvio.write(
        (
            [r.name or r.email, r.email, reference(r.reward_id), "PRIVATE", "target",
             _decimal(r.amount, r.currency), r.currency, r.currency]
            for r in rows
        ),
        header=WISE_HEADER,
    )  # fmt: skip


def read_results(provider: Provider, text: str) -> list[Result]:
    """Each line of a result file; a line whose reference cannot be read has `error` set."""
    header, lines = csvio.read(text)
    if not any(h in header for h in _STATUS_COLUMNS):
        raise InvalidInput("The result file needs a status column.", field="file")
    if not any(h in header for h in _REFERENCE_COLUMNS[provider]):
        raise InvalidInput(
            f"The result file needs a reference column ({_REFERENCE_COLUMNS[provider][0]}).",
            field="file",
        )
    return [_result(provider, line) for line in lines]


def _result(provider: Provider, line: csvio.Line) -> Result:
    found = REFERENCE.search(line.get(*_REFERENCE_COLUMNS[provider]))
    status = line.get(*_STATUS_COLUMNS).upper().replace(" ", "_")
    raw_amount = line.get(*_AMOUNT_COLUMNS).replace(",", "")
    amount: Decimal | None = None
    error = None if found else "no VOUCH-R reference on this line"
    if raw_amount:
        try:
            amount = abs(Decimal(raw_amount))
        except InvalidOperation:
            error = error or f"the amount {raw_amount!r} is not a number"
    currency = line.get(*_CURRENCY_COLUMNS).upper() or None
    return Result(
        line=line.number,
        reward_id=int(found.group(1)) if found else None,
        transaction=line.get(*_ID_COLUMNS[provider]),
        paid=status in PAID[provider],
        amount=amount,
        currency=currency,
        error=error,
    )
