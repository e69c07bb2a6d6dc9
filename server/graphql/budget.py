"""The per-caller query budget: every operation spends its cost (server.graphql.cost) from a
points-per-window budget, as GitHub's and Shopify's GraphQL APIs do; the mutation rate limit
stays beside it. Every HTTP answer carries the IETF RateLimit fields; an operation the budget
cannot cover is not run and answers 429 with Retry-After and a RATE_LIMITED error."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, FragmentDefinitionNode, GraphQLError, OperationDefinitionNode
from starlette.responses import Response
from strawberry.types import ExecutionContext

from server.graphql.cost import measure
from server.graphql.limits import MAX_COST
from server.ratelimit import Budget

COST_CACHE_SIZE = 512
_COSTS: OrderedDict[tuple[str, str | None], int] = OrderedDict()


@dataclass(frozen=True, slots=True)
class Spent:
    requested: int
    budget: Budget


async def spend(ec: ExecutionContext) -> Spent | None:
    """Spend the operation's cost from the caller's budget (before it executes). Over budget,
    the answer is 429 and the operation's result a RATE_LIMITED error (so it does not run)."""
    context = ec.context
    response = _response(ec)
    operation = _operation(ec)
    if response is None or ec.graphql_document is None or operation is None:
        return None
    fragments = {
        d.name.value: d
        for d in ec.graphql_document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    requested = max(1, _cost(ec, operation, fragments))
    budget = await context.services.limiter.spend(
        context.settings.query_budget, requested, "query-budget", context.caller_key
    )
    if budget is None:
        return None
    set_headers(response, budget)
    if not budget.allowed:
        wait = max(1, budget.reset)
        response.status_code = 429
        response.headers["retry-after"] = str(wait)
        ec.result = ExecutionResult(
            data=None,
            errors=[
                GraphQLError(
                    f"Query budget exhausted: this operation costs {requested} "
                    f"and {budget.remaining} of {budget.limit} points are "
                    f"left; retry in {wait} s.",
                    extensions={"code": "RATE_LIMITED", "retryAfter": wait},
                )
            ],
        )
    return Spent(requested, budget)


async def show_unspent(ec: ExecutionContext) -> None:
    """Parse and validation failures never execute: their answer shows the budget unspent."""
    response = _response(ec)
    if response is None:
        return
    context = ec.context
    budget = await context.services.limiter.budget(
        context.settings.query_budget, "query-budget", context.caller_key
    )
    if budget is not None:
        set_headers(response, budget)


def results(spent: Spent | None) -> dict[str, Any]:
    if spent is None:
        return {}
    return {
        "cost": {
            "requested": spent.requested,
            "limit": spent.budget.limit,
            "remaining": spent.budget.remaining,
            "resetSeconds": spent.budget.reset,
            "maxPerOperation": MAX_COST,
        }
    }


def _cost(
    ec: ExecutionContext,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> int:
    """Documents repeat (the parser cache says so): a cost that no variable changes is
    measured once per document and operation."""
    key = (ec.query or "", ec.operation_name)
    cached = _COSTS.get(key)
    if cached is not None:
        _COSTS.move_to_end(key)
        return cached
    cost, varies = measure(ec.schema._schema, operation, fragments, ec.variables or {})
    if not varies:
        _COSTS[key] = cost
        if len(_COSTS) > COST_CACHE_SIZE:
            _COSTS.popitem(last=False)
    return cost


def _response(ec: ExecutionContext) -> Response | None:
    response = getattr(ec.context, "response", None)
    return response if isinstance(response, Response) else None


def _operation(ec: ExecutionContext) -> OperationDefinitionNode | None:
    document = ec.graphql_document
    name = ec.operation_name
    for d in document.definitions if document else ():
        if isinstance(d, OperationDefinitionNode) and (
            name is None or (d.name is not None and d.name.value == name)
        ):
            return d
    return None


def set_headers(response: Response, budget: Budget) -> None:
    response.headers["ratelimit-limit"] = str(budget.limit)
    response.headers["ratelimit-remaining"] = str(budget.remaining)
    response.headers["ratelimit-reset"] = str(budget.reset)
