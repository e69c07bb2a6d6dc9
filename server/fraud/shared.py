"""Operator-marked shared networks: a campus, an office or event Wi-Fi (a /24, a /64 or one
address) where many unrelated people share addresses. Friends from a marked network still
show the network signals (shared IP, network cluster), at a lower weight and naming the mark:
weak evidence that never flags alone. Marking and unmarking are audited."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import Conflict, InvalidInput, NotFound
from server.fraud.models import SharedNetwork
from server.fraud.rules import RuleKey
from server.fraud.scoring import Signal

MAX_NOTE = 500
# The network signals a mark weakens, and the weight they keep on a marked network.
WEAKENED = {RuleKey.SHARED_IP: 10, RuleKey.NETWORK_CLUSTER: 10}


def parse(value: str) -> tuple[str, str]:
    """("network", "10.1.2.0/24") for a /24 or /64, ("address", "10.1.2.3") for one address."""
    raw = value.strip()
    try:
        if "/" not in raw:
            return "address", str(ipaddress.ip_address(raw))
        network = ipaddress.ip_network(raw, strict=False)
    except ValueError:
        raise InvalidInput(
            "Give an IP address, a /24 (IPv4) or a /64 (IPv6) network.", field="value"
        ) from None
    if network.prefixlen != (24 if network.version == 4 else 64):
        raise InvalidInput("Mark a /24 (IPv4) or a /64 (IPv6) network.", field="value")
    return "network", str(network)


async def mark(
    *,
    value: str,
    note: str,
    hash_ip: Callable[[str], str],
    hash_network: Callable[[str], str],
    actor: Actor,
    clock: Clock,
) -> SharedNetwork:
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"The note is at most {MAX_NOTE} characters.", field="note")
    kind, canonical = parse(value)
    if kind == "address":
        value_hash, scope = hash_ip(canonical), "address"
    else:
        value_hash, scope = (
            hash_network(canonical.partition("/")[0]),
            "/" + canonical.partition("/")[2],
        )
    now = clock.now()
    try:
        async with in_transaction() as conn:
            entry = await SharedNetwork.create(
                value_hash=value_hash,
                scope=scope,
                note=note.strip(),
                created_by=actor.id or actor.kind,
                created_at=now,
                using_db=conn,
            )
            await audit.record(
                actor=actor,
                action="shared_network.mark",
                target=entry,
                now=now,
                changes={"scope": [None, scope], "note": [None, entry.note]},
                using=conn,
            )
    except IntegrityError:
        raise Conflict("This network is already marked as shared.", field="value") from None
    return entry


async def unmark(*, entry_id: int, actor: Actor, clock: Clock) -> SharedNetwork:
    now = clock.now()
    async with in_transaction() as conn:
        entry = await SharedNetwork.get_or_none(id=entry_id, using_db=conn)
        if entry is None or not await SharedNetwork.filter(id=entry_id).using_db(conn).delete():
            raise NotFound("No such shared network.", field="id")
        await audit.record(
            actor=actor,
            action="shared_network.unmark",
            target=entry,
            now=now,
            changes={"scope": [entry.scope, None], "note": [entry.note, None]},
            using=conn,
        )
    return entry


async def weaken(
    found: list[Signal], hashes: list[str | None], conn: BaseDBAsyncClient
) -> list[Signal]:
    """The network signals of a friend on a marked network, at their lower weight. Asks the
    database only when such a signal fired."""
    if not any(s.rule in WEAKENED for s in found):
        return found
    wanted = sorted({h for h in hashes if h})
    marked = (
        await SharedNetwork.filter(value_hash__in=wanted).using_db(conn).first() if wanted else None
    )
    if marked is None:
        return found
    why = f" On a network marked as shared ({marked.note or 'no note'}): weak evidence."
    return [
        Signal(s.rule, s.severity, s.mode, s.reason + why, weight=WEAKENED[s.rule])
        if s.rule in WEAKENED
        else s
        for s in found
    ]
