from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from server.errors import InvalidInput
from server.referrals import rules


def test_codes_have_enough_entropy_in_an_unambiguous_alphabet() -> None:
    assert rules.CODE_BITS >= 40
    assert not set("01OILU") & set(rules.CODE_ALPHABET)
    codes = [rules.new_code() for _ in range(5000)]
    assert len(set(codes)) == len(codes)
    assert all(rules.is_wellformed_code(c) for c in codes)
    counts = Counter("".join(codes))
    assert set(counts) == set(rules.CODE_ALPHABET)  # every symbol is used


@given(st.text(alphabet=rules.CODE_ALPHABET, min_size=10, max_size=10))
def test_display_code_round_trips(code: str) -> None:
    shown = rules.format_code(code)
    assert shown[5] == "-" and rules.normalize_code(shown.lower()) == code
    assert rules.normalize_code(f" {shown[:3]} {shown[3:]} ") == code


@given(st.text())
def test_normalized_code_drops_whitespace_and_dashes_and_upper_cases(raw: str) -> None:
    assert rules.normalize_code(raw) == re.sub(r"[\s-]", "", raw).upper()


def test_emails_normalize_to_one_key() -> None:
    assert rules.normalize_email("  Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"
    for bad in ("ada", "ada@", "@example.com", "a b@example.com", "ada@localhost"):
        with pytest.raises(InvalidInput):
            rules.normalize_email(bad)


def test_money_and_keys() -> None:
    assert rules.validate_money(1, "usd") == "USD"
    for amount, currency in ((0, "USD"), (-5, "USD"), (10**16, "USD"), (5, "US"), (5, "U$D")):
        with pytest.raises(InvalidInput):
            rules.validate_money(amount, currency)
    assert rules.validate_idempotency_key("order-123:v1") == "order-123:v1"
    for key in ("short", "x" * 129, "has space in it", "ünïcode-key"):
        with pytest.raises(InvalidInput):
            rules.validate_idempotency_key(key)


def test_fingerprint_distinguishes_inputs() -> None:
    assert rules.request_fingerprint("a", 1, None) == rules.request_fingerprint("a", 1, None)
    assert rules.request_fingerprint("a", 1, None) != rules.request_fingerprint("a", 1, "")
    assert rules.request_fingerprint("ab", "c") != rules.request_fingerprint("a", "bc")


def test_keyed_hash_is_stable_per_key_and_hides_input() -> None:
    h = rules.keyed_hash(b"k1", "203.0.113.7")
    assert h == rules.keyed_hash(b"k1", "203.0.113.7") != rules.keyed_hash(b"k2", "203.0.113.7")
    assert "203" not in h and len(h) == 32


def test_attribution_window_bounds() -> None:
    clicked = datetime(2026, 3, 1, tzinfo=UTC)
    assert rules.within_window(clicked, clicked, 30)
    assert rules.within_window(clicked, clicked + timedelta(days=30, seconds=-1), 30)
    assert not rules.within_window(clicked, clicked + timedelta(days=30), 30)
    assert not rules.within_window(clicked, clicked - timedelta(seconds=1), 30)


def _library(raw: str) -> str | None:
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def test_plain_addresses_are_read_as_email_validator_reads_them() -> None:
    """The fast path for plain ASCII addresses answers as the library does, for every address
    it answers (the others go to the library): tricky ones and a seeded spray of near-misses."""
    tricky = [
        "ada@example.com", "Ada.Lovelace@Example.COM", "a+tag@mail.example.co.uk", "x@1.io",
        "a_b-c@a-b.c-d.org", "a@b.c1", "a@b.1", "a@b.c-", "a@-b.com", "a@b..com", ".a@b.com",
        "a.@b.com", "a..b@b.com", "a@xn--bcher-kva.com", "a@ab--cd.com", "a--b@c.com",
        "a@b.local", "a@b.test", "a@test", "a@localhost", "a@b.invalid", "a@x.onion",
        "a@1.2.3.4", "a@example", "Info@Example.com", "POSTMASTER@x.com",
        "a" * 64 + "@b.com", "a" * 65 + "@b.com", "a@" + "b" * 63 + ".com",
        "a@" + "b" * 64 + ".com", "a@" + ".".join(["b" * 60] * 4) + ".com",
        "a@" + ".".join(["b" * 40] * 6) + ".com", "a" * 60 + "@" + ".".join(["b" * 40] * 5) + ".io",
    ]  # fmt: skip
    rng = random.Random(7)  # noqa: S311 (a fixed spray, not a secret)
    alphabet = "aZ09._-+@"
    spray = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 12)))
        + rng.choice(["@b.com", ".com", "@x.local", "", "@a-.io", "@q.c0m"])
        for _ in range(3000)
    ]
    answered = 0
    for raw in tricky + spray:
        fast = rules._plain_email(raw)
        if fast is not None:
            answered += 1
            assert fast == _library(raw), raw
        expected = _library(raw)
        if expected is None:
            with pytest.raises(EmailNotValidError):
                rules._normalized_email.__wrapped__(raw)
        else:
            assert rules._normalized_email.__wrapped__(raw) == expected, raw
    assert answered > 100
