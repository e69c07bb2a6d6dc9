"""Pure referral decisions: codes, identities, and the attribution window."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email

from server.errors import InvalidInput

# No 0/O, 1/I/L or U: nothing to confuse when a code is read aloud or typed from print.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))  # ~49 bits
VANITY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
IDEMPOTENCY_RE = re.compile(r"^[\x21-\x7e]{8,128}$")
MAX_AMOUNT = 10**15  # minor units; far above any real order, far below int64


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Group for reading aloud: 7KQ4M-XW9TB."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def normalize_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw).upper()


def is_wellformed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def validate_vanity(code: str) -> str:
    if not VANITY_RE.match(code):
        raise InvalidInput("A vanity code is 3-32 letters, digits, '-' or '_'.", field="vanityCode")
    return code.lower()


def normalize_email(raw: str, field: str = "email") -> str:
    """Syntax-checked, lower-cased address; the same person always maps to one key."""
    try:
        info = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"Not a valid email address: {exc}", field=field) from None
    return info.normalized.lower()


def normalize_external_id(raw: str | None, field: str = "externalId") -> str | None:
    if raw is None:
        return None
    value = raw.strip()
    if not value or len(value) > 128:
        raise InvalidInput("An external id is 1-128 characters.", field=field)
    return value


def validate_money(amount: int, currency: str) -> str:
    if not 0 < amount <= MAX_AMOUNT:
        raise InvalidInput("The amount must be a positive number of minor units.", field="amount")
    upper = currency.upper()
    if not CURRENCY_RE.match(upper):
        raise InvalidInput("The currency must be an ISO 4217 code.", field="currency")
    return upper


def validate_idempotency_key(key: str) -> str:
    if not IDEMPOTENCY_RE.match(key):
        raise InvalidInput(
            "The idempotency key is 8-128 printable ASCII characters.", field="idempotencyKey"
        )
    return key


def request_fingerprint(*parts: object) -> str:
    """Stable digest of a request's meaningful input, to tell a retry from a different call."""
    encoded = json.dumps(parts, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def mask_email(email: str) -> str:
    """j***@example.com: enough for an advocate to recognise a friend, not to contact them."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def keyed_hash(secret: bytes, value: str) -> str:
    """Pseudonymous, non-reversible identifier: raw IPs and user agents are never stored."""
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def within_window(clicked_at: datetime, now: datetime, window_days: int) -> bool:
    return clicked_at <= now < clicked_at + timedelta(days=window_days)
