"""The fraud rule catalogue and per-campaign settings: pure, no I/O.

Patterns (identities, blocklist, rings) are in patterns.py; turning facts into signals and a
score in scoring.py; the service gathers the facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from server.errors import InvalidInput


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
    SELF_REFERRAL_EVIDENCE = "self_referral_evidence"
    PRIVACY_RELAY = "privacy_relay"
    NETWORK_CLUSTER = "network_cluster"
    SHARED_EVIDENCE = "shared_evidence"
    SEQUENTIAL_EMAILS = "sequential_emails"
    LOOKALIKE_NAMES = "lookalike_names"
    BLOCKLIST_NETWORK = "blocklist_network"
    CLUSTER_FLAGGED = "cluster_flagged"
    RISK_SCORE = "risk_score"


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
    weight: int = 0  # evidence, 0-100: the share of the remaining trust it removes (scoring.py)


K, Sev, M = RuleKey, Severity, Mode
CATALOGUE: dict[RuleKey, RuleSpec] = {
    s.key: s
    for s in (
        RuleSpec(
            K.SELF_REFERRAL,
            Sev.HIGH,
            M.BLOCK,
            "The friend is the advocate: the same inbox (server/identity.py: case, alias "
            "domains, dots and tags where the provider ignores them) or the same external id.",
            weight=95,
        ),
        RuleSpec(
            K.SELF_REFERRAL_DEVICE,
            Sev.LOW,
            M.FLAG,
            "The friend's click or session has the same hashed IP and user agent as one of "
            "the advocate's own sessions in the last {threshold} days (weak alone: people "
            "living together share both).",
            30,
            "days",
            at_conversion=True,
            weight=30,
        ),
        RuleSpec(
            K.SELF_REFERRAL_EVIDENCE,
            Sev.HIGH,
            M.FLAG,
            "The friend's device id, payment fingerprint or phone is one the advocate used.",
            at_conversion=True,
            weight=80,
        ),
        RuleSpec(
            K.DISPOSABLE_EMAIL,
            Sev.MEDIUM,
            M.FLAG,
            "The friend's email domain is a disposable-inbox provider "
            "(`disposable-email-domains` list).",
            weight=60,
        ),
        RuleSpec(
            K.PRIVACY_RELAY,
            Sev.LOW,
            M.FLAG,
            "The friend's address is a privacy relay (Apple Hide My Email, Firefox Relay, "
            "DuckDuckGo, SimpleLogin, addy.io, Proton pass): a real inbox behind an alias.",
            weight=10,
        ),
        RuleSpec(
            K.INVALID_EMAIL,
            Sev.MEDIUM,
            M.BLOCK,
            "email-validator rejects the friend's address (no DNS lookup). Recording "
            "answers INVALID_INPUT for such an address before any rule runs, so this "
            "rule shows in previewReward.",
            weight=90,
        ),
        RuleSpec(
            K.REFERRAL_VELOCITY_HOUR,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate has more than {threshold} new referrals in the last hour.",
            10,
            "referrals per hour",
            weight=30,
        ),
        RuleSpec(
            K.REFERRAL_VELOCITY_DAY,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate has more than {threshold} new referrals in the last 24 hours.",
            50,
            "referrals per day",
            weight=30,
        ),
        RuleSpec(
            K.CONVERSION_VELOCITY_HOUR,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate's friends placed more than {threshold} orders in the last hour.",
            5,
            "conversions per hour",
            at_conversion=True,
            weight=30,
        ),
        RuleSpec(
            K.CONVERSION_VELOCITY_DAY,
            Sev.MEDIUM,
            M.FLAG,
            "The advocate's friends placed more than {threshold} orders in the last 24 hours.",
            25,
            "conversions per day",
            at_conversion=True,
            weight=30,
        ),
        RuleSpec(
            K.REFERRAL_RING,
            Sev.HIGH,
            M.FLAG,
            "The friend (directly or through others) referred the advocate: a cycle of at "
            "most {threshold} people, e.g. A refers B and B refers A.",
            3,
            "people in the cycle",
            weight=70,
        ),
        RuleSpec(
            K.FRIEND_MANY_ADVOCATES,
            Sev.HIGH,
            M.FLAG,
            "The same friend (one inbox or external id) has ordered through the links of more "
            "than {threshold} different advocates (an order that sticky attribution keeps with "
            "another advocate's referral counts too).",
            2,
            "advocates",
            at_conversion=True,
            weight=70,
        ),
        RuleSpec(
            K.SHARED_IP,
            Sev.LOW,
            M.FLAG,
            "More than {threshold} friends in the campaign came from the same hashed IP in "
            "the last 24 hours (weak alone: offices, campuses and events share addresses).",
            5,
            "friends per IP per day",
            weight=20,
        ),
        RuleSpec(
            K.NETWORK_CLUSTER,
            Sev.LOW,
            M.FLAG,
            "At least {threshold} of the advocate's friends (all campaigns) came from one "
            "network (/24 for IPv4, /64 for IPv6) within 7 days (weak alone: colleagues).",
            3,
            "friends per network",
            weight=30,
        ),
        RuleSpec(
            K.SHARED_EVIDENCE,
            Sev.HIGH,
            M.FLAG,
            "Another friend (a different inbox) used the same device id, payment fingerprint "
            "or phone within 30 days: at least {threshold} people on one device or card.",
            2,
            "friends per device or card",
            at_conversion=True,
            weight=65,
        ),
        RuleSpec(
            K.SEQUENTIAL_EMAILS,
            Sev.MEDIUM,
            M.FLAG,
            "At least {threshold} of the advocate's friends within 7 days have one address "
            "but for a counter (john1@, john2@, john.3@).",
            3,
            "addresses",
            weight=60,
        ),
        RuleSpec(
            K.LOOKALIKE_NAMES,
            Sev.MEDIUM,
            M.FLAG,
            "At least {threshold} of the advocate's friends within 7 days have near-identical "
            "names (word by word alike: Jon Smith, John Smyth, Jhon Smith).",
            3,
            "names",
            weight=55,
        ),
        RuleSpec(
            K.CLUSTER_FLAGGED,
            Sev.MEDIUM,
            M.FLAG,
            "A referral sharing this one's network cluster or look-alike group was flagged "
            "on other evidence.",
            weight=40,
        ),
        RuleSpec(
            K.BLOCKLIST,
            Sev.CRITICAL,
            M.BLOCK,
            "The friend's email (wildcards; the same inbox in any spelling, on both sides), "
            "email domain, hashed IP (of the signup or of the order) or the advocate is on "
            "the blocklist.",
            at_conversion=True,
            weight=95,
        ),
        RuleSpec(
            K.BLOCKLIST_NETWORK,
            Sev.HIGH,
            M.FLAG,
            "The friend's network (/24, /64) is that of a blocklisted IP address.",
            at_conversion=True,
            weight=60,
        ),
        RuleSpec(
            K.RISK_SCORE,
            Sev.HIGH,
            M.FLAG,
            "Not a signal: the combined score of the other rules' signals reached "
            "{threshold}. Its mode says what happens then (flag, or block).",
            50,
            "points",
        ),
    )
}
# Rules that describe a group of referrals: when they fire, every member is re-scored.
CLUSTER_RULES = frozenset(
    {
        K.REFERRAL_VELOCITY_HOUR,
        K.REFERRAL_VELOCITY_DAY,
        K.REFERRAL_RING,
        K.FRIEND_MANY_ADVOCATES,
        K.NETWORK_CLUSTER,
        K.SHARED_EVIDENCE,
        K.SEQUENTIAL_EMAILS,
        K.LOOKALIKE_NAMES,
    }
)
RELAY_DOMAINS = frozenset(
    {
        "privaterelay.appleid.com",
        "duck.com",
        "mozmail.com",
        "relay.firefox.com",
        "simplelogin.com",
        "simplelogin.co",
        "slmail.me",
        "aleeas.com",
        "addy.io",
        "anonaddy.com",
        "anonaddy.me",
        "passmail.net",
        "passinbox.com",
    }
)
MODE_ORDER = {M.OFF: 0, M.SHADOW: 1, M.FLAG: 2, M.BLOCK: 3}
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
    low = 2 if key in (K.REFERRAL_RING, K.SHARED_EVIDENCE) else 1
    high = 100 if key is K.RISK_SCORE else MAX_THRESHOLD
    if not low <= threshold <= high:
        raise InvalidInput(
            f"The threshold of {key.value} is {low} to {high}.",
            field=f"{field_}.threshold",
        )
    return Setting(setting.mode, threshold)
