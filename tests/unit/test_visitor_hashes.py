"""The redirect's remembered visitor hashes are the hashes the rest of Vouch computes."""

from __future__ import annotations

from server.referrals import rules
from server.tracking import visitor
from server.tracking.visitor import VisitorHashes

KEY = b"k" * 32


def test_remembered_hashes_equal_the_rules_and_stay_bounded() -> None:
    hashes = VisitorHashes(KEY)
    for raw in ("203.0.113.7", "::ffff:203.0.113.7", "2001:db8::1", ""):
        assert hashes.ip(raw) == rules.ip_hash(KEY, raw)
        assert hashes.ip(raw) == rules.ip_hash(KEY, raw)  # remembered, same answer
    assert hashes.ip("::ffff:203.0.113.7") == hashes.ip("203.0.113.7")
    assert hashes.user_agent("UA/1") == rules.keyed_hash(KEY, "UA/1")
    assert VisitorHashes(b"other" * 8).ip("203.0.113.7") != hashes.ip("203.0.113.7")
    for n in range(visitor.MAX_ENTRIES + 10):
        hashes.user_agent(f"UA/{n}")
    assert len(hashes._uas) <= visitor.MAX_ENTRIES
