"""Pure fraud decisions: the rule catalogue, signals from already-fetched facts, the score.

Nothing here does I/O. The service gathers the facts (a few indexed queries) and asks these
functions which rules fire; the mode each rule runs in comes from the campaign's settings."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from email_validator import EmailNotValidError, validate_email

from server.errors import InvalidInput
from server.identity import canonical_email


class Mode(StrEnum):
    """What a rule does when it fires, from least to most severe."""

    OFF = "off"
    SHADOW = "shadow"
    FLAG = "flag"
    BLOCK = "block"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class RuleKey(StrEnum):
    SELF_REFERRAL = "self_referral"
    SELF_REFERRAL_DEVICE = "self_referral_device"
    DISPOSABLE_EMAIL = "disposable_email"
    INVALID_EMAIL = "invalid_email"
    REFERRAL_VELOCITY_HOUR = "referral_velocity_hour"
    REFERRAL_VELOCITY_DAY = "referral_velocity_day"
    CONVERSION_VELOCITY_HOUR = "conversion_velocity_hour"
    CONVERSION_VELOCITY_DAY = "conversion_velocity_day"
    REFERRAL_RING = "referral_ring"
    FRIEND_MANY_ADVOCATES = "friend_many_advocates"
    SHARED_IP = "shared_ip"
    BLOCKLIST = "blocklist"


class ReviewStatus(StrEnum):
    NONE = "none"
    FLAGGED = "flagged"
    CONFIRMED_FRAUD = "confirmed_fraud"
    DISMISSED = "dismissed"


class BlockKind(StrEnum):
    EMAIL = "email"
    DOMAIN = "domain"
    IP_HASH = "ip_hash"
    ADVOCATE = "advocate"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    key: RuleKey
    severity: Severity
    default_mode: Mode
    fires_when: str  # the published description; {threshold} is filled in
    default_threshold: int | None = None
    threshold_meaning: str = ""
    at_conversion: bool = False  # evaluated again when an order is recorded


K, Sev, M = RuleKey, Severity, Mode
CATALOGUE: dict[RuleKey, RuleSpec] = {
    s.key: s
    for s in (
        RuleSpec(
            K.SELF_REFERRAL,
            Sev.HIGH,
            M.BLOCK,
            "The friend is the advocate: same email after normalisation (case; dots and "
            "+tags at providers that ignore them) or same external id.",
        ),
        RuleSpec(
            K.SELF_REFERRAL_DEVICE,
            Sev.MEDIUM,
            M.FLAG,
            "The friend's click or session has the same hashed IP and user agent as one of "
            "the advocate's own sessions in the last {threshold} days.",
            30,
            "days",
        ),
        RuleSpec(
            K.DISPOSABLE_EMAIL,
            Sev.MEDIUM,
            M.FLAG,
            "The friend's email domain is a disposable-inbox provider "
            "(`disposable-email-domains` list).",
        ),
        RuleSpec(
            K.INVALID_EMAIL,
            Sev.MEDIUM,
            M.BLOCK,
            "email-validator rejects the friend's address (no DNS lookup). Recording "
            "answers INVALID_INPUT for such an address before any rule runs, so this "
            "rule shows in previewReward.",
        ),
        RuleSpec(
            K.REFERRAL_VELOCITY_HOUR,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate has more than {threshold} new referrals in the last hour.",
            10,
            "referrals per hour",
        ),
        RuleSpec(
            K.REFERRAL_VELOCITY_DAY,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate has more than {threshold} new referrals in the last 24 hours.",
            50,
            "referrals per day",
        ),
        RuleSpec(
            K.CONVERSION_VELOCITY_HOUR,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate's friends placed more than {threshold} orders in the last hour.",
            5,
            "conversions per hour",
            at_conversion=True,
        ),
        RuleSpec(
            K.CONVERSION_VELOCITY_DAY,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate's friends placed more than {threshold} orders in the last 24 hours.",
            25,
            "conversions per day",
            at_conversion=True,
        ),
        RuleSpec(
            K.REFERRAL_RING,
            Sev.HIGH,
            M.FLAG,
            "The friend (directly or through others) referred the advocate: a cycle of at "
            "most {threshold} people, e.g. A refers B and B refers A.",
            3,
            "people in the cycle",
        ),
        RuleSpec(
            K.FRIEND_MANY_ADVOCATES,
            Sev.HIGH,
            M.FLAG,
            "The same friend (normalised email or external id) has converted for more than "
            "{threshold} different advocates.",
            2,
            "advocates",
            at_conversion=True,
        ),
        RuleSpec(
            K.SHARED_IP,
            Sev.MEDIUM,
            M.FLAG,
            "More than {threshold} friends in the campaign came from the same hashed IP in "
            "the last 24 hours.",
            5,
            "friends per IP per day",
        ),
        RuleSpec(
            K.BLOCKLIST,
            Sev.CRITICAL,
            M.BLOCK,
            "The friend's email (wildcards), email domain, hashed IP or the advocate is on "
            "the blocklist.",
            at_conversion=True,
        ),
    )
}
MODE_ORDER = {M.OFF: 0, M.SHADOW: 1, M.FLAG: 2, M.BLOCK: 3}
WEIGHT = {Sev.LOW: 10, Sev.MEDIUM: 30, Sev.HIGH: 60, Sev.CRITICAL: 90}
MAX_THRESHOLD = 100_000


@dataclass(frozen=True, slots=True)
class Setting:
    """How one rule runs in one campaign."""

    mode: Mode
    threshold: int | None


def settings_for(configured: Mapping[RuleKey, Setting]) -> dict[RuleKey, Setting]:
    """Every rule's setting: the campaign's own where configured, else the default."""
    return {
        key: configured.get(key, Setting(spec.default_mode, spec.default_threshold))
        for key, spec in CATALOGUE.items()
    }


def validate_setting(key: RuleKey, setting: Setting, field_: str) -> Setting:
    spec = CATALOGUE[key]
    if spec.default_threshold is None:
        if setting.threshold is not None:
            raise InvalidInput(f"{key.value} takes no threshold.", field=f"{field_}.threshold")
        return setting
    threshold = spec.default_threshold if setting.threshold is None else setting.threshold
    low = 2 if key is K.REFERRAL_RING else 1
    if not low <= threshold <= MAX_THRESHOLD:
        raise InvalidInput(
            f"The threshold of {key.value} is {low} to {MAX_THRESHOLD}.",
            field=f"{field_}.threshold",
        )
    return Setting(setting.mode, threshold)


# ---- identities --------------------------------------------------------------------------------


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def is_disposable(email: str) -> bool:
    """The domain or any parent domain is a known disposable-inbox provider."""
    parts = domain_of(email).split(".")
    return any(".".join(parts[i:]) in DISPOSABLE_DOMAINS for i in range(len(parts) - 1))


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
            hit = wildcard_matches(e.pattern, friend_email) or wildcard_matches(
                e.pattern, canonical_email(friend_email)
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


# ---- facts, signals, score ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the rules look at, fetched beforehand. None means "not known here"."""

    friend_email: str | None = None  # as given (validated) or raw for the invalid check
    friend_external_id: str | None = None
    advocate_id: int | None = None
    advocate_email: str | None = None
    advocate_external_id: str | None = None
    friend_email_invalid: str | None = None  # email-validator's message
    same_device_as_advocate: bool = False
    referrals_last_hour: int | None = None
    referrals_last_day: int | None = None
    conversions_last_hour: int | None = None
    conversions_last_day: int | None = None
    ring: list[str] | None = None
    advocates_for_friend: int | None = None
    friends_from_ip_today: int | None = None
    blocklist: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Signal:
    rule: RuleKey
    severity: Severity
    mode: Mode
    reason: str

    def to_json(self) -> dict[str, str]:
        return {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "mode": self.mode.value,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> Signal:
        return cls(
            RuleKey(data["rule"]), Severity(data["severity"]), Mode(data["mode"]), data["reason"]
        )


def _over(count: int | None, threshold: int | None) -> bool:
    return count is not None and threshold is not None and count > threshold


def _self_referral(f: Facts) -> str | None:
    friend, advocate = f.friend_email, f.advocate_email
    if friend and advocate and canonical_email(friend) == canonical_email(advocate):
        return "The friend's email is the advocate's own."
    if f.friend_external_id and f.friend_external_id == f.advocate_external_id:
        return "The friend's external id is the advocate's own."
    return None


def fired(f: Facts, settings: Mapping[RuleKey, Setting]) -> dict[RuleKey, str]:
    """Rule -> human reason, for every rule whose condition holds (modes not applied yet)."""
    t = {key: s.threshold for key, s in settings.items()}
    out: dict[RuleKey, str] = {}
    if (why := _self_referral(f)) is not None:
        out[K.SELF_REFERRAL] = why
    if f.same_device_as_advocate:
        out[K.SELF_REFERRAL_DEVICE] = (
            "The friend used the same device and network as the advocate "
            f"(hashed IP + user agent) within {t[K.SELF_REFERRAL_DEVICE]} days."
        )
    if f.friend_email and f.friend_email_invalid is None and is_disposable(f.friend_email):
        out[K.DISPOSABLE_EMAIL] = f"{domain_of(f.friend_email)} is a disposable-inbox provider."
    if f.friend_email_invalid is not None:
        out[K.INVALID_EMAIL] = f"Invalid email: {f.friend_email_invalid}"
    pairs = (
        (K.REFERRAL_VELOCITY_HOUR, f.referrals_last_hour, "referrals in the last hour"),
        (K.REFERRAL_VELOCITY_DAY, f.referrals_last_day, "referrals in the last 24 hours"),
        (K.CONVERSION_VELOCITY_HOUR, f.conversions_last_hour, "orders in the last hour"),
        (K.CONVERSION_VELOCITY_DAY, f.conversions_last_day, "orders in the last 24 hours"),
    )
    for key, count, what in pairs:
        if _over(count, t[key]):
            out[key] = f"{count} {what} (limit {t[key]})."
    if f.ring is not None:
        out[K.REFERRAL_RING] = "Referral ring: " + " -> ".join([*f.ring, f.ring[0]]) + "."
    if _over(f.advocates_for_friend, t[K.FRIEND_MANY_ADVOCATES]):
        out[K.FRIEND_MANY_ADVOCATES] = (
            f"This friend converted for {f.advocates_for_friend} different advocates "
            f"(limit {t[K.FRIEND_MANY_ADVOCATES]})."
        )
    if _over(f.friends_from_ip_today, t[K.SHARED_IP]):
        out[K.SHARED_IP] = (
            f"{f.friends_from_ip_today} friends from one IP address in 24 hours "
            f"(limit {t[K.SHARED_IP]})."
        )
    if f.blocklist:
        out[K.BLOCKLIST] = "Blocklisted: " + "; ".join(f.blocklist) + "."
    return out


def signals(f: Facts, settings: Mapping[RuleKey, Setting]) -> list[Signal]:
    """The rules that fire, in catalogue order, each with its campaign mode; OFF rules drop."""
    reasons = fired(f, settings)
    return [
        Signal(key, CATALOGUE[key].severity, settings[key].mode, reasons[key])
        for key in CATALOGUE
        if key in reasons and settings[key].mode is not M.OFF
    ]


def score(found: Iterable[Signal]) -> int:
    """0-100: each signal independently removes its weight's share of the remaining trust."""
    trust = 1.0
    for s in found:
        trust *= 1 - WEIGHT[s.severity] / 100
    return round(100 * (1 - trust))


def outcome(found: Iterable[Signal]) -> Mode:
    """The strongest mode among the signals: BLOCK beats FLAG beats SHADOW."""
    return max((s.mode for s in found), key=MODE_ORDER.__getitem__, default=M.OFF)


def merge(old: Iterable[Signal], new: Iterable[Signal]) -> list[Signal]:
    """Signals so far plus new ones; a rule firing again replaces its earlier signal."""
    merged = {s.rule: s for s in old}
    merged.update({s.rule: s for s in new})
    return [merged[key] for key in CATALOGUE if key in merged]
