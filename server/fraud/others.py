"""The friend's other people: other friends who used the same device, card or phone, and the
other advocates one friend ordered for (counting links sticky attribution kept). Prepared
statements (queries.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from server.fraud import queries as q
from server.fraud.evidence import Evidence
from server.referrals.models import Referral, ReferralLink

SHARED_ROWS = 50
SHARED_WINDOW = timedelta(days=30)


async def shared_evidence(
    *, evidence: Evidence | None, friend_key: str | None, test: bool, now: datetime,
    conn: BaseDBAsyncClient, exclude_id: int | None = None,
) -> tuple[list[int], int, str]:  # fmt: skip
    """Other friends (other inboxes) who used this device, card or phone within 30 days:
    (their referral ids, how many people in all, which identifier)."""
    given = {k: v for k, v in (evidence.given() if evidence else {}).items() if k != "address"}
    if not given:
        return [], 0, ""
    rows = [
        (r["id"], r["friend_key"], r["device_hash"], r["payment_hash"], r["phone_hash"])
        for r in await q.executor(conn).rows(
            q.SHARED,
            [
                given.get("device"),
                given.get("payment"),
                given.get("phone"),
                test,
                now - SHARED_WINDOW,
                friend_key,
                friend_key,
                exclude_id or 0,
                SHARED_ROWS,
            ],
        )
    ]
    if not rows:
        return [], 0, ""
    people = {str(r[1] or r[0]) for r in rows}
    kinds = {
        kind
        for r in rows
        for kind, value in zip(("device", "payment", "phone"), r[2:], strict=True)
        if value is not None and given.get(kind) == value
    }
    what = " and ".join(sorted(kinds)).replace("payment", "payment card")
    return [int(r[0]) for r in rows], 1 + len(people), what


async def kept_touches(referral_ids: list[int], conn: BaseDBAsyncClient) -> set[int]:
    """Links of other advocates the friend came through later, whose signups and orders
    sticky attribution kept with these referrals (audited as `referral.attribution_kept`)."""
    ex = q.executor(conn)
    rows = await ex.rows(q.KEPT, [q.texts(ex, [str(r) for r in referral_ids]), SHARED_ROWS])
    found: set[int] = set()
    for row in rows:
        diff = q.as_json(row["diff"])
        change = diff.get("candidate_link_id") if isinstance(diff, dict) else None
        if isinstance(change, list) and len(change) == 2 and isinstance(change[1], int):
            found.add(change[1])
    return found


async def advocates_for_friend(
    referral: Referral,
    link: ReferralLink,
    touched_link_id: int | None,
    others: list[tuple[int, int]],
    conn: BaseDBAsyncClient,
) -> tuple[int, list[int]]:
    """How many advocates the friend (one inbox or external id) ordered for, counting links
    sticky attribution kept with the friend's referral; and the friend's other converted
    referrals (the cluster). `others`: the friend's converted referrals and their advocates
    (`friend_facts`)."""
    advocates = {a for _, a in others} | {link.advocate_id}
    via: set[int] = set()
    if touched_link_id is not None and touched_link_id != link.id:
        via.add(touched_link_id)
    if via or any(r != referral.id for r, _ in others):  # seen with another advocate
        via |= await kept_touches([referral.id, *(r for r, _ in others)], conn)
    if via:
        ex = q.executor(conn)
        rows = await ex.rows(q.LINK_ADVOCATES, [q.ids(ex, sorted(via))])
        advocates |= {int(r["advocate_id"]) for r in rows}
    return len(advocates), [r for r, _ in others if r != referral.id]
