"""Relay Global Object Identification.

Every entity type implements Strawberry's `relay.Node`: its `id` is an opaque global id
(base64 of `TypeName:primary key`). `node(id:)` and `nodes(ids:)` load through `Entity`,
which demands the same permission as the type's direct query, so `node` shows nothing the
direct field would not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar, Self

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.errors import Forbidden, InvalidInput, NotFound
from server.graphql.errors import primary_key

MAX_NODES = 100
# Every type that implements Node (kept in step by a test against the schema).
NODE_TYPES = frozenset(
    {
        "Advocate",
        "ApiKey",
        "AuditEvent",
        "BlocklistEntry",
        "Campaign",
        "Conversion",
        "LedgerEntry",
        "Link",
        "Milestone",
        "MilestoneRule",
        "Notification",
        "Referral",
        "Reward",
        "SharedNetwork",
        "StaffUser",
        "WebhookDelivery",
        "WebhookEndpoint",
    }
)


class Entity(relay.Node):
    """Mixin for node types: `node_model` rows, read behind `node_permission`."""

    node_model: ClassVar[type[Model]]
    node_permission: ClassVar[Permission]

    @classmethod
    def of(cls, m: Any) -> Self:
        raise NotImplementedError

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        viewer = info.context.viewer
        if not viewer.can(cls.node_permission):
            raise Forbidden(
                f"Needs the '{cls.node_permission.value}' permission."
                if viewer.authenticated
                else "Sign in or send an API key first."
            )
        keys = [primary_key(raw) for raw in node_ids]
        wanted = [k for k in keys if k is not None]
        rows = {int(r.pk): r for r in await cls.node_model.filter(id__in=wanted)} if wanted else {}
        found = [cls.of(rows[k]) if k in rows else None for k in keys]
        if required and any(f is None for f in found):
            raise NotFound(f"No such {cls.__name__}.", field="id")
        return found


async def _load(
    info: strawberry.Info, ids: list[strawberry.ID], *, many: bool
) -> list[relay.Node | None]:
    """The objects of `ids`; an id that is not one is refused at its input path (`id` of
    `node`, `ids.N` of `nodes`)."""
    if len(ids) > MAX_NODES:
        raise InvalidInput(f"At most {MAX_NODES} ids.", field="ids")
    wanted: dict[type[Entity], list[tuple[int, str]]] = defaultdict(list)
    for index, raw in enumerate(ids):
        try:
            gid = GlobalID.from_id(str(raw))
        except ValueError:
            raise InvalidInput("Not a valid id.", field=f"ids.{index}" if many else "id") from None
        definition = info.schema.get_type_by_name(gid.type_name)
        origin = getattr(definition, "origin", None)
        if isinstance(origin, type) and issubclass(origin, Entity):
            wanted[origin].append((index, gid.node_id))
    found: list[relay.Node | None] = [None] * len(ids)
    for node_type, keyed in wanted.items():
        rows = await node_type.resolve_nodes(info=info, node_ids=[k for _, k in keyed])
        for (index, _), row in zip(keyed, rows, strict=True):
            found[index] = row
    return found


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global id; null when there is none.")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> relay.Node | None:
        return (await _load(info, [id], many=False))[0]

    @strawberry.field(
        description=f"Objects by their global ids (at most {MAX_NODES}), in order; "
        "null where there is none."
    )
    async def nodes(
        self, info: strawberry.Info, ids: list[strawberry.ID]
    ) -> list[relay.Node | None]:
        return await _load(info, ids, many=True)
