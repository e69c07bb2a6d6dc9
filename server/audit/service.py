"""Writing audit events: callers pass their transaction, so the row commits with the change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.audit import appends
from server.audit.models import AuditEvent
from server.clock import Clock, SystemClock
from server.email import events as email_events
from server.email import rules as email_rules
from server.webhooks import events as webhook_events
from server.webhooks import rules as webhook_rules

# The server's real clock (the app's injected one; tests freeze it). Audit rows are stamped with
# it, never with a campaign's test clock: callers pass the time the change happened at in the
# campaign, which a rehearsal may have run ahead.
_wall: list[Clock] = [SystemClock()]
# A test clock moves in whole hours; a smaller gap is just the time the work took.
_CAMPAIGN_CLOCK_STEP = timedelta(hours=1)
# The JSON columns' own encoder: the text is what Tortoise would have written.
_json = appends.json_encoder(AuditEvent, "diff")
_NO_EXTRA = _json({})


def use_clock(clock: Clock) -> None:
    """The app's real clock (create_app sets it)."""
    _wall[0] = clock


class Channel(StrEnum):
    GRAPHQL = "graphql"
    SLACK = "slack"
    CLI = "cli"
    SYSTEM = "system"
    STRIPE = "stripe"
    SHOPIFY = "shopify"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting and through which door; filled by the API, CLI or a job."""

    kind: str = "anonymous"
    id: str | None = None
    channel: Channel = Channel.GRAPHQL
    request_id: str | None = None
    ip_hash: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # An API key's mode: True for vch_test_, False for vch_live_, None when no key acts.
    key_test: bool | None = None


SYSTEM = Actor(kind="system", channel=Channel.SYSTEM)
CLI = Actor(kind="cli", channel=Channel.CLI)


def snapshot(obj: Model, names: list[str]) -> dict[str, Any]:
    return {name: appends.plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that changed, as {field: [before, after]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


async def record(
    *,
    actor: Actor,
    action: str,
    target: Model,
    now: datetime,
    changes: dict[str, Any] | None = None,
    using: BaseDBAsyncClient,
) -> None:
    """`now` is the moment in the campaign (its test clock, if it runs ahead): the row is
    stamped with real time and keeps `now` beside it only when they differ."""
    await record_on(
        actor=actor,
        action=action,
        subject=type(target).__name__,
        pk=target.pk,
        attrs=vars(target),
        now=now,
        changes=changes,
        using=using,
    )


async def record_on(
    *,
    actor: Actor,
    action: str,
    subject: str,
    pk: Any,
    attrs: Mapping[str, Any],
    now: datetime,
    changes: dict[str, Any] | None = None,
    using: BaseDBAsyncClient,
) -> None:
    """`record` for a target given by its model's name, primary key and field values (a row
    the use-case wrote without a model instance)."""
    await appends.add_audit(_event(actor, action, subject, pk, now, changes), using)
    # An audited change that is a webhook event or an email is queued in the same transaction.
    for queue in (webhook_events.from_audit, email_events.from_audit):
        await queue(
            action=action,
            subject=subject,
            pk=pk,
            attrs=attrs,
            changes=changes or {},
            now=now,
            conn=using,
        )


async def record_many(
    *,
    actor: Actor,
    action: str,
    target_type: str,
    changes: Sequence[tuple[int | str, dict[str, Any]]],
    now: datetime,
    using: BaseDBAsyncClient,
) -> None:
    """The rows `record` writes for one action on several targets of one type (by their
    model's name and primary key, no model needed), each with its changes, in one multi-row
    insert (or the use-case's collected appends). Only for changes that are neither a webhook
    event nor an email: those need their target (ValueError)."""
    events = []
    for pk, diff_ in changes:
        if webhook_rules.events_for(action, target_type, diff_) or email_rules.kinds_for(
            action, target_type, diff_
        ):
            raise ValueError(f"{action} on {target_type} is a webhook event or an email")
        events.append(_event(actor, action, target_type, pk, now, diff_))
    await appends.add_rows(AuditEvent, appends.AUDIT_COLUMNS, events, using)


def _event(
    actor: Actor,
    action: str,
    target_type: str,
    pk: Any,
    now: datetime,
    changes: dict[str, Any] | None,
) -> appends.Row:
    """An audit row's values in `appends.AUDIT_COLUMNS` order (JSON encoded as Tortoise would)."""
    real = _wall[0].now()
    ahead = abs(now - real) >= _CAMPAIGN_CLOCK_STEP
    return (
        actor.kind,
        actor.id,
        actor.channel._value_,
        _json(dict(actor.extra)) if actor.extra else _NO_EXTRA,
        action,
        target_type,
        str(pk),
        _json({k: [appends.plain(v) for v in pair] for k, pair in (changes or {}).items()}),
        actor.request_id,
        actor.ip_hash,
        real,
        now if ahead else None,
    )
