"""The queries that gather facts for screening: each one indexed and bounded, a prepared
statement (queries.py)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.fraud import patterns
from server.fraud import queries as q
from server.fraud.evidence import Evidence
from server.fraud.recent import RECENT_ROWS, WINDOW, RecentRow
from server.fraud.rules import BlockKind
from server.identity import canonical_email
from server.sql import Executor, Statement

RING_ROWS = 1000  # per hop: enough for any real ring, bounded for a pathological graph


@dataclass(frozen=True, slots=True)
class BlockQuery:
    """What to look up on the blocklist: the friend's email (and its domain's parents), the
    addresses, their networks, the advocate."""

    friend_email: str | None
    ip_hashes: list[str]
    advocate_id: int | None
    net_hashes: list[str]

    def parents(self) -> list[str]:
        if not self.friend_email:
            return []
        parts = patterns.domain_of(self.friend_email).split(".")
        return [".".join(parts[i:]) for i in range(len(parts) - 1)]

    def hits(self, entries: list[dict[str, Any]]) -> tuple[list[str], bool]:
        """Why the entries match, and whether a blocked address's network matches."""
        found = patterns.blocklist_hits(
            [patterns.BlockEntry(BlockKind(e["a"]), e["b"], e["c"]) for e in entries],
            friend_email=self.friend_email,
            ip_hashes=self.ip_hashes,
            advocate_id=self.advocate_id,
        )
        near = any(e["d"] in self.net_hashes for e in entries if e["d"])
        return found, near


async def blocklist_hits(
    *,
    friend_email: str | None,
    ip_hashes: list[str],
    advocate_id: int | None,
    conn: BaseDBAsyncClient | None,
    net_hashes: list[str] | None = None,
) -> tuple[list[str], bool]:
    """Why the blocklist matches, and whether a blocked address's network matches."""
    found = await friend_facts(
        advocate_id=None, pairs=None, since=None, evidence=None, conn=conn,
        block=BlockQuery(friend_email, ip_hashes, advocate_id, net_hashes or []),
    )  # fmt: skip
    return found.blocked, found.near


async def ring(
    advocate_email: str,
    friend_email: str,
    max_people: int,
    test: bool,
    conn: BaseDBAsyncClient,
    first_hop: list[tuple[str, str]] | None = None,
) -> list[str] | None:
    """Walk who-referred-whom from the friend, up to max_people - 1 hops, across campaigns:
    referrals, and referrals of an advocate that were refused (refusals.py). One statement
    per hop; a friend who referred no one (the common case) costs one, or none when the
    first hop was read already (`first_hop`, from `friend_facts`)."""
    referred: dict[str, set[str]] = {}
    seen = {canonical_email(friend_email)}
    frontier = set(seen)
    ex = q.executor(conn)
    for hop in range(max_people - 1):
        if hop == 0 and first_hop is not None:
            edges = first_hop
        else:
            keys = q.texts(ex, sorted(frontier))
            rows = await ex.rows(q.RING_HOP, [keys, test, RING_ROWS, keys, test, RING_ROWS])
            edges = [(str(r["who"]), str(r["whom"])) for r in rows if r["whom"]]
        for who, whom in edges:
            referred.setdefault(who, set()).add(whom)
        frontier = {whom for _, whom in edges} - seen
        seen |= frontier
        if not frontier:
            break
    return patterns.ring_path(
        canonical_email(advocate_email), canonical_email(friend_email), referred, max_people
    )


async def ring_edges(path: list[str], test: bool, conn: BaseDBAsyncClient) -> list[int]:
    """The referrals that are the cycle's earlier edges (all but advocate -> friend)."""
    edges = list(zip(path[1:], [*path[2:], path[0]], strict=True))
    ex = q.executor(conn)
    found: list[int] = []
    for who, whom in edges:
        found += [int(r["id"]) for r in await ex.rows(q.RING_EDGE, [who, whom, test])]
    return sorted(set(found))


@dataclass(frozen=True, slots=True)
class FriendFacts:
    same_device: bool  # the advocate was seen on one of the friend's devices
    own: tuple[str, ...]  # which of the friend's identifiers are the advocate's own
    from_ip: int | None  # friends of the campaign from the address today, this one included
    blocked: list[str]  # why the blocklist matches
    near: bool  # a blocked address's network matches
    orders_day: int | None = None  # the advocate's orders of the day before the order
    orders_hour: int | None = None  # ... and of its last hour
    same_friend: list[tuple[int, int]] | None = None  # (referral id, advocate id)
    recent: list[RecentRow] | None = None  # the advocate's referrals of the last days
    ring_hop: list[tuple[str, str]] | None = None  # who the friend referred: (who, whom)


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """An order's facts: the advocate's orders before it (when `velocity`), the friend's
    converted referrals (when `friend`)."""

    advocate_id: int
    test: bool
    when: datetime
    velocity: bool
    friend: bool
    friend_key: str | None
    friend_external_id: str | None


@dataclass(frozen=True, slots=True)
class SignupQuery:
    """A new friend's facts: the advocate's recent referrals, and the first hop of the ring
    walk from the friend's inbox (`ring_key`, when rings are looked for)."""

    advocate_id: int
    test: bool
    now: datetime
    ring_key: str | None


@dataclass(frozen=True, slots=True)
class OrderAsk:
    """An order's facts (`friend_facts`' arguments): asked with a new friend's facts when the
    order creates the referral, so both come back in one statement (`order_facts`)."""

    advocate_id: int
    pairs: set[tuple[str | None, str | None]] | None
    since: datetime
    evidence: Evidence
    block: BlockQuery | None
    order: OrderQuery


# An order's facts read with its new friend's, in this transaction: (transaction, ask, facts).
_asked: ContextVar[tuple[BaseDBAsyncClient, OrderAsk, FriendFacts] | None] = ContextVar(
    "vouch_fraud_order_facts", default=None
)


async def order_facts(ask: OrderAsk, conn: BaseDBAsyncClient) -> FriendFacts:
    """`friend_facts` of the ask; read already when this transaction's new friend's screening
    asked the same (nothing the facts count is written in between: the friend's new referral
    is the one the order's facts leave out)."""
    memo = _asked.get()
    if memo is not None and memo[0] is conn and memo[1] == ask:
        _asked.set(None)
        return memo[2]
    return await friend_facts(**_order_args(ask), conn=conn)


def _order_args(ask: OrderAsk) -> dict[str, Any]:
    return {
        "advocate_id": ask.advocate_id, "pairs": ask.pairs, "since": ask.since,
        "evidence": ask.evidence, "block": ask.block, "order": ask.order,
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Plan:
    """The statements one `friend_facts` call runs, and what reading their rows needs."""

    given: dict[str, str]
    count_ip: bool
    block: BlockQuery | None
    order: OrderQuery | None
    signup: SignupQuery | None
    runs: list[tuple[Statement, list[Any]]]


async def friend_facts(
    *,
    advocate_id: int | None,
    pairs: set[tuple[str | None, str | None]] | None,
    since: datetime | None,
    evidence: Evidence | None,
    conn: BaseDBAsyncClient | None,
    campaign_id: int | None = None,
    ip_hash: str | None = None,
    now: datetime | None = None,
    block: BlockQuery | None = None,
    order: OrderQuery | None = None,
    signup: SignupQuery | None = None,
    then: OrderAsk | None = None,
) -> FriendFacts:
    """The device (when `pairs` and `since`), identifier (when `evidence`), address (when
    `campaign_id`, `ip_hash` and `now`), blocklist (when `block`) and order (`order`) facts,
    and signup (`signup`) facts, in one statement (a third device or more takes another);
    none asked, none run. `then`: an order's facts asked in the same statement, for
    `order_facts` later in this transaction (a new friend's signup facts only)."""
    ex = q.executor(conn)
    plan = _plan(ex, advocate_id, pairs, since, evidence, campaign_id, ip_hash, now, block, order,
                 signup)  # fmt: skip
    if plan is None:
        return FriendFacts(False, (), None, [], False)
    later = _plan(ex, **_order_args(then), campaign_id=None, ip_hash=None, now=None,
                  signup=None) if then and conn else None  # fmt: skip
    if (
        conn is not None and then is not None and later is not None
        and [s for s, _ in plan.runs] == [q.SIGNUP_FACTS]
        and [s for s, _ in later.runs] == [q.FRIEND_FACTS]
    ):  # fmt: skip
        rows = await ex.rows(q.SIGNUP_ORDER_FACTS, plan.runs[0][1] + later.runs[0][1])
        _asked.set((conn, then, _read(later, [r for r in rows if r["part"] == 1])))
        return _read(plan, [r for r in rows if r["part"] == 0])
    found: list[dict[str, Any]] = []
    for stmt, params in plan.runs:
        found += await ex.rows(stmt, params)
    return _read(plan, found)


def _plan(
    ex: Executor,
    advocate_id: int | None,
    pairs: set[tuple[str | None, str | None]] | None,
    since: datetime | None,
    evidence: Evidence | None,
    campaign_id: int | None,
    ip_hash: str | None,
    now: datetime | None,
    block: BlockQuery | None,
    order: OrderQuery | None,
    signup: SignupQuery | None,
) -> _Plan | None:
    known = sorted((ip, ua) for ip, ua in pairs or () if ip is not None and ua is not None)
    if since is None or advocate_id is None:
        known = []
    given = {k: v for k, v in (evidence.given() if evidence else {}).items() if k != "address"}
    if advocate_id is None:
        given = {}
    count_ip = campaign_id is not None and ip_hash is not None and now is not None
    if order is not None and not (order.velocity or order.friend):
        order = None
    if not (known or given or count_ip or block or order or signup):
        return None
    chunks = [known[i : i + 2] for i in range(0, len(known), 2)] or [[]]
    runs: list[tuple[Statement, list[Any]]] = []
    for n, chunk in enumerate(chunks):
        slots = [v for pair in chunk for v in pair] + [None] * (4 - 2 * len(chunk))
        first = n == 0
        ask = block if first else None
        asked = order if first else None
        velocity = asked is not None and asked.velocity
        friend = asked is not None and asked.friend
        when = asked.when if asked else None
        day = [asked.advocate_id, asked.test, asked.when - timedelta(days=1)] if asked else []
        hour = asked.when - timedelta(hours=1) if asked else None
        more = _signup_params(signup) if first and signup else []
        runs.append((
            q.SIGNUP_FACTS if more else q.FRIEND_FACTS,
            [
                advocate_id, since if chunk else None, *slots,
                advocate_id, q.texts(ex, sorted(given.values()) if first else []),
                campaign_id if first and count_ip else None, ip_hash,
                (now - timedelta(days=1)) if now else None, now,
                ask is not None,
                q.texts(ex, ask.parents() if ask else []),
                q.texts(ex, ask.ip_hashes if ask else []),
                q.texts(ex, ask.net_hashes if ask else []),
                str(ask.advocate_id) if ask and ask.advocate_id is not None else None,
                hour, velocity, *(day or [None, None, None]), when,
                friend, asked.friend_key if asked else None,
                asked.friend_external_id if asked else None, asked.test if asked else None,
                *more,
            ],
        ))  # fmt: skip
    return _Plan(given, count_ip, block, order, signup, runs)


def _read(plan: _Plan, rows: list[dict[str, Any]]) -> FriendFacts:
    given, count_ip, block, order, signup = (
        plan.given, plan.count_ip, plan.block, plan.order, plan.signup
    )  # fmt: skip
    same_device = any(r["tag"] == "device" and int(r["n"]) > 0 for r in rows)
    ip_count = [int(r["n"]) for r in rows if r["tag"] == "ip"]
    mine = {str(r["a"]) for r in rows if r["tag"] == "own" and given.get(str(r["a"])) == r["b"]}
    blocked: list[str] = []
    near = False
    if block is not None:
        blocked, near = block.hits(sorted((r for r in rows if r["tag"] == "block"), key=_n))
    # The first statement's (a third device's asks no orders).
    orders = next(r for r in rows if r["tag"] == "orders") if order and order.velocity else None
    return FriendFacts(
        same_device,
        tuple(sorted(mine)),
        1 + ip_count[0] if count_ip and ip_count else None,
        blocked,
        near,
        int(orders["n"]) if orders else None,
        int(orders["a"]) if orders else None,
        [(int(r["n"]), int(r["a"])) for r in rows if r["tag"] == "friend"]
        if order is not None and order.friend
        else None,
        [
            RecentRow(int(r["n"]), r["a"], r["b"], r["c"], r["d"] == "h", r["d"] in ("h", "d"))
            for r in rows
            if r["tag"] == "recent"
        ]
        if signup is not None
        else None,
        [(str(r["a"]), str(r["b"])) for r in rows if r["tag"] == "ring" and r["b"]]
        if signup is not None and signup.ring_key is not None
        else None,
    )


def _signup_params(signup: SignupQuery) -> list[Any]:
    now, walk = signup.now, signup.ring_key is not None
    return [
        now - timedelta(hours=1), now - timedelta(days=1),
        signup.advocate_id, signup.test, now - WINDOW, now, RECENT_ROWS,
        walk, signup.ring_key, signup.test, RING_ROWS,
        walk, signup.ring_key, signup.test, RING_ROWS,
    ]  # fmt: skip


def _n(row: dict[str, Any]) -> int:
    return int(row["n"])


async def advocate_evidence(
    advocate_id: int, evidence: Evidence | None, conn: BaseDBAsyncClient
) -> tuple[str, ...]:
    """Which of the friend's identifiers (device, payment, phone) are the advocate's own."""
    found = await friend_facts(
        advocate_id=advocate_id, pairs=None, since=None, evidence=evidence, conn=conn
    )
    return found.own
