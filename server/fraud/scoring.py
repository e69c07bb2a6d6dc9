"""From facts to signals, from signals to a score and a decision: pure, no I/O.

The model (docs/fraud.md): each rule that fires is a signal with a weight w (0-100, in the
catalogue), the share of the remaining trust it removes. The score is
100 * (1 - prod(1 - w / 100)) over the signals that count (every mode but shadow). A signal in
`block` mode blocks on its own; otherwise the referral is flagged (or blocked, if the
campaign's `risk_score` rule says block) when the score reaches the campaign's `risk_score`
threshold, 50 by default. So a strong signal (self-referral by card, disposable inbox, a ring)
flags alone and weak ones (shared IP, same user agent, a burst) only together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from server.fraud.patterns import domain_of, is_disposable, is_relay
from server.fraud.rules import CATALOGUE, ReviewStatus, RuleKey, Setting, Severity
from server.fraud.rules import Mode as M
from server.identity import canonical_email

K = RuleKey
# Stored signals are read back often (every re-scoring): their enums by value, without the
# Enum machinery; an unknown value still fails as the Enum call does.
_RULES = {k.value: k for k in RuleKey}
_SEVERITIES = {s.value: s for s in Severity}
_MODES = {m.value: m for m in M}


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
    advocate_evidence: tuple[str, ...] = ()  # kinds matching the advocate's own: "device"...
    referrals_last_hour: int | None = None
    referrals_last_day: int | None = None
    conversions_last_hour: int | None = None
    conversions_last_day: int | None = None
    ring: list[str] | None = None
    advocates_for_friend: int | None = None
    friends_from_ip_today: int | None = None
    friends_from_network: int | None = None
    friends_sharing_evidence: tuple[int, str] | None = None  # (people, "device" / "card"...)
    sequential_emails: int | None = None
    lookalike_names: int | None = None
    blocklist: list[str] = field(default_factory=list)
    blocklist_network: bool = False


@dataclass(frozen=True, slots=True)
class Signal:
    rule: RuleKey
    severity: Severity
    mode: M
    reason: str
    weight: int | None = None  # lower than the catalogue's on an operator-marked network

    def to_json(self) -> dict[str, str | int]:
        # `_value_`: each member's text without the Enum `value` property's two calls.
        data: dict[str, str | int] = {
            "rule": self.rule._value_,
            "severity": self.severity._value_,
            "mode": self.mode._value_,
            "reason": self.reason,
        }
        if self.weight is not None:
            data["weight"] = self.weight
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Signal:
        weight = data.get("weight")
        rule, severity, mode = str(data["rule"]), str(data["severity"]), str(data["mode"])
        return cls(
            _RULES.get(rule) or RuleKey(rule),
            _SEVERITIES.get(severity) or Severity(severity),
            _MODES.get(mode) or M(mode),
            str(data["reason"]),
            weight if isinstance(weight, int) else None,
        )

    @property
    def counted_weight(self) -> int:
        return CATALOGUE[self.rule].weight if self.weight is None else self.weight


def _over(count: int | None, threshold: int | None) -> bool:
    return count is not None and threshold is not None and count > threshold


def _reaches(count: int | None, threshold: int | None) -> bool:
    return count is not None and threshold is not None and count >= threshold


def _self_referral(f: Facts) -> str | None:
    friend, advocate = f.friend_email, f.advocate_email
    if friend and advocate and canonical_email(friend) == canonical_email(advocate):
        return "The friend's email is the advocate's own."
    if f.friend_external_id and f.friend_external_id == f.advocate_external_id:
        return "The friend's external id is the advocate's own."
    return None


def _email_rules(f: Facts, out: dict[RuleKey, str]) -> None:
    if (why := _self_referral(f)) is not None:
        out[K.SELF_REFERRAL] = why
    if f.friend_email and f.friend_email_invalid is None:
        if is_disposable(f.friend_email):
            out[K.DISPOSABLE_EMAIL] = f"{domain_of(f.friend_email)} is a disposable-inbox provider."
        elif is_relay(f.friend_email):
            out[K.PRIVACY_RELAY] = f"{domain_of(f.friend_email)} is a privacy relay."
    if f.friend_email_invalid is not None:
        out[K.INVALID_EMAIL] = f"Invalid email: {f.friend_email_invalid}"


def fired(f: Facts, settings: Mapping[RuleKey, Setting]) -> dict[RuleKey, str]:
    """Rule -> human reason, for every rule whose condition holds (modes not applied yet)."""
    t = {key: s.threshold for key, s in settings.items()}
    out: dict[RuleKey, str] = {}
    _email_rules(f, out)
    if f.same_device_as_advocate:
        out[K.SELF_REFERRAL_DEVICE] = (
            "The friend used the same device and network as the advocate "
            f"(hashed IP + user agent) within {t[K.SELF_REFERRAL_DEVICE]} days."
        )
    if f.advocate_evidence:
        out[K.SELF_REFERRAL_EVIDENCE] = (
            f"The friend's {' and '.join(f.advocate_evidence)} is the advocate's own."
        )
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
            f"This friend ordered for {f.advocates_for_friend} different advocates "
            f"(limit {t[K.FRIEND_MANY_ADVOCATES]})."
        )
    if _over(f.friends_from_ip_today, t[K.SHARED_IP]):
        out[K.SHARED_IP] = (
            f"{f.friends_from_ip_today} friends from one IP address in 24 hours "
            f"(limit {t[K.SHARED_IP]})."
        )
    if _reaches(f.friends_from_network, t[K.NETWORK_CLUSTER]):
        out[K.NETWORK_CLUSTER] = (
            f"{f.friends_from_network} of the advocate's friends from one network in 7 days."
        )
    if f.friends_sharing_evidence and _reaches(f.friends_sharing_evidence[0], t[K.SHARED_EVIDENCE]):
        people, what = f.friends_sharing_evidence
        out[K.SHARED_EVIDENCE] = f"{people} different friends used one {what} within 30 days."
    if _reaches(f.sequential_emails, t[K.SEQUENTIAL_EMAILS]):
        out[K.SEQUENTIAL_EMAILS] = (
            f"{f.sequential_emails} of the advocate's friends in 7 days have one address "
            "but for a counter."
        )
    if _reaches(f.lookalike_names, t[K.LOOKALIKE_NAMES]):
        out[K.LOOKALIKE_NAMES] = (
            f"{f.lookalike_names} of the advocate's friends in 7 days have near-identical names."
        )
    if f.blocklist:
        out[K.BLOCKLIST] = "Blocklisted: " + "; ".join(f.blocklist) + "."
    if f.blocklist_network and K.BLOCKLIST not in out:
        out[K.BLOCKLIST_NETWORK] = "The friend's network is that of a blocklisted address."
    return out


def signals(f: Facts, settings: Mapping[RuleKey, Setting]) -> list[Signal]:
    """The rules that fire, in catalogue order, each with its campaign mode; OFF rules drop."""
    return make(fired(f, settings), settings)


def make(reasons: Mapping[RuleKey, str], settings: Mapping[RuleKey, Setting]) -> list[Signal]:
    return [
        Signal(key, CATALOGUE[key].severity, settings[key].mode, reasons[key])
        for key in CATALOGUE
        if key in reasons and settings[key].mode is not M.OFF
    ]


# Signals read from one fact are one piece of evidence: the friend's network shows in the
# shared-IP count, the advocate's network cluster and the advocate's own session alike (a
# household shows all three). Within a family only the strongest signal counts.
FAMILIES = {K.SHARED_IP: "network", K.NETWORK_CLUSTER: "network", K.SELF_REFERRAL_DEVICE: "network"}


def score(found: Iterable[Signal], *, counting: bool = False) -> int:
    """0-100: each piece of evidence removes its weight's share of the remaining trust. The
    score shown counts shadow signals too (what the rules see); `counting` leaves them out
    (what decides). Signals of one family count once, with the strongest weight."""
    weights: dict[object, int] = {}
    for s in found:
        if not (counting and s.mode is M.SHADOW):
            family = FAMILIES.get(s.rule, s.rule)
            weights[family] = max(weights.get(family, 0), s.counted_weight)
    trust = 1.0
    for weight in weights.values():
        trust *= 1 - weight / 100
    return round(100 * (1 - trust))


def outcome(found: Iterable[Signal], settings: Mapping[RuleKey, Setting] | None = None) -> M:
    """What happens: BLOCK when a block-mode signal fired; else the risk_score rule's mode when
    the score reaches its threshold; else SHADOW when anything fired (recorded only)."""
    found = list(found)
    if any(s.mode is M.BLOCK for s in found):
        return M.BLOCK
    if not found:
        return M.OFF
    gate = (settings or {}).get(K.RISK_SCORE) or Setting(
        CATALOGUE[K.RISK_SCORE].default_mode, CATALOGUE[K.RISK_SCORE].default_threshold
    )
    if gate.mode in (M.FLAG, M.BLOCK) and score(found, counting=True) >= (gate.threshold or 0):
        return gate.mode
    return M.SHADOW


def merge(old: Iterable[Signal], new: Iterable[Signal]) -> list[Signal]:
    """Signals so far plus new ones; a rule firing again replaces its earlier signal."""
    merged = {s.rule: s for s in old}
    merged.update({s.rule: s for s in new})
    return [merged[key] for key in CATALOGUE if key in merged]


@dataclass(frozen=True, slots=True)
class Verdict:
    signals: list[Signal]
    score: int
    outcome: M

    @classmethod
    def of(
        cls,
        found: list[Signal],
        settings: dict[RuleKey, Setting],
        fresh: Iterable[Signal] | None = None,
    ) -> Verdict:
        """`fresh`: only these signals may change the referral's course (None: all may)."""
        decision = outcome(found, settings)
        if fresh is not None and not list(fresh):
            decision = M.SHADOW if found else M.OFF
        return cls(found, score(found), decision)

    @property
    def blocked(self) -> bool:
        return self.outcome is M.BLOCK

    @property
    def review_status(self) -> ReviewStatus:
        return ReviewStatus.FLAGGED if self.outcome is M.FLAG else ReviewStatus.NONE
