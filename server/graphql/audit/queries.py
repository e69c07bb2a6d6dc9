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
    action: str
    target_type: str
    target_id: str
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
            id=strawberry.ID(str(m.id)),
            actor_kind=m.actor_kind,
            actor_id=m.actor_id,
            channel=m.channel,
            action=m.action,
            target_type=m.target_type,
            target_id=m.target_id,
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
