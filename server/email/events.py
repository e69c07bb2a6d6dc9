"""Emails are written with the change they tell about: every audited change that is an
advocate email becomes an `EmailMessage` row in the same transaction (server/audit calls
`from_audit`, as it does for webhook events). Rows are unique per (event, recipient)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

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
SELECT ?, ?, c.id, a.id, ?, a.email, COALESCE(a.email_key, a.email), {data}, (c.test_mode OR ?),
    '', '', 'pending', 0, '', ?, ?
FROM campaign c, advocate a
WHERE c.id = ? AND a.id = ? AND (? OR {switched_on})
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id"""
_ENQUEUE = Statement.of(
    "email.enqueue",
    _INSERT.format(data="?", switched_on=_SWITCHED_ON_SQLITE),
    postgres=_INSERT.format(data="CAST(? AS jsonb)", switched_on=_SWITCHED_ON_POSTGRES),
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
        _ENQUEUE,
        [
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
        ],
    )
    return bool(written)


async def from_audit(
    *,
    action: str,
    target: Model,
    changes: Mapping[str, Any],
    now: datetime,
    conn: BaseDBAsyncClient,
) -> None:
    subject = type(target).__name__
    for kind in rules.kinds_for(action, subject, changes):
        await _write(kind, subject, target, now, conn)


async def _write(
    kind: EmailKind, subject: str, target: Model, now: datetime, conn: BaseDBAsyncClient
) -> None:
    from server.referrals.models import ReferralLink

    attrs = target.__dict__
    link_id: int | None = None
    if subject == "ReferralLink":
        advocate_id, campaign_id, link_id = attrs["advocate_id"], attrs["campaign_id"], target.pk
    elif subject == "Referral":
        link = await ReferralLink.get(id=attrs["link_id"], using_db=conn)
        advocate_id, campaign_id, link_id = link.advocate_id, link.campaign_id, link.id
    else:  # a Reward or a Milestone: only those of an advocate are emailed
        advocate_id, campaign_id = attrs.get("advocate_id"), attrs["campaign_id"]
        if advocate_id is None:
            return
    await enqueue(
        kind=kind,
        key=rules.dedupe_key(kind, subject, int(target.pk), int(advocate_id)),
        campaign_id=int(campaign_id),
        advocate_id=int(advocate_id),
        link_id=link_id,
        data={"subject": subject, "id": int(target.pk), "test": bool(attrs.get("test", False))},
        now=now,
        conn=conn,
    )
