"""Webhook events are written by the audit trail: every audited change that is a webhook event
type becomes a `WebhookEvent` row in the same transaction (one insert, no endpoint lookup on
the write path; the delivery worker fans it out)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.audit import appends
from server.webhooks import rules
from server.webhooks.models import WebhookEvent

_ID_TYPES = {
    "campaign_id": "Campaign",
    "link_id": "ReferralLink",
    "referral_id": "Referral",
    "conversion_id": "Conversion",
    "advocate_id": "Advocate",
}


# The payload column's own encoder: the text is what Tortoise would have written.
_json = appends.json_encoder(WebhookEvent, "payload")


def new_msg_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


# isinstance with a tuple: a `list | tuple` union would be built on every call.
_PAIR = (list, tuple)


# A conversion's events name its campaign and referral again and again: each id made once.
@lru_cache(maxsize=4096)
def _public_id(kind: str, pk: int) -> str:
    from server.graphql.errors import node_id

    return str(node_id(kind, pk))


# Per subject type, each allow-listed field once: (field, key in the event, type of the id it
# holds or None).
_PLANS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    subject: tuple(
        (name, name.removesuffix("_id"), _ID_TYPES[name])
        if name in _ID_TYPES
        else (name, name, None)
        for name in names
    )
    for subject, names in rules.SUBJECT_FIELDS.items()
}


def subject_data(
    subject: str, pk: Any, attrs: Mapping[str, Any], changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The subject (its model's name, primary key and field values) as the event shows it: its
    public id and allow-listed fields, with the values this change set (the in-memory object
    may predate a compare-and-set update)."""
    data: dict[str, Any] = {"id": _public_id(subject, int(pk))}
    for name, key, id_type in _PLANS.get(subject, ()):
        pair = changes.get(name)
        value = pair[1] if isinstance(pair, _PAIR) and len(pair) == 2 else attrs.get(name)
        if id_type is not None:
            data[key] = _public_id(id_type, int(value)) if value is not None else None
        else:
            data[key] = appends.plain(value)
    return data


def _row(event_type: str, data: dict[str, Any], now: datetime) -> appends.Row:
    """The event's row in WEBHOOK_COLUMNS order: the payload encoded once, as its column would
    encode it."""
    test = bool(data.get("test") or data.get("test_mode"))
    payload = {"type": event_type, "timestamp": now.isoformat(), "data": data}
    return (new_msg_id(), event_type, _json(payload), test, None, False, now)


async def emit(
    event_type: str,
    target: Model,
    *,
    now: datetime,
    conn: BaseDBAsyncClient,
    changes: Mapping[str, Any] | None = None,
) -> None:
    data = subject_data(type(target).__name__, target.pk, vars(target), changes or {})
    await appends.add_webhook(_row(event_type, data, now), conn)


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
    types = rules.events_for(action, subject, changes)
    if not types:
        return
    # One change's events (a referral created converted is two) show the same subject.
    data = subject_data(subject, pk, attrs, changes)
    for event_type in types:
        await appends.add_webhook(_row(event_type._value_, data, now), conn)
