"""Pure pattern matching for the fraud rules: email kinds, blocklist entries, rings."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from email_validator import EmailNotValidError, validate_email

from server.errors import InvalidInput
from server.fraud.rules import RELAY_DOMAINS, BlockKind
from server.identity import canonical_email

# ---- identities --------------------------------------------------------------------------------


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def is_disposable(email: str) -> bool:
    """The domain or any parent domain is a known disposable-inbox provider."""
    parts = domain_of(email).split(".")
    return any(".".join(parts[i:]) in DISPOSABLE_DOMAINS for i in range(len(parts) - 1))


def is_relay(email: str) -> bool:
    """A privacy relay: one real person behind a per-site alias, not a throwaway inbox."""
    parts = domain_of(email).split(".")
    return any(".".join(parts[i:]) in RELAY_DOMAINS for i in range(len(parts) - 1))


def invalid_email_reason(raw: str) -> str | None:
    try:
        validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    return None


# ---- blocklist patterns ------------------------------------------------------------------------

EMAIL_PATTERN_RE = re.compile(r"^[^\s@]+@[^\s@]+$")
DOMAIN_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
HASH_RE = re.compile(r"^[0-9a-f]{32}$")


def wildcard_matches(pattern: str, value: str) -> bool:
    """`*` matches any run of characters (none included); everything else is literal."""
    regex = ".*".join(re.escape(part) for part in pattern.lower().split("*"))
    return re.fullmatch(regex, value.lower()) is not None


def domain_matches(blocked: str, domain: str) -> bool:
    """A blocked domain covers its subdomains too."""
    domain = domain.lower()
    return domain == blocked or domain.endswith("." + blocked)


def normalize_block_value(kind: BlockKind, raw: str) -> str:
    """The stored pattern (a raw IP address is hashed by the service before this)."""
    value = raw.strip().lower()
    if not value or len(value) > 254:
        raise InvalidInput("The value is 1-254 characters.", field="value")
    if kind is BlockKind.EMAIL:
        if not EMAIL_PATTERN_RE.match(value):
            raise InvalidInput(
                "An email pattern looks like name@example.com; `*` matches anything.",
                field="value",
            )
        return value
    if kind is BlockKind.DOMAIN:
        value = value.removeprefix("@").removeprefix("*.")
        if not DOMAIN_RE.match(value):
            raise InvalidInput("Not a domain name.", field="value")
        return value
    if kind is BlockKind.ADVOCATE:
        if not value.isdigit() or not 0 < int(value) < 2**31:
            raise InvalidInput("Give the advocate's id.", field="value")
        return str(int(value))
    if not HASH_RE.match(value):
        raise InvalidInput("Give an IP address or a 32-character IP hash.", field="value")
    return value


def is_ip_address(raw: str) -> bool:
    try:
        ipaddress.ip_address(raw.strip())
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class BlockEntry:
    kind: BlockKind
    pattern: str
    reason: str


def blocklist_hits(
    entries: Iterable[BlockEntry],
    *,
    friend_email: str | None,
    ip_hashes: Iterable[str],
    advocate_id: int | None,
) -> list[str]:
    """Why each matching entry matches, e.g. "email matches *@spam.example"."""
    ips = set(ip_hashes)
    hits: list[str] = []
    for e in entries:
        if e.kind is BlockKind.EMAIL and friend_email:
            # Both sides in their canonical form too: a blocked a.b+x@gmail.com blocks ab@.
            hit = (
                wildcard_matches(e.pattern, friend_email)
                or wildcard_matches(e.pattern, canonical_email(friend_email))
                or (
                    "*" not in e.pattern
                    and canonical_email(e.pattern) == canonical_email(friend_email)
                )
            )
            label = f"friend email matches {e.pattern}"
        elif e.kind is BlockKind.DOMAIN and friend_email:
            hit, label = domain_matches(e.pattern, domain_of(friend_email)), f"domain {e.pattern}"
        elif e.kind is BlockKind.IP_HASH:
            hit, label = e.pattern in ips, "friend's IP address"
        elif e.kind is BlockKind.ADVOCATE:
            hit, label = str(advocate_id) == e.pattern, "advocate"
        else:
            continue
        if hit:
            hits.append(f"{label} ({e.reason})" if e.reason else label)
    return hits


# ---- rings -------------------------------------------------------------------------------------


def ring_path(
    advocate: str, friend: str, referred: Mapping[str, Iterable[str]], max_people: int
) -> list[str] | None:
    """The shortest cycle the new edge advocate -> friend closes, as the people in it.

    `referred` maps a person (canonical email) to the people they referred. The cycle exists
    when the friend reaches the advocate in at most max_people - 1 steps."""
    if advocate == friend:
        return None  # that is a self-referral, not a ring
    paths: dict[str, list[str]] = {friend: [friend]}
    frontier = [friend]
    for _ in range(max_people - 1):
        nxt: list[str] = []
        for person in frontier:
            for other in sorted(referred.get(person, ())):
                if other == advocate:
                    return [advocate, *paths[person]]
                if other not in paths:
                    paths[other] = [*paths[person], other]
                    nxt.append(other)
        frontier = nxt
    return None
