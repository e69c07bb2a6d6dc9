"""recordConversion's first read as one prepared statement (`server.sql`): the idempotency key
held and what it recorded, the request's touches (clicks, the code's link, their advocates and
campaigns) and the friend's existing referral, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.advocates.models import Advocate
from server.campaigns.models import Campaign
from server.referrals.models import Click, Conversion, Referral, ReferralLink
from server.referrals.sql import _by_key_text, build, columns, existing_or_advocate_text
from server.sql import Statement, TortoiseExecutor

# ---- touches: the request's visit tokens and referral code, with their links, advocates and
# campaigns, in one read ------------------------------------------------------------------------


@dataclass(slots=True)
class TouchRows:
    """Clicks by visit token and links by id (their advocate and campaign attached)."""

    clicks: dict[str, Click] = field(default_factory=dict)
    links: dict[int, ReferralLink] = field(default_factory=dict)
    campaigns: dict[int, Campaign] = field(default_factory=dict)
    by_code: ReferralLink | None = None
    # The friend's referral in the campaign of the touches (or the one asked), and whether the
    # friend is an advocate of it, read with them (PostgreSQL: locked, and only when the key
    # is held and recorded nothing): ((campaign id, email, its key, external id), the
    # referral, whether an advocate).
    friend: tuple[tuple[Any, ...], Referral | None, bool] | None = None


def _linked() -> str:
    return f"""{columns(ReferralLink, "l")}, {columns(Advocate, "a")}, {columns(Campaign, "k")}
FROM referral_link l JOIN advocate a ON a.id = l.advocate_id
JOIN campaign k ON k.id = l.campaign_id"""


@cache
def _touches(tokens: int) -> Statement:
    return Statement.of(f"touches.links_{tokens}", _touches_text(tokens))


def _touches_text(tokens: int, first: str = "") -> str:
    """`first`: columns selected before the touches' own (with their trailing comma)."""
    marks = ", ".join("?" * tokens)
    nulls = ", ".join(f"NULL AS c_{c}" for c in sorted(Click._meta.db_fields))
    return f"""SELECT {first}{columns(Click, "c")}, {_linked()} JOIN click c ON c.link_id = l.id
WHERE c.visit_token IN ({marks})
UNION ALL SELECT {first}{nulls}, {_linked()} WHERE l.code = ?"""


async def touch_rows(conn: BaseDBAsyncClient, tokens: Sequence[str], code: str | None) -> TouchRows:
    """The clicks of `tokens` and the link of `code` (None: none asked)."""
    if not tokens and code is None:
        return TouchRows()
    stmt = _touches(max(1, len(tokens)))
    params: list[Any] = [*tokens] if tokens else [None]
    return _touch_rows(await TortoiseExecutor(conn).rows(stmt, [*params, code]))


def _touch_rows(found: list[dict[str, Any]]) -> TouchRows:
    out = TouchRows()
    for row in found:
        link = out.links.get(int(row["l_id"]))
        if link is None:
            link = out.links[int(row["l_id"])] = build(ReferralLink, "l", row)
            link.advocate = build(Advocate, "a", row)
            if link.campaign_id not in out.campaigns:
                out.campaigns[link.campaign_id] = build(Campaign, "k", row)
        if row["c_id"] is None:
            out.by_code = link
        else:
            click = build(Click, "c", row)
            out.clicks[click.visit_token] = click
    return out


@cache
def _by_key_and_touches(tokens: int) -> Statement:
    """The key held (PostgreSQL: a transaction-scoped advisory lock taken without waiting;
    SQLite: always, its write transactions run one at a time) and the conversion it recorded,
    with `_touches` in the same read: the key's row (`part` 0), then the touches' rows (`part`
    1), each with the other's columns as NULLs. A twin that commits between this statement's
    snapshot and the lock is caught by the insert's UNIQUE key, and the attempt is retried.
    Also the friend's referral in the campaign asked, else that of the first click's link,
    else the code's (`x_cid`): SQLite's `part` 2 (`existing_or_advocate_text`), PostgreSQL's
    key row (`_pg_by_key_and_touches`)."""
    touch_cols = [
        f"{alias}_{c}"
        for alias, model in (("c", Click), ("l", ReferralLink), ("a", Advocate), ("k", Campaign))
        for c in sorted(model._meta.db_fields)
    ]
    held_cols = ["held", *(f"v_{c}" for c in sorted(Conversion._meta.db_fields))]
    more = "".join(f", NULL AS {c}" for c in touch_cols)
    touches = _touches_text(tokens, "1, " + "".join("NULL, " for _c in held_cols))
    marks = ", ".join("?" * tokens)
    friend_cols = ["x_cid", *(f"r_{c}" for c in sorted(Referral._meta.db_fields))]
    friend = existing_or_advocate_text(
        "(SELECT cid FROM w)",
        "2, " + "".join("NULL, " for _c in [*held_cols, *touch_cols]) + "(SELECT cid FROM w), ",
    )
    return Statement.of(
        f"conversion.hold_and_replay_with_touches_{tokens}",
        f"""WITH w(cid) AS (SELECT COALESCE(?, (SELECT l.campaign_id FROM click c
JOIN referral_link l ON l.id = c.link_id WHERE c.visit_token IN ({marks}) LIMIT 1),
(SELECT campaign_id FROM referral_link WHERE code = ?)))
SELECT t.*{"".join(f", NULL AS {c}" for c in friend_cols)}, NULL AS friend_is_advocate FROM (
{_by_key_text("sqlite", "0 AS part, ", more)}\nUNION ALL {touches}) t
UNION ALL {friend}""",
        postgres=_pg_by_key_and_touches(tokens, more, len(held_cols) + len(friend_cols) + 1),
    )


def _pg_by_key_and_touches(tokens: int, more: str, nulls: int) -> str:
    """PostgreSQL: the key's row carries the friend's referral, read locked (`FOR NO KEY
    UPDATE`, as `sql.existing_referral` reads it), and whether the friend is an advocate, in
    the campaign asked, else that of the first click's link, else the code's (`x_cid`). Only
    when the key is held and recorded nothing (what the transaction then goes on to convert):
    the advisory lock is tried first, and a replay or a twin in flight locks no referral."""
    marks = ", ".join("?" * tokens)
    friend = ", ".join(["w.cid AS x_cid", *(f"e.r_{c}" for c in sorted(Referral._meta.db_fields))])
    touches = _touches_text(tokens, "1, " + "NULL, " * nulls)
    return f"""WITH h AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(?) AS held),
w(cid) AS (SELECT COALESCE(?::int, (SELECT l.campaign_id FROM click c
JOIN referral_link l ON l.id = c.link_id WHERE c.visit_token IN ({marks}) LIMIT 1),
(SELECT campaign_id FROM referral_link WHERE code = ?))),
e AS (SELECT {columns(Referral, "r")} FROM referral r
WHERE (SELECT held FROM h) AND NOT EXISTS (SELECT 1 FROM conversion k
WHERE k.idempotency_scope = ? AND k.idempotency_key = ?)
AND r.campaign_id = (SELECT cid FROM w)
AND (r.friend_email = ? OR r.friend_key = ? OR r.friend_external_id = ?)
ORDER BY CASE WHEN r.friend_email = ? OR r.friend_key = ? THEN 0 ELSE 1 END, r.id LIMIT 1
FOR NO KEY UPDATE)
SELECT 0 AS part, h.held, {columns(Conversion, "v")}, {friend},
EXISTS (SELECT 1 FROM referral_link l JOIN advocate a ON a.id = l.advocate_id
WHERE l.campaign_id = w.cid AND (a.email = ? OR a.email_key = ? OR a.external_id = ?))
AS friend_is_advocate{more}
FROM h CROSS JOIN w LEFT JOIN conversion v
ON h.held AND v.idempotency_scope = ? AND v.idempotency_key = ?
LEFT JOIN e ON true
UNION ALL {touches}"""


async def hold_and_replay_with_touches(
    conn: BaseDBAsyncClient,
    lock_id: int,
    scope: str,
    key: str,
    tokens: Sequence[str],
    code: str | None,
    friend: tuple[int | None, str | None, str | None, str | None],
) -> tuple[bool, Conversion | None, TouchRows]:
    """Whether this transaction holds the key, the conversion recorded under it, and
    `touch_rows(tokens, code)` (read whether or not the key is held or replayed); on SQLite with
    the friend's referral (`friend`: the campaign asked, if any, the friend's email, its key and
    external id)."""
    ex = TortoiseExecutor(conn)
    params: list[Any] = [*tokens] if tokens else [None]
    campaign_id, email, email_key, ext = friend
    stmt = _by_key_and_touches(max(1, len(tokens)))
    whose = [email, email_key, ext]
    if ex.dialect == "sqlite":
        lead = [campaign_id, *params, code]
        found = await ex.rows(stmt, [*lead, lock_id, scope, key, *params, code, *whose * 2])
        reads = [r for r in found if r["part"] == 2]
    else:
        lead = [lock_id, campaign_id, *params, code, scope, key, *whose, email, email_key]
        found = await ex.rows(stmt, [*lead, *whose, scope, key, *params, code])
        reads = [r for r in found if r["part"] == 0 and r["held"] and r["v_id"] is None]
    row = next(r for r in found if r["part"] == 0)
    touches = _touch_rows([r for r in found if r["part"] == 1])
    for read in reads:
        referral = build(Referral, "r", read) if read["r_id"] is not None else None
        asked = (read["x_cid"], email, email_key, ext)
        touches.friend = asked, referral, bool(read["friend_is_advocate"])
    if not row["held"] or row["v_id"] is None:
        return bool(row["held"]), None, touches
    return True, build(Conversion, "v", row), touches


@cache
def _campaign() -> Statement:
    return Statement.of(
        "touches.campaign", f"SELECT {columns(Campaign, 'k')} FROM campaign k WHERE k.id = ?"
    )


async def campaign_by_id(conn: BaseDBAsyncClient, campaign_id: int) -> Campaign | None:
    rows = await TortoiseExecutor(conn).rows(_campaign(), [campaign_id])
    return build(Campaign, "k", rows[0]) if rows else None
