"""The redirect's pseudonymous visitor hashes (client address, user agent), remembered per
process: the same few addresses and browsers come back visit after visit, and parsing an
address and computing an HMAC for each costs more than the rest of a click's bookkeeping.

Only hashes are ever stored or logged; the raw values live here as keys, as they already live
in the request, bounded in number and only for this process's life.
"""

from __future__ import annotations

from server.referrals import rules

MAX_ENTRIES = 4096


class VisitorHashes:
    """`rules.ip_hash` and `rules.keyed_hash` under one key, each answer computed once."""

    __slots__ = ("_ips", "_key", "_uas")

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._ips: dict[str, str] = {}
        self._uas: dict[str, str] = {}

    def ip(self, raw: str) -> str:
        found = self._ips.get(raw)
        if found is None:
            found = _remember(self._ips, raw, rules.ip_hash(self._key, raw))
        return found

    def user_agent(self, raw: str) -> str:
        found = self._uas.get(raw)
        if found is None:
            found = _remember(self._uas, raw, rules.keyed_hash(self._key, raw))
        return found


def _remember(table: dict[str, str], raw: str, hashed: str) -> str:
    # Bounded: a client inventing addresses or user agents only ever refills it.
    if len(table) >= MAX_ENTRIES:
        table.clear()
    table[raw] = hashed
    return hashed
