"""Pure account rules: password policy, lockout, token formats."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from server.errors import InvalidInput

MIN_PASSWORD = 12
MAX_PASSWORD = 256  # argon2 hashes anything, but a megabyte password is an attack
MIN_STRENGTH = 2  # zxcvbn score 0-4
SESSION_PREFIX = "vss_"
PORTAL_PREFIX = "vpt_"
SLACK_USER_RE = re.compile(r"^[UW][A-Z0-9]{6,20}$")
API_KEY_RE = re.compile(r"^vch_(live|test)_([0-9a-f]{16})_([0-9a-f]{64})$")


@cache
def common_passwords() -> frozenset[str]:
    """zxcvbn's bundled list of the 30,000 most common passwords."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str, *, email: str, name: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Use at least {MIN_PASSWORD} characters.", field="password")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"Use at most {MAX_PASSWORD} characters.", field="password")
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered == email.lower() or (len(local) >= 4 and local in lowered):
        raise InvalidInput("The password must not contain the email address.", field="password")
    if lowered in common_passwords():
        raise InvalidInput("This password is on a list of common passwords.", field="password")
    if zxcvbn(password[:100], user_inputs=[email, local, name])["score"] < MIN_STRENGTH:
        raise InvalidInput("This password is too easy to guess.", field="password")


def token_digest(token: str) -> str:
    """Session tokens carry 256 random bits: a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiKeyParts:
    test: bool
    public_id: str
    secret: str


def parse_api_key(raw: str) -> ApiKeyParts | None:
    match = API_KEY_RE.match(raw)
    if match is None:
        return None
    return ApiKeyParts(test=match[1] == "test", public_id=match[2], secret=match[3])


def format_api_key(parts: ApiKeyParts) -> str:
    return f"vch_{'test' if parts.test else 'live'}_{parts.public_id}_{parts.secret}"


def api_key_digest(pepper: bytes, secret: str) -> str:
    return hmac.new(pepper, secret.encode(), hashlib.sha256).hexdigest()


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def is_slack_user_id(value: str) -> bool:
    return SLACK_USER_RE.match(value) is not None
