from __future__ import annotations

import strawberry

from server.accounts.permissions import Permission
from server.advocates.models import Advocate as AdvocateModel
from server.graphql.advocates.types import Advocate
from server.graphql.errors import parse_id
from server.graphql.permissions import needs


@strawberry.type
class AdvocateQueries:
    @strawberry.field(extensions=needs(Permission.ADVOCATES_READ))
    async def advocate(self, id: strawberry.ID) -> Advocate | None:
        found = await AdvocateModel.get_or_none(id=parse_id(id, "id", "Advocate"))
        return Advocate.of(found) if found else None
