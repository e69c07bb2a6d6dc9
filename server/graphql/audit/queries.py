from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from server.accounts.permissions import Permission
from server.audit.models import AuditEvent as AuditEventModel
from server.clock import as_utc
from server.graphql.pagination import Connection, paginate
from server.graphql.permissions import needs


@strawberry.type
class AuditEvent:
    id: strawberry.ID
    actor_kind: str
    actor_id: str | None
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
    target_id: str
    changes: JSON = strawberry.field(description="{field: [before, after]} of what changed.")
    request_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: AuditEventModel) -> AuditEvent:
        return cls(
            id=strawberry.ID(str(m.id)),
            actor_kind=m.actor_kind,
            actor_id=m.actor_id,
            channel=m.channel,
            actor_extra=JSON(dict(m.actor_extra)),
            api_key_id=m.actor_extra.get("api_key"),
            acting_slack_user_id=m.actor_extra.get("slack_user"),
            action=m.action,
            target_type=m.target_type,
            target_id=m.target_id,
            changes=JSON(m.diff),
            request_id=m.request_id,
            created_at=m.created_at,
        )


@strawberry.type
class AuditQueries:
    @strawberry.field(extensions=needs(Permission.AUDIT_READ), description="Newest first.")
    async def audit_log(
        self,
        first: int | None = None,
        after: str | None = None,
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
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "actor_id": actor_id,
            "created_at__gte": since,
            "created_at__lt": until,
        }
        query = query.filter(**{k: v for k, v in filters.items() if v is not None})
        return await paginate(query, first, after, AuditEvent.of, newest_first=True)
