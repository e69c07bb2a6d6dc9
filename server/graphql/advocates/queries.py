from __future__ import annotations

import strawberry

from server.advocates.models import Advocate as AdvocateModel
from server.graphql.advocates.types import Advocate
from server.graphql.errors import parse_id


@strawberry.type
class AdvocateQueries:
    @strawberry.field
    async def advocate(self, id: strawberry.ID) -> Advocate | None:
        found = await AdvocateModel.get_or_none(id=parse_id(id))
        return Advocate.of(found) if found else None
