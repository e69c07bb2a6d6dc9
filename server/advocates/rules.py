"""Pure advocate presentation rules."""

from __future__ import annotations

import re

from server.errors import InvalidInput


def first_name(name: str) -> str:
    """Enough to cheer someone in public without exposing them."""
    return (name.split() or ["An advocate"])[0]


STRIPE_CUSTOMER = re.compile(r"^cus_[A-Za-z0-9]{1,250}$")


def validate_stripe_customer(raw: str | None, field: str = "customerId") -> str | None:
    """A Stripe customer id (cus_...), or None to clear it."""
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if not STRIPE_CUSTOMER.match(value):
        raise InvalidInput("A Stripe customer id looks like cus_ followed by letters and digits.",
                           field=field)  # fmt: skip
    return value
