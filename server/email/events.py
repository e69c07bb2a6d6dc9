"""Emails are written with the change they tell about: every audited change that is an
advocate email becomes an `EmailMessage` row in the same transaction (server/audit calls
`from_audit`, as it does for webhook events). Rows are unique per (event, recipient)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.email import rules
from server.email.models import EmailKind, EmailMessage
from server.identity import canonical_email


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
) -> EmailMessage | None:
    """Write one message unless its key exists (an event replayed or a race already lost) or
    the campaign has switched this kind of email off."""
    from server.advocates.models import Advocate
    from server.campaigns.models import Campaign

    campaign = await Campaign.get(id=campaign_id, using_db=conn)
    if not rules.is_switched_on(kind, campaign.emails_off):
        return None  # the campaign does not send this kind (a per-campaign switch)
    if await EmailMessage.exists(dedupe_key=key, using_db=conn):
        return None
    advocate = await Advocate.get(id=advocate_id, using_db=conn)
    return await EmailMessage.create(
        dedupe_key=key,
        kind=kind,
        campaign_id=campaign_id,
        advocate_id=advocate_id,
        link_id=link_id,
        to_address=advocate.email,
        to_key=canonical_email(advocate.email),
        data=dict(data),
        test=campaign.test_mode or bool(data.get("test")),
        created_at=now,
        updated_at=now,
        using_db=conn,
    )


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
