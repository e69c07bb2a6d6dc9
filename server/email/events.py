"""Emails are written with the change they tell about: every audited change that is an
advocate email becomes an `EmailMessage` row in the same transaction (server/audit calls
`from_audit`, as it does for webhook events). Rows are unique per (event, recipient)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.audit import appends
from server.email import rules
from server.email.models import EmailKind
from server.sql import Statement, TortoiseExecutor

# One statement: the advocate's address and the campaign's switch and mode are read by the
# insert itself, and a key written before (an event replayed, a race already lost) is skipped.
_SWITCHED_ON_SQLITE = "NOT EXISTS (SELECT 1 FROM json_each(c.emails_off) WHERE value = ?)"
_SWITCHED_ON_POSTGRES = "NOT (c.emails_off @> jsonb_build_array(CAST(? AS text)))"
_INSERT = """INSERT INTO email_message (dedupe_key, kind, campaign_id, advocate_id, link_id,
    to_address, to_key, data, test, outcome, message_id, status, claims, last_error,
    created_at, updated_at)
"""
_ROW = """SELECT ?, ?, c.id, a.id, {link}, a.email, COALESCE(a.email_key, a.email), {data},
    (c.test_mode OR ?), '', '', 'pending', 0, '', {at}, {at}
FROM campaign c, advocate a
WHERE c.id = ? AND a.id = ? AND (? OR {switched_on})"""
_CONFLICT = "\nON CONFLICT (dedupe_key) DO NOTHING"


def _text(count: int, dialect: str) -> str:
    """`count` rows' SELECTs joined; PostgreSQL types a UNION's parameters as text unless
    told (one row takes the insert's column types)."""
    typed = dialect == "postgres" and count > 1
    row = _ROW.format(
        link="CAST(? AS integer)" if typed else "?",
        data="CAST(? AS jsonb)" if dialect == "postgres" else "?",
        at="CAST(? AS timestamptz)" if typed else "?",
        switched_on=_SWITCHED_ON_POSTGRES if dialect == "postgres" else _SWITCHED_ON_SQLITE,
    )
    return _INSERT + "\nUNION ALL\n".join([row] * count) + _CONFLICT


def postgres_text(count: int) -> str:
    """`count` rows' insert on PostgreSQL ('?' placeholders, nothing returned): a part of the
    one statement that writes a use-case's appended rows (server/audit/appends.py)."""
    return _text(count, "postgres")


_ENQUEUE = Statement.of(
    "email.enqueue",
    _text(1, "sqlite") + "\nRETURNING id",
    postgres=_text(1, "postgres") + "\nRETURNING id",
)


@lru_cache(maxsize=8)
def _enqueue_many(count: int) -> Statement:
    return Statement.of(
        "email.enqueue_many", _text(count, "sqlite"), postgres=_text(count, "postgres")
    )


def _params(
    kind: EmailKind,
    key: str,
    campaign_id: int,
    advocate_id: int,
    link_id: int | None,
    data: Mapping[str, object],
    now: datetime,
) -> tuple[object, ...]:
    return (
        key,
        kind.value,
        link_id,
        json.dumps(dict(data), separators=(",", ":")),
        bool(data.get("test")),
        now,
        now,
        campaign_id,
        advocate_id,
        kind not in rules.SWITCHABLE,
        kind.value,
    )


async def enqueue(
    *,
    kind: EmailKind,
    key: str,
    campaign_id: int,
    advocate_id: int,
    link_id: int | None,
    data: Mapping[str, object],
    now: datetime,
    conn: BaseDBAsyncClient,
) -> bool:
    """Write one message unless its key exists (an event replayed or a race already lost) or
    the campaign has switched this kind of email off; True when it was written."""
    written = await TortoiseExecutor(conn).rows(
        _ENQUEUE, _params(kind, key, campaign_id, advocate_id, link_id, data, now)
    )
    return bool(written)


async def enqueue_all(conn: BaseDBAsyncClient, params: Sequence[Sequence[object]]) -> None:
    """Messages collected by a use-case (`_params` each) in one statement, with `enqueue`'s
    rules for each; which were written is not read back."""
    if len(params) == 1:
        await TortoiseExecutor(conn).rows(_ENQUEUE, params[0])
    elif params:
        flat = [value for row in params for value in row]
        await TortoiseExecutor(conn).run(_enqueue_many(len(params)), flat)


async def from_audit(
    *,
    action: str,
    subject: str,
    pk: Any,
    attrs: Mapping[str, Any],
    changes: Mapping[str, Any],
    now: datetime,
    conn: BaseDBAsyncClient,
) -> None:
    for kind in rules.kinds_for(action, subject, changes):
        await _write(kind, subject, int(pk), attrs, now, conn)


async def _write(
    kind: EmailKind,
    subject: str,
    pk: int,
    attrs: Mapping[str, Any],
    now: datetime,
    conn: BaseDBAsyncClient,
) -> None:
    from server.referrals.models import ReferralLink

    link_id: int | None = None
    if subject == "ReferralLink":
        advocate_id, campaign_id, link_id = attrs["advocate_id"], attrs["campaign_id"], pk
    elif subject == "Referral":
        link = await ReferralLink.get(id=attrs["link_id"], using_db=conn)
        advocate_id, campaign_id, link_id = link.advocate_id, link.campaign_id, link.id
    else:  # a Reward or a Milestone: only those of an advocate are emailed
        advocate_id, campaign_id = attrs.get("advocate_id"), attrs["campaign_id"]
        if advocate_id is None:
            return
    params = _params(
        kind,
        rules.dedupe_key(kind, subject, pk, int(advocate_id)),
        int(campaign_id),
        int(advocate_id),
        link_id,
        {"subject": subject, "id": pk, "test": bool(attrs.get("test", False))},
        now,
    )
    # In a use-case that collects its appends, written with them at its end (one statement).
    pending = appends.pending_on(conn)
    if pending is None:
        await enqueue_all(conn, [params])
    else:
        pending.emails.append(params)
