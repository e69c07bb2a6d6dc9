from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID
from strawberry.scalars import JSON
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.audit.models import AuditEvent as AuditEventModel
from server.clock import as_utc
from server.graphql.errors import bounded, node_id
from server.graphql.node import NODE_TYPES, Entity
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import needs

# Audit rows keep primary keys; the API shows the global ids clients know.
ACTOR_TYPES = {"staff": "StaffUser", "advocate": "Advocate"}
TARGET_TYPES = {"ReferralLink": "Link"}


def _public(type_name: str | None, key: str | None) -> str | None:
    if key is None or type_name not in NODE_TYPES or not key.isdigit():
        return key
    return str(node_id(type_name, int(key)))


def _stored(public: str | None) -> str | None:
    """The key audit rows keep for a global id (other ids, e.g. API keys', as given)."""
    if public is None:
        return None
    try:
        gid = GlobalID.from_id(public)
    except ValueError:
        return public
    return gid.node_id if gid.type_name in NODE_TYPES else public


@strawberry.type
class AuditEvent(Entity):
    node_model: ClassVar[type[Model]] = AuditEventModel
    node_permission: ClassVar[Permission] = Permission.AUDIT_READ
    id: relay.NodeID[int]
    actor_kind: str
    actor_id: str | None = strawberry.field(
        description="The staff user's or advocate's global id; an API key's public id."
    )
    channel: str
    actor_extra: JSON = strawberry.field(
        description="The chain behind the actor as stored: `api_key` (public id of the API "
        "key that called) and `slack_user` (the Slack user a bot key acted for); "
        "`actorKind`/`actorId` name the account whose permissions applied."
    )
    api_key_id: str | None = strawberry.field(
        description="Public id of the API key that made the call, also when it acted for someone."
    )
    acting_slack_user_id: str | None = strawberry.field(
        description="The Slack user a bot key acted for (delegation)."
    )
    action: str
    target_type: str
    target_id: str = strawberry.field(description="The target's global id where it has one.")
    changes: JSON = strawberry.field(description="{field: [before, after]} of what changed.")
    request_id: str | None
    created_at: datetime = strawberry.field(
        description="Real time, always: a test campaign's clock run ahead never moves it."
    )
    effective_at: datetime | None = strawberry.field(
        description="When the change took effect in the campaign, if that differs from "
        "createdAt by an hour or more: a test-mode campaign's own clock run ahead "
        "(advanceTestClock), or a late-reported event's own time. Null otherwise."
    )

    @classmethod
    def of(cls, m: AuditEventModel) -> AuditEvent:
        return cls(
            id=m.id,
            actor_kind=m.actor_kind,
            actor_id=_public(ACTOR_TYPES.get(m.actor_kind), m.actor_id),
            channel=m.channel,
            actor_extra=JSON(dict(m.actor_extra)),
            api_key_id=m.actor_extra.get("api_key"),
            acting_slack_user_id=m.actor_extra.get("slack_user"),
            action=m.action,
            target_type=m.target_type,
            target_id=_public(TARGET_TYPES.get(m.target_type, m.target_type), m.target_id) or "",
            changes=JSON(m.diff),
            request_id=m.request_id,
            created_at=m.created_at,
            effective_at=m.effective_at,
        )


@strawberry.type
class AuditQueries:
    @strawberry.field(extensions=needs(Permission.AUDIT_READ), description="Newest first.")
    async def audit_log(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        action: str | None = None,
        target_type: str | None = None,
        target_id: str | None = None,
        actor_id: str | None = None,
        since: datetime | None = None,
        until: Annotated[datetime | None, strawberry.argument(name="until")] = None,
    ) -> Connection[AuditEvent]:
        since = as_utc(since, "since") if since is not None else None
        until = as_utc(until, "until") if until is not None else None
        query = AuditEventModel.all()
        filters = {
            "action": bounded(AuditEventModel, "action", action, "action"),
            "target_type": bounded(AuditEventModel, "target_type", target_type, "targetType"),
            "target_id": bounded(AuditEventModel, "target_id", _stored(target_id), "targetId"),
            "actor_id": bounded(AuditEventModel, "actor_id", _stored(actor_id), "actorId"),
            "created_at__gte": since,
            "created_at__lt": until,
        }
        query = query.filter(**{k: v for k, v in filters.items() if v is not None})
        return await paginate(
            query, Page.of(first, after, last, before), AuditEvent.of, newest_first=True
        )
