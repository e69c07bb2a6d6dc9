"""The root schema, assembled from per-domain query and mutation parts."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from server.graphql import direct, lean
from server.graphql.accounts.mutations import AccountMutations
from server.graphql.accounts.queries import AccountQueries
from server.graphql.advocates.data import AdvocateDataMutations, AdvocateDataQueries
from server.graphql.advocates.queries import AdvocateQueries
from server.graphql.audit.queries import AuditQueries
from server.graphql.campaigns.mutations import CampaignMutations
from server.graphql.campaigns.preflight import PreflightMutations, PreflightQueries
from server.graphql.campaigns.queries import CampaignQueries
from server.graphql.email.public import JoinMutations, JoinQueries
from server.graphql.email.staff import EmailMutations, EmailQueries
from server.graphql.fraud.mutations import FraudMutations
from server.graphql.fraud.queries import FraudQueries
from server.graphql.fraud.shared import SharedNetworkMutations, SharedNetworkQueries
from server.graphql.integrations.mutations import IntegrationMutations
from server.graphql.integrations.queries import IntegrationQueries
from server.graphql.milestones.mutations import MilestoneMutations
from server.graphql.milestones.queries import MilestoneQueries
from server.graphql.node import NodeQueries
from server.graphql.notifications.mutations import NotificationMutations
from server.graphql.notifications.queries import NotificationQueries, NotificationSubscriptions
from server.graphql.payouts import PayoutMutations, PayoutQueries
from server.graphql.pipeline import Execution, Pipeline, is_unexpected, pipeline, runner
from server.graphql.portal.queries import PortalMutations, PortalQueries
from server.graphql.referrals.mutations import ReferralMutations
from server.graphql.referrals.queries import ReferralQueries
from server.graphql.rewards.mutations import RewardMutations
from server.graphql.rewards.queries import RewardPreviewQueries, RewardQueries
from server.graphql.scalars import SCALARS
from server.graphql.webhooks.mutations import WebhookMutations
from server.graphql.webhooks.queries import WebhookQueries


@strawberry.type
class Query(
    AccountQueries,
    CampaignQueries,
    PreflightQueries,
    AdvocateQueries,
    ReferralQueries,
    RewardQueries,
    AuditQueries,
    PortalQueries,
    RewardPreviewQueries,
    MilestoneQueries,
    NotificationQueries,
    FraudQueries,
    SharedNetworkQueries,
    NodeQueries,
    WebhookQueries,
    AdvocateDataQueries,
    PayoutQueries,
    JoinQueries,
    EmailQueries,
    IntegrationQueries,
):
    pass


@strawberry.type
class Mutation(
    AccountMutations,
    CampaignMutations,
    PreflightMutations,
    ReferralMutations,
    PortalMutations,
    RewardMutations,
    MilestoneMutations,
    NotificationMutations,
    FraudMutations,
    SharedNetworkMutations,
    WebhookMutations,
    AdvocateDataMutations,
    PayoutMutations,
    JoinMutations,
    EmailMutations,
    IntegrationMutations,
):
    pass


@strawberry.type
class Subscription(NotificationSubscriptions):
    pass


class VouchSchema(strawberry.Schema):
    def _create_execution_context(
        self,
        query: str | None,
        allowed_operation_types: Iterable[OperationType],
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionContext:
        return Execution(
            query=query,
            schema=self,
            allowed_operations=allowed_operation_types,
            context=context_value,
            root_value=root_value,
            variables=variable_values,
            provided_operation_name=operation_name,
            operation_extensions=operation_extensions,
        )

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """With the Pipeline as the only extension, its phases run straight (server.graphql.
        direct); any other set of extensions runs as Strawberry runs it."""
        make = self._only_pipeline
        if make is None:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        if allowed_operation_types is None:
            allowed_operation_types = DEFAULT_ALLOWED_OPERATION_TYPES
        ec = self._create_execution_context(
            query=query,
            allowed_operation_types=allowed_operation_types,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            operation_extensions=operation_extensions,
        )
        extension = make()
        extension.execution_context = ec
        return await direct.run(self, extension, ec)

    @functools.cached_property
    def _only_pipeline(self) -> type[Pipeline] | None:
        """The Pipeline's class when Strawberry would build it alone for each operation."""
        if len(self.extensions) != 1 or self.directives:
            return None
        only = self.extensions[0]
        if not isinstance(only, type) or not issubclass(only, Pipeline):
            return None
        return None if self.config.enable_experimental_incremental_execution else only

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        return runner(execution_context, extensions)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only failures of our own code: a FORBIDDEN, a bad cursor or an invalid query is
        the caller's business, and logging each with a traceback would let anyone flood the log."""
        unexpected = [e for e in errors if is_unexpected(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


@functools.cache
def build_schema(*, production: bool) -> strawberry.Schema:
    """One schema per mode per process, shared by every app built in it (it holds no per-app
    state: settings and services reach resolvers through the request context). The validation
    cache (server/graphql/pipeline.py) is keyed by schema and keeps 512 entries, so building one
    per app kept up to 512 schemas alive (~13k objects each): in a process that builds many
    apps, as the test suite does (one per test), the heap grew to millions of objects and each
    of the garbage collector's full passes stopped the event loop for seconds."""
    built = VouchSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[pipeline(production=production)],
        config=StrawberryConfig(scalar_map=SCALARS, disable_field_suggestions=production),
        execution_context_class=lean.Executor,
    )
    lean.install(built)
    return built


schema = build_schema(production=False)
