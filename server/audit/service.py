"""Writing audit events: callers pass their transaction, so the row commits with the change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.audit.models import AuditEvent
from server.webhooks import events as webhook_events


class Channel(StrEnum):
    GRAPHQL = "graphql"
    SLACK = "slack"
    CLI = "cli"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting and through which door; filled by the API, CLI or a job."""

    kind: str = "anonymous"
    id: str | None = None
    channel: Channel = Channel.GRAPHQL
    request_id: str | None = None
    ip_hash: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


SYSTEM = Actor(kind="system", channel=Channel.SYSTEM)
CLI = Actor(kind="cli", channel=Channel.CLI)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(obj: Model, names: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in names}


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
    await AuditEvent.create(
        actor_kind=actor.kind,
        actor_id=actor.id,
        channel=actor.channel.value,
        action=action,
        target_type=type(target).__name__,
        target_id=str(target.pk),
        diff={k: [_plain(v) for v in pair] for k, pair in (changes or {}).items()},
        request_id=actor.request_id,
        ip_hash=actor.ip_hash,
        created_at=now,
        using_db=using,
    )
    # An audited change that is a webhook event is queued for delivery in the same transaction.
    await webhook_events.from_audit(
        action=action, target=target, changes=changes or {}, now=now, conn=using
    )
