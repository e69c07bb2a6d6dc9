from __future__ import annotations

from typing import Any

import pytest

from server.errors import InvalidInput
from server.fraud import patterns, rules, scoring
from server.fraud.patterns import BlockEntry
from server.fraud.rules import CATALOGUE, BlockKind, Mode, RuleKey, Setting, Severity
from server.fraud.scoring import Facts, Signal
from server.identity import canonical_email, email_stem, name_key, names_alike

K = RuleKey
DEFAULTS = rules.settings_for({})


def _rules_fired(facts: Facts, settings: dict[RuleKey, Setting] = DEFAULTS) -> list[str]:
    return [s.rule.value for s in scoring.signals(facts, settings)]


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("John.Doe+promo@Gmail.com", "johndoe@gmail.com"),
        ("j.o.h.n@googlemail.com", "john@gmail.com"),
        ("ada+x@outlook.com", "ada@outlook.com"),
        ("a.da@outlook.com", "a.da@outlook.com"),  # dots matter outside gmail
        ("a.da+x@example.com", "a.da+x@example.com"),  # unknown providers: only case folds
        ("ADA@Example.COM", "ada@example.com"),
        ("A.Da+promo@GoogleMail.com", "ada@gmail.com"),
        ("ada+x@mac.com", "ada@icloud.com"),
        ("ada@me.com", "ada@icloud.com"),
        ("ada+shop@pm.me", "ada@proton.me"),
        ("ada+shop@protonmail.com", "ada@proton.me"),
        ("ada+x@hotmail.co.uk", "ada@hotmail.co.uk"),  # tags at every Outlook country domain
        ("ada+x@outlook.de", "ada@outlook.de"),
        ("a.da-news@yahoo.com", "a.da@yahoo.com"),  # Yahoo's disposable addresses use "-"
        ("+x@gmail.com", "+x@gmail.com"),  # nothing before the tag: left alone
    ],
)
def test_canonical_email(raw: str, canonical: str) -> None:
    assert canonical_email(raw) == canonical


@pytest.mark.parametrize(
    ("pattern", "value", "hit"),
    [
        ("*@spam.example", "bob@spam.example", True),
        ("*@spam.example", "bob@notspam.example", False),
        ("*@spam.example", "bob@spam.example.org", False),
        ("bob*@example.com", "BOB+1@example.com", True),
        ("bob@example.com", "bob@example.com", True),
        ("bob@example.com", "bobby@example.com", False),
        ("b.b@example.com", "bxb@example.com", False),  # only * is special
        ("*", "anything@at.all", True),
    ],
)
def test_wildcard_matches(pattern: str, value: str, hit: bool) -> None:
    assert patterns.wildcard_matches(pattern, value) is hit


def test_domain_blocks_cover_subdomains_only() -> None:
    assert patterns.domain_matches("spam.example", "mail.spam.example")
    assert patterns.domain_matches("spam.example", "spam.example")
    assert not patterns.domain_matches("spam.example", "notspam.example")


def test_block_values_are_normalised_and_checked() -> None:
    assert patterns.normalize_block_value(BlockKind.DOMAIN, " @Spam.Example ") == "spam.example"
    assert patterns.normalize_block_value(BlockKind.DOMAIN, "*.spam.example") == "spam.example"
    assert patterns.normalize_block_value(BlockKind.EMAIL, "*@X.example") == "*@x.example"
    assert patterns.normalize_block_value(BlockKind.ADVOCATE, "0042") == "42"
    for kind, bad in [
        (BlockKind.EMAIL, "no-at-sign"),
        (BlockKind.DOMAIN, "not a domain"),
        (BlockKind.ADVOCATE, "ada"),
        (BlockKind.IP_HASH, "10.0.0.1"),  # the service hashes addresses before this
        (BlockKind.EMAIL, ""),
    ]:
        with pytest.raises(InvalidInput):
            patterns.normalize_block_value(kind, bad)


def test_blocklist_hits_say_which_entry() -> None:
    entries = [
        BlockEntry(BlockKind.EMAIL, "*+*@gmail.com", ""),
        BlockEntry(BlockKind.DOMAIN, "spam.example", "bulk signups"),
        BlockEntry(BlockKind.IP_HASH, "a" * 32, ""),
        BlockEntry(BlockKind.ADVOCATE, "7", "chargebacks"),
    ]
    assert patterns.blocklist_hits(
        entries, friend_email="x@mail.spam.example", ip_hashes=[], advocate_id=1
    ) == ["domain spam.example (bulk signups)"]
    assert patterns.blocklist_hits(
        entries, friend_email="x+1@gmail.com", ip_hashes=["a" * 32], advocate_id=7
    ) == [
        "friend email matches *+*@gmail.com",
        "friend's IP address",
        "advocate (chargebacks)",
    ]
    assert (
        patterns.blocklist_hits(entries, friend_email="ok@example.org", ip_hashes=[], advocate_id=1)
        == []
    )


def test_disposable_and_invalid_emails() -> None:
    assert patterns.is_disposable("x@mailinator.com")
    assert patterns.is_disposable("x@sub.mailinator.com")
    assert not patterns.is_disposable("x@example.org")
    assert patterns.invalid_email_reason("bob@localhost") is not None
    assert patterns.invalid_email_reason("not an email") is not None
    assert patterns.invalid_email_reason("bob@example.org") is None


@pytest.mark.parametrize(
    ("edges", "max_people", "ring"),
    [
        ({"b": ["a"]}, 3, ["a", "b"]),  # A refers B, B had referred A
        ({"b": ["c"], "c": ["a"]}, 3, ["a", "b", "c"]),
        ({"b": ["c"], "c": ["a"]}, 2, None),  # the cycle is longer than allowed
        ({"b": ["c"], "c": ["d"], "d": ["a"]}, 3, None),
        ({"b": ["c"], "c": ["b"]}, 3, None),  # a cycle that does not involve A
        ({}, 3, None),
    ],
)
def test_ring_path(edges: dict[str, list[str]], max_people: int, ring: list[str] | None) -> None:
    assert patterns.ring_path("a", "b", edges, max_people) == ring


def test_ring_is_not_a_self_referral() -> None:
    assert patterns.ring_path("a", "a", {"a": ["a"]}, 3) is None


def test_self_referral_by_email_external_id_and_device() -> None:
    def ada(**friend: Any) -> Facts:
        return Facts(
            advocate_email="ada.lovelace@gmail.com", advocate_external_id="cust-1", **friend
        )

    assert _rules_fired(ada(friend_email="AdaLovelace+x@googlemail.com")) == ["self_referral"]
    assert _rules_fired(ada(friend_external_id="cust-1")) == ["self_referral"]
    assert _rules_fired(ada(friend_email="bob@gmail.com")) == []
    assert _rules_fired(ada(same_device_as_advocate=True)) == ["self_referral_device"]


@pytest.mark.parametrize(
    ("field", "key", "count", "fires"),
    [
        ("referrals_last_hour", K.REFERRAL_VELOCITY_HOUR, 10, False),
        ("referrals_last_hour", K.REFERRAL_VELOCITY_HOUR, 11, True),
        ("referrals_last_day", K.REFERRAL_VELOCITY_DAY, 50, False),
        ("referrals_last_day", K.REFERRAL_VELOCITY_DAY, 51, True),
        ("conversions_last_hour", K.CONVERSION_VELOCITY_HOUR, 6, True),
        ("conversions_last_day", K.CONVERSION_VELOCITY_DAY, 25, False),
        ("advocates_for_friend", K.FRIEND_MANY_ADVOCATES, 3, True),
        ("advocates_for_friend", K.FRIEND_MANY_ADVOCATES, 2, False),
        ("friends_from_ip_today", K.SHARED_IP, 6, True),
    ],
)
def test_thresholds_fire_strictly_above(field: str, key: RuleKey, count: int, fires: bool) -> None:
    fired = _rules_fired(Facts(**{field: count}))  # type: ignore[arg-type]
    assert fired == ([key.value] if fires else [])


def test_a_campaign_threshold_replaces_the_default() -> None:
    settings = rules.settings_for({K.REFERRAL_VELOCITY_HOUR: Setting(Mode.BLOCK, 2)})
    assert _rules_fired(Facts(referrals_last_hour=3), settings) == ["referral_velocity_hour"]
    assert scoring.signals(Facts(referrals_last_hour=3), settings)[0].mode is Mode.BLOCK


def test_off_rules_do_not_signal() -> None:
    settings = rules.settings_for({K.DISPOSABLE_EMAIL: Setting(Mode.OFF, None)})
    assert _rules_fired(Facts(friend_email="x@mailinator.com"), settings) == []


def test_score_combines_weights_and_counts_a_family_once() -> None:
    def sig(rule: RuleKey, mode: Mode = Mode.FLAG) -> Signal:
        return Signal(rule, Severity.LOW, mode, "")

    assert scoring.score([]) == 0
    assert scoring.score([sig(K.REFERRAL_VELOCITY_HOUR)]) == 30
    # Two independent weak signals: 1 - 0.7 * 0.7.
    assert scoring.score([sig(K.REFERRAL_VELOCITY_HOUR), sig(K.NETWORK_CLUSTER)]) == 51
    # The same network seen three ways is one piece of evidence.
    network = [sig(K.SHARED_IP), sig(K.NETWORK_CLUSTER), sig(K.SELF_REFERRAL_DEVICE)]
    assert scoring.score(network) == 30
    # Shadow signals show in the score but do not decide.
    shadow = [sig(K.DISPOSABLE_EMAIL, Mode.SHADOW)]
    assert (scoring.score(shadow), scoring.score(shadow, counting=True)) == (60, 0)
    assert 99 <= scoring.score([sig(K.BLOCKLIST), sig(K.SELF_REFERRAL)]) <= 100


def test_outcome_by_block_mode_or_by_score_threshold() -> None:
    def sig(rule: RuleKey, mode: Mode = Mode.FLAG) -> Signal:
        return Signal(rule, Severity.LOW, mode, "")

    assert scoring.outcome([]) is Mode.OFF
    assert scoring.outcome([sig(K.SHARED_IP)]) is Mode.SHADOW  # weak alone: recorded only
    assert scoring.outcome([sig(K.DISPOSABLE_EMAIL)]) is Mode.FLAG  # strong alone
    weak = [sig(K.REFERRAL_VELOCITY_HOUR), sig(K.NETWORK_CLUSTER)]
    assert scoring.outcome(weak) is Mode.FLAG  # together
    assert scoring.outcome([sig(K.SHARED_IP, Mode.BLOCK)]) is Mode.BLOCK
    strict = rules.settings_for({K.RISK_SCORE: Setting(Mode.BLOCK, 25)})
    assert scoring.outcome([sig(K.REFERRAL_VELOCITY_HOUR)], strict) is Mode.BLOCK
    lenient = rules.settings_for({K.RISK_SCORE: Setting(Mode.FLAG, 90)})
    assert scoring.outcome([sig(K.DISPOSABLE_EMAIL)], lenient) is Mode.SHADOW


def test_merge_replaces_a_rule_that_fires_again() -> None:
    old = [Signal(K.SHARED_IP, Severity.MEDIUM, Mode.FLAG, "6 friends")]
    new = [
        Signal(K.SHARED_IP, Severity.MEDIUM, Mode.FLAG, "7 friends"),
        Signal(K.DISPOSABLE_EMAIL, Severity.MEDIUM, Mode.FLAG, "x"),
    ]
    merged = scoring.merge(old, new)
    assert [(s.rule, s.reason) for s in merged] == [
        (K.DISPOSABLE_EMAIL, "x"),
        (K.SHARED_IP, "7 friends"),
    ]
    assert Signal.from_json(merged[0].to_json()) == merged[0]


def test_settings_validation() -> None:
    ok = rules.validate_setting(K.SHARED_IP, Setting(Mode.BLOCK, None), "rules.0")
    assert ok == Setting(Mode.BLOCK, CATALOGUE[K.SHARED_IP].default_threshold)
    with pytest.raises(InvalidInput) as no_threshold:
        rules.validate_setting(K.BLOCKLIST, Setting(Mode.FLAG, 3), "rules.0")
    assert no_threshold.value.field == "rules.0.threshold"
    for bad in (0, -1, rules.MAX_THRESHOLD + 1):
        with pytest.raises(InvalidInput):
            rules.validate_setting(K.SHARED_IP, Setting(Mode.FLAG, bad), "rules.0")
    with pytest.raises(InvalidInput):
        rules.validate_setting(K.REFERRAL_RING, Setting(Mode.FLAG, 1), "rules.0")


def test_every_rule_has_a_published_description() -> None:
    for spec in CATALOGUE.values():
        assert spec.fires_when and spec.fires_when.endswith(".")
        assert ("{threshold}" in spec.fires_when) == (spec.default_threshold is not None)


def test_sequential_stems_and_look_alike_names() -> None:
    assert (
        email_stem("John3@example.org") == email_stem("john.12@example.org") == "john@example.org"
    )
    assert email_stem("j.o.h.n+1@gmail.com") == "john@gmail.com"
    assert email_stem("2024@example.org") == "2024@example.org"  # nothing but a number: kept
    assert name_key("  José   O'Neil ") == "jose o neil"
    assert names_alike("jon smith", "jhon smyth")
    assert not names_alike("anna kowalski", "piotr kowalski")  # family, not look-alikes
    assert names_alike("jon smith", "jon smith jr")  # a suffix: still one name
