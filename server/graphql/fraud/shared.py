"""Operator-marked shared networks: list, mark, unmark (the blocklist's permission)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from server.accounts.permissions import Permission
from server.fraud import service, shared
from server.fraud.models import SharedNetwork as SharedNetworkModel
from server.graphql.context import Info
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.node import Entity
from server.graphql.pagination import Connection, Page, paginate
from server.graphql.permissions import mutation_needs, needs


@strawberry.type(
    description="A network marked as shared (campus, office, event Wi-Fi): friends from it are "
    "weak evidence. Only its keyed hash is stored, never the address."
)
class SharedNetwork(Entity):
    node_model: ClassVar[type[Model]] = SharedNetworkModel
    node_permission: ClassVar[Permission] = Permission.FRAUD_REVIEW
    id: relay.NodeID[int]
    scope: str = strawberry.field(description='"/24", "/64" or "address".')
    value_hash: str = strawberry.field(description="The keyed hash of the network or address.")
    note: str
    created_by: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: SharedNetworkModel) -> SharedNetwork:
        return cls(
            id=m.id,
            scope=m.scope,
            value_hash=m.value_hash,
            note=m.note,
            created_by=m.created_by,
            created_at=m.created_at,
        )


SharedNetworkResult = Annotated[SharedNetwork | UserError, strawberry.union("SharedNetworkResult")]


@strawberry.input
class MarkSharedNetworkInput:
    value: str = strawberry.field(
        description="An IP address, or a /24 (IPv4) or /64 (IPv6) network, e.g. 203.0.113.0/24."
    )
    note: str = strawberry.field(default="", description="e.g. 'Campus Wi-Fi'.")


@strawberry.type
class SharedNetworkQueries:
    @strawberry.field(extensions=needs(Permission.FRAUD_REVIEW), description="Newest first.")
    async def shared_networks(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SharedNetwork]:
        return await paginate(
            SharedNetworkModel.all(),
            Page.of(first, after, last, before),
            SharedNetwork.of,
            newest_first=True,
        )


@strawberry.type
class SharedNetworkMutations:
    @strawberry.mutation(
        extensions=mutation_needs(Permission.FRAUD_REVIEW),
        description="Mark a network or address as shared (campus, office, event Wi-Fi): its "
        "shared-IP and network-cluster signals become weak evidence that never flags alone.",
    )
    async def mark_shared_network(
        self, info: Info, input: MarkSharedNetworkInput
    ) -> SharedNetworkResult:
        async def run() -> SharedNetwork:
            ctx = info.context
            return SharedNetwork.of(
                await shared.mark(
                    value=input.value,
                    note=input.note,
                    hash_ip=service.ip_hasher(ctx.settings),
                    hash_network=service.network_hasher(ctx.settings),
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.FRAUD_REVIEW))
    async def unmark_shared_network(self, info: Info, id: strawberry.ID) -> SharedNetworkResult:
        async def run() -> SharedNetwork:
            ctx = info.context
            return SharedNetwork.of(
                await shared.unmark(
                    entry_id=parse_id(id, "id", "SharedNetwork"), actor=ctx.actor, clock=ctx.clock
                )
            )

        return await attempt(run())
