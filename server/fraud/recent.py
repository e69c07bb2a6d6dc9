"""An advocate's recent referrals and the groups a new friend joins among them (bursts,
networks, sequential addresses, look-alike names): read with a new friend's other facts
(facts.friend_facts), or on their own at an order."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.campaigns.cache import as_datetime
from server.fraud import queries as q
from server.identity import canonical_email, email_stem, name_key, names_alike

RECENT_ROWS = 300  # an advocate's referrals looked at for bursts, networks and look-alikes
WINDOW = timedelta(days=7)
# An advocate's recent friends are compared with every new friend of theirs: each address's
# stem is worked out once (a pure function of the address).
_stem = lru_cache(maxsize=8192)(email_stem)


@dataclass(frozen=True, slots=True)
class RecentRow:
    id: int
    friend_key: str | None
    friend_name: str | None
    net_hash: str | None
    last_hour: bool
    last_day: bool


@dataclass(frozen=True, slots=True)
class Recent:
    """An advocate's referrals of the last 7 days, and the groups the new friend joins."""

    last_hour: list[int]
    last_day: list[int]
    network: list[int]
    stem: list[int]
    names: list[int]


# The groups a new friend's screening found, for its first order in the same transaction
# (clusters.after_order), so they are not read twice: (transaction, key, groups).
_screened: ContextVar[tuple[BaseDBAsyncClient, tuple[Any, ...], Recent] | None] = ContextVar(
    "vouch_fraud_screened", default=None
)


def remember_recent(conn: BaseDBAsyncClient, key: tuple[Any, ...], found: Recent) -> None:
    _screened.set((conn, key, found))


async def recent(
    *,
    advocate_id: int,
    test: bool,
    now: datetime,
    friend_email: str | None,
    friend_name: str,
    net_hash: str | None,
    conn: BaseDBAsyncClient,
) -> Recent:
    """One query: bursts (velocity), networks, sequential addresses and look-alike names;
    none when this transaction's screening of the friend found them at the same moment."""
    memo = _screened.get()
    key = (advocate_id, test, now, friend_email, friend_name, net_hash)
    if memo is not None and memo[0] is conn and memo[1] == key:
        return memo[2]
    rows = await q.executor(conn).rows(
        q.RECENT, [advocate_id, test, now - WINDOW, now, RECENT_ROWS]
    )
    found = []
    for row in rows:
        created = as_datetime(row["created_at"])
        assert created is not None
        found.append(
            RecentRow(
                int(row["id"]),
                row["friend_key"],
                row["friend_name"],
                row["net_hash"],
                created > now - timedelta(hours=1),
                created > now - timedelta(days=1),
            )
        )
    return groups(found, friend_email=friend_email, friend_name=friend_name, net_hash=net_hash)


def groups(
    rows: list[RecentRow], *, friend_email: str | None, friend_name: str, net_hash: str | None
) -> Recent:
    """The bursts and groups the new friend joins among an advocate's recent referrals."""
    stem = email_stem(friend_email) if friend_email else None
    own = canonical_email(friend_email) if friend_email else None
    name = name_key(friend_name)
    hour, day, network, stems, names = [], [], [], [], []
    for row in rows:
        rid, key, other_name, net = row.id, row.friend_key, row.friend_name, row.net_hash
        if row.last_hour:
            hour.append(rid)
        if row.last_day:
            day.append(rid)
        if net_hash is not None and net == net_hash:
            network.append(rid)
        if stem is not None and key and key != own and _stem(key) == stem:
            stems.append(rid)
        if len(name) > 3 and other_name and names_alike(name, name_key(other_name)):
            names.append(rid)
    return Recent(hour, day, network, stems, names)
