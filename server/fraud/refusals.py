"""An advocate referring another advocate of the same campaign is refused (INVALID_STATE) and
the refusal rolls the request's transaction back. The attempt is still evidence of a ring
forming, so it is remembered afterwards in a transaction of its own, as the two advocates
(ids, no email), and ring detection (facts.ring) walks it like a referral: when the ring
closes later, its earlier referrals are re-scored although this edge never became one."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ParamSpec, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.errors import InvalidState
from server.fraud.models import RefusedEdge
from server.identity import canonical_email
from server.referrals.models import ReferralLink

P = ParamSpec("P")
T = TypeVar("T")
MESSAGE = "This friend is an advocate of the campaign and cannot be referred into it."


@dataclass(frozen=True, slots=True)
class Edge:
    campaign_id: int
    advocate_id: int
    friend_ids: tuple[int, ...]
    test: bool
    at: datetime
    actor: Actor | None


class AdvocateFriendRefused(InvalidState):
    """The refusal the caller gets (unchanged: INVALID_STATE on friend.email), carrying the
    attempted edge to remember once the transaction is rolled back."""

    def __init__(self, edge: Edge) -> None:
        super().__init__(MESSAGE, field="friend.email")
        self.edge = edge


async def refused(
    *,
    link: ReferralLink,
    friend_email: str | None,
    friend_external_id: str | None,
    test: bool,
    now: datetime,
    actor: Actor | None,
    conn: BaseDBAsyncClient,
) -> AdvocateFriendRefused:
    """The refusal for referring the campaign's advocate(s) with this email or external id."""
    who = Q(id=-1)
    if friend_email:
        key = canonical_email(friend_email)
        who |= Q(advocate__email=friend_email) | Q(advocate__email_key=key)
    if friend_external_id:
        who |= Q(advocate__external_id=friend_external_id)
    found = await (
        ReferralLink.filter(who, campaign_id=link.campaign_id)
        .exclude(advocate_id=link.advocate_id)
        .using_db(conn)
        .values_list("advocate_id", flat=True)
    )
    friends = tuple(sorted({int(str(i)) for i in found}))
    return AdvocateFriendRefused(
        Edge(link.campaign_id, link.advocate_id, friends, test, now, actor)
    )


async def remember(edge: Edge) -> None:
    """Count the attempt (one row per advocate, friend, campaign and kind), audited."""
    from server.audit.service import SYSTEM

    for friend_id in edge.friend_ids:
        key = {
            "campaign_id": edge.campaign_id,
            "advocate_id": edge.advocate_id,
            "friend_id": friend_id,
            "test": edge.test,
        }
        try:
            async with in_transaction() as conn:
                seen = RefusedEdge.filter(**key).using_db(conn)
                if await seen.update(attempts=F("attempts") + 1, last_at=edge.at):
                    continue
                row = await RefusedEdge.create(
                    **key, first_at=edge.at, last_at=edge.at, using_db=conn
                )
                await audit.record(
                    actor=edge.actor or SYSTEM,
                    action="fraud.refused_edge",
                    target=row,
                    now=edge.at,
                    changes={
                        "advocate_id": [None, edge.advocate_id],
                        "friend_id": [None, friend_id],
                    },
                    using=conn,
                )
        except IntegrityError:
            continue  # a twin request remembered it first


def remembering(use_case: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """The use-case, remembering an advocate-to-advocate attempt it refused."""

    @functools.wraps(use_case)
    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await use_case(*args, **kwargs)
        except AdvocateFriendRefused as exc:
            await remember(exc.edge)
            raise

    return run
