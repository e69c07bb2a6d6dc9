"""The per-caller query budget: every operation spends its cost (server.graphql.cost) from a
points-per-window budget, as GitHub's and Shopify's GraphQL APIs do; the mutation rate limit
stays beside it. Every HTTP answer carries the IETF RateLimit fields; an operation the budget
cannot cover is not run and answers 429 with Retry-After and a RATE_LIMITED error."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from graphql import ExecutionResult, FragmentDefinitionNode, GraphQLError, OperationDefinitionNode
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from server.graphql.cost import measure
from server.graphql.limits import MAX_COST
from server.ratelimit import Budget

COST_CACHE_SIZE = 512
_COSTS: OrderedDict[tuple[str, str | None], int] = OrderedDict()


class QueryBudget(SchemaExtension):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requested: int | None = None
        self.budget: Budget | None = None

    async def on_operation(self) -> Any:
        yield
        # Parse and validation failures never reach on_execute: show the budget unspent.
        response = self._response()
        if response is not None and self.budget is None:
            context = self.execution_context.context
            budget = await context.services.limiter.budget(
                context.settings.query_budget, "query-budget", context.caller_key
            )
            if budget is not None:
                set_headers(response, budget)

    async def on_execute(self) -> Any:
        context = self.execution_context.context
        response = self._response()
        document = self.execution_context.graphql_document
        operation = self._operation()
        if response is None or document is None or operation is None:
            yield
            return
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.requested = max(1, self._cost(operation, fragments))
        self.budget = await context.services.limiter.spend(
            context.settings.query_budget, self.requested, "query-budget", context.caller_key
        )
        if self.budget is not None:
            set_headers(response, self.budget)
            if not self.budget.allowed:
                wait = max(1, self.budget.reset)
                response.status_code = 429
                response.headers["retry-after"] = str(wait)
                self.execution_context.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"Query budget exhausted: this operation costs {self.requested} "
                            f"and {self.budget.remaining} of {self.budget.limit} points are "
                            f"left; retry in {wait} s.",
                            extensions={"code": "RATE_LIMITED", "retryAfter": wait},
                        )
                    ],
                )
        yield

    def get_results(self) -> dict[str, Any]:
        if self.requested is None or self.budget is None:
            return {}
        return {
            "cost": {
                "requested": self.requested,
                "limit": self.budget.limit,
                "remaining": self.budget.remaining,
                "resetSeconds": self.budget.reset,
                "maxPerOperation": MAX_COST,
            }
        }

    def _cost(
        self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
    ) -> int:
        """Documents repeat (the parser cache says so): a cost that no variable changes is
        measured once per document and operation."""
        key = (self.execution_context.query or "", self.execution_context.operation_name)
        cached = _COSTS.get(key)
        if cached is not None:
            _COSTS.move_to_end(key)
            return cached
        cost, varies = measure(
            self.execution_context.schema._schema,
            operation,
            fragments,
            self.execution_context.variables or {},
        )
        if not varies:
            _COSTS[key] = cost
            if len(_COSTS) > COST_CACHE_SIZE:
                _COSTS.popitem(last=False)
        return cost

    def _response(self) -> Response | None:
        response = getattr(self.execution_context.context, "response", None)
        return response if isinstance(response, Response) else None

    def _operation(self) -> OperationDefinitionNode | None:
        document = self.execution_context.graphql_document
        name = self.execution_context.operation_name
        operations = [
            d
            for d in (document.definitions if document else ())
            if isinstance(d, OperationDefinitionNode)
        ]
        for operation in operations:
            if name is None or (operation.name is not None and operation.name.value == name):
                return operation
        return None


def set_headers(response: Response, budget: Budget) -> None:
    response.headers["ratelimit-limit"] = str(budget.limit)
    response.headers["ratelimit-remaining"] = str(budget.remaining)
    response.headers["ratelimit-reset"] = str(budget.reset)
