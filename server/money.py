"""Money, in one place: which currencies exist, how many minor units each has, how an amount
reads. Everything comes from babel's copy of CLDR (ISO 4217 codes, their minor-unit digits and
where they are legal tender), so the server, the API and every client agree."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel.core import get_global
from babel.numbers import format_currency, get_currency_precision, get_territory_currencies

from server.errors import InvalidInput

LOCALE = "en_US"  # how `formatted` reads; one locale for every client (no per-viewer locale yet)


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes that are legal tender somewhere today: USD, KWD, JPY... but not a fund
    or metal code (XAU, XDR), a test code (XTS), a withdrawn one (DEM, HRK) or a made-up one."""
    found: set[str] = set()
    for territory in get_global("territory_currencies"):
        found.update(get_territory_currencies(territory, tender=True, non_tender=False))
    return frozenset(found)


def validate_currency(currency: str, field: str = "currency") -> str:
    """An ISO 4217 code in circulation, upper-cased."""
    code = currency.strip().upper()
    if code not in currencies():
        raise InvalidInput(
            "The currency must be an ISO 4217 code in circulation (e.g. USD, EUR, JPY).",
            field=field,
        )
    return code


def exponent(currency: str) -> int:
    """Minor-unit digits: 2 for USD, 3 for KWD, 0 for JPY and PYG."""
    return int(get_currency_precision(currency))


def major(amount: int, currency: str) -> Decimal:
    """Minor units as an exact decimal of major units: 1234 KWD -> 1.234."""
    return Decimal(amount).scaleb(-exponent(currency))


def format_money(amount: int, currency: str) -> str:
    """$12.50, ¥5,000, KWD1.234, -€15.05: the currency's own digits, never a float."""
    return format_currency(major(amount, currency), currency, locale=LOCALE)


def minor_units(value: str | int | Decimal, currency: str) -> int:
    """A provider's major-unit amount ("199.00" USD, "5000" JPY, "1.234" KWD) as exact minor
    units by the currency's exponent; refuses more digits than the currency has."""
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        raise InvalidInput("Not a decimal amount.", field="amount") from None
    scaled = amount.scaleb(exponent(currency))
    if not amount.is_finite() or scaled != scaled.to_integral_value():
        raise InvalidInput(
            f"{value} has more decimals than {currency} allows.", field="amount"
        ) from None
    return int(scaled)
