"""The root schema, assembled from per-domain query and mutation parts."""

from __future__ import annotations

from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from server.errors import DomainError
from server.graphql.accounts.mutations import AccountMutations
from server.graphql.accounts.queries import AccountQueries
from server.graphql.advocates.data import AdvocateDataMutations, AdvocateDataQueries
from server.graphql.advocates.queries import AdvocateQueries
from server.graphql.audit.queries import AuditQueries
from server.graphql.budget import QueryBudget
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
from server.graphql.limits import MAX_TOKENS, limits_extension
from server.graphql.milestones.mutations import MilestoneMutations
from server.graphql.milestones.queries import MilestoneQueries
from server.graphql.node import NodeQueries
from server.graphql.notifications.mutations import NotificationMutations
from server.graphql.notifications.queries import NotificationQueries, NotificationSubscriptions
from server.graphql.observability import Observe
from server.graphql.payouts import PayoutQueries
from server.graphql.portal.queries import PortalMutations, PortalQueries
from server.graphql.referrals.mutations import ReferralMutations
from server.graphql.referrals.queries import ReferralQueries
from server.graphql.rewards.mutations import RewardMutations
from server.graphql.rewards.queries import RewardPreviewQueries, RewardQueries
from server.graphql.scalars import SCALARS
from server.graphql.trusted import TrustedDocuments
from server.graphql.webhooks.mutations import WebhookMutations
from server.graphql.webhooks.queries import WebhookQueries
from server.transient import is_transient, unavailable


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
    JoinMutations,
    EmailMutations,
    IntegrationMutations,
):
    pass


@strawberry.type
class Subscription(NotificationSubscriptions):
    pass


class ErrorCodes(SchemaExtension):
    """Give expected failures outside mutation payloads (bad cursor, page size) a stable code."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in (result.errors or []) if result is not None else []:
            original = error.original_error
            if isinstance(original, DomainError):
                error.extensions = {
                    **(error.extensions or {}),
                    "code": original.code.value,
                    "field": original.field,
                }
            elif original is not None and is_transient(original):
                # The database is down or busy: a retryable code, never a bare message.
                down = unavailable()
                error.message = down.message
                error.extensions = {
                    **(error.extensions or {}),
                    "code": down.code.value,
                    "retryable": True,
                    "retryAfter": down.retry_after,
                }


def _is_unexpected(error: GraphQLError) -> bool:
    """Only an exception raised while resolving a field (it has a path) that is not a domain
    error is ours; parse, validation and variable-coercion errors are the caller's."""
    original = error.original_error
    return (
        error.path is not None
        and original is not None
        and not isinstance(original, DomainError | GraphQLError)
        and not is_transient(original)
    )


def _mask(error: GraphQLError) -> bool:
    """Hide unexpected failures; domain errors and validation/limit messages stay readable."""
    return _is_unexpected(error)


class VouchSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only failures of our own code: a FORBIDDEN, a bad cursor or an invalid query is
        the caller's business, and logging each with a traceback would let anyone flood the log."""
        unexpected = [e for e in errors if _is_unexpected(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, production: bool) -> strawberry.Schema:
    extensions: list[object] = [
        Observe,
        ErrorCodes,
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        TrustedDocuments,  # after ValidationCache: a refusal replaces its errors
        limits_extension,
        QueryBudget,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
    if production:
        extensions += [DisableIntrospection, lambda: MaskErrors(should_mask_error=_mask)]
    return VouchSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,  # type: ignore[arg-type]
        config=StrawberryConfig(scalar_map=SCALARS, disable_field_suggestions=production),
    )


schema = build_schema(production=False)
