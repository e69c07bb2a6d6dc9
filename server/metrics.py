"""Prometheus metrics: every counter Vouch keeps is defined here, and `/metrics` serves them.

Other modules only import and bump these (`metrics.LOST_CLICKS.inc()`). Labels are bounded:
routes are templates (`/r/{code}`), GraphQL operation names are cut to a fixed number of
distinct names. With several worker processes set `PROMETHEUS_MULTIPROC_DIR` to an empty
directory shared by them: values then live in files and any worker answers for all.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import re
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import Scope
from tortoise.queryset import QuerySet

REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "vouch_http_requests_total",
    "HTTP requests by route template, method and status code.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "vouch_http_request_duration_seconds",
    "HTTP request latency by route template and method.",
    ["route", "method"],
    registry=REGISTRY,
)
GRAPHQL_OPERATIONS = Counter(
    "vouch_graphql_operations_total",
    "GraphQL operations by operation name, type and outcome (ok or error).",
    ["operation", "type", "outcome"],
    registry=REGISTRY,
)
GRAPHQL_LATENCY = Histogram(
    "vouch_graphql_operation_duration_seconds",
    "GraphQL operation latency by operation name and type.",
    ["operation", "type"],
    registry=REGISTRY,
)
REDIRECTS = Counter(
    "vouch_redirects_total",
    "Share-link requests (/r/...) by outcome: redirected, not_found, rate_limited.",
    ["outcome"],
    registry=REGISTRY,
)
EMAILS = Counter(
    "vouch_emails_total",
    "Advocate emails by kind and outcome: smtp (sent), file (written), suppressed, failed "
    "(an attempt that will be retried or given up), bounced (refused for good).",
    ["outcome", "kind"],
    registry=REGISTRY,
)
LOST_CLICKS = Counter(
    "vouch_lost_clicks_total",
    "Share-link clicks that were redirected but could not be recorded.",
    registry=REGISTRY,
)
CONVERSIONS = Counter(
    "vouch_conversions_total",
    "recordConversion results: recorded (new) or replayed (same idempotency key).",
    ["outcome"],
    registry=REGISTRY,
)
CONVERSIONS_WAITING = Gauge(
    "vouch_conversions_waiting",
    "Conversions waiting for a slot (VOUCH_CONVERSION_CONCURRENCY) in this process.",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)
WEBHOOK_DELIVERIES = Counter(
    "vouch_webhook_deliveries_total",
    "Outbound webhook delivery attempts by outcome: delivered (2xx) or failed.",
    ["outcome"],
    registry=REGISTRY,
)
WEBHOOK_LATENCY = Histogram(
    "vouch_webhook_delivery_seconds",
    "Time from sending an outbound webhook to the receiver's answer (or the error).",
    registry=REGISTRY,
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
INTEGRATION_EVENTS = Counter(
    "vouch_integration_events_total",
    "Inbound Stripe/Shopify webhook events by provider and outcome: processed, unmatched "
    "(matches no referral), ignored, deferred, duplicate, unknown_type, bad_signature.",
    ["provider", "outcome"],
    registry=REGISTRY,
)
OUTBOX_DEPTH = Gauge(
    "vouch_outbox_depth",
    "Outbox rows not yet delivered (pending or claimed), by stream.",
    ["stream"],
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
OUTBOX_OLDEST_AGE = Gauge(
    "vouch_outbox_oldest_age_seconds",
    "Age of the oldest undelivered outbox row, by stream (0 when empty).",
    ["stream"],
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_OPERATION_NAMES = 200
_seen_operations: set[str] = set()


def operation_label(name: str | None) -> str:
    """A bounded label for a client-chosen operation name."""
    if not name:
        return "anonymous"
    if not _NAME.match(name):
        return "invalid"
    if name not in _seen_operations:
        if len(_seen_operations) >= MAX_OPERATION_NAMES:
            return "other"
        _seen_operations.add(name)
    return name


# Set while a launch preflight simulates friends: its clicks and orders are rolled back, so
# they must not be counted either.
SIMULATING: ContextVar[bool] = ContextVar("vouch_metrics_simulating", default=False)


def live() -> bool:
    """Whether what happens now is real traffic (not a preflight's simulation)."""
    return not SIMULATING.get()


_OUTCOMES = {404: "not_found", 429: "rate_limited"}
_redirect_children: dict[str, Any] = {}  # labels() once per outcome: it costs more than inc()


def count_redirect(response: Response) -> Response:
    if live():
        outcome = _OUTCOMES.get(response.status_code, "redirected")
        child = _redirect_children.get(outcome)
        if child is None:
            child = _redirect_children[outcome] = REDIRECTS.labels(outcome=outcome)
        child.inc()
    return response


def route_of(routes: list[BaseRoute], scope: Scope) -> str:
    """The route template that served the request. Starlette's router notes the route it
    matched in the scope; only a request it did not route is matched again here."""
    matched = scope.get("route")
    if matched is not None and any(matched is route for route in routes):
        return str(getattr(matched, "path", "other"))
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return str(getattr(route, "path", "other"))
    return "unmatched"


async def refresh_outbox() -> None:
    """Outbox depth and age are read from the database at scrape time, per stream."""
    from server.notifications.models import Notification, NotificationStatus
    from server.outbox.lease import OutboxStatus
    from server.webhooks.models import WebhookDelivery, WebhookEvent

    streams: dict[str, QuerySet[Any]] = {
        "notifications": Notification.filter(
            status__in=[NotificationStatus.PENDING, NotificationStatus.CLAIMED]
        ),
        "webhook_events": WebhookEvent.filter(fanned_out=False),  # not yet fanned out
        "webhooks": WebhookDelivery.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.CLAIMED]),
    }
    now = datetime.now(UTC)
    for stream, waiting in streams.items():
        oldest = await waiting.order_by("created_at").first().values("created_at")
        OUTBOX_DEPTH.labels(stream=stream).set(await waiting.count())
        age = (now - oldest["created_at"]).total_seconds() if oldest else 0.0
        OUTBOX_OLDEST_AGE.labels(stream=stream).set(max(age, 0.0))


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def endpoint(token: str | None) -> Callable[[Request], Awaitable[Response]]:
    """GET /metrics: off (404) without VOUCH_METRICS_TOKEN, else only with that bearer."""
    expected = f"Bearer {token}".encode() if token else None

    async def metrics(request: Request) -> Response:
        if expected is None:
            return PlainTextResponse("Not Found", status_code=404)
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return PlainTextResponse(
                "Send the metrics token.", status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        # A scrape during a database outage still shows the counters.
        with contextlib.suppress(Exception):
            await refresh_outbox()
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)

    return metrics
