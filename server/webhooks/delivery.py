"""The webhook delivery worker: fans new events out to subscribed endpoints, then claims due
deliveries through the outbox lease (server/outbox/lease.py), so any number of workers (each
`serve` process, `vouch jobs run-once`) can run it at once; signs each request per Standard
Webhooks, logs every attempt, retries with backoff and disables an endpoint that keeps
failing (telling Slack through the notifications outbox)."""

from __future__ import annotations

import json
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook
from tortoise.exceptions import DoesNotExist
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from server import metrics
from server.audit import service as audit
from server.audit.service import SYSTEM
from server.clock import Clock
from server.outbox import lease
from server.secretbox import SecretBox
from server.sql import Statement, TortoiseExecutor
from server.text import storable
from server.webhooks import notify, rules
from server.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from server.webhooks.ssrf import Refused, target

log = logging.getLogger("vouch.webhooks")


def _wall() -> datetime:
    return datetime.now(UTC)


@cache
def _tls() -> ssl.SSLContext:
    """httpx's default TLS context (certifi's roots; SSL_CERT_FILE and SSL_CERT_DIR honoured),
    made once per process: making one costs tens of milliseconds of CPU (loading the roots),
    which every delivery paid when each new client made its own."""
    return httpx.create_ssl_context()


@dataclass
class _Batch:
    """A drain batch's endpoints and events, read once for the batch (not twice per row)."""

    endpoints: dict[int, WebhookEndpoint] = field(default_factory=dict)
    events: dict[int, WebhookEvent] = field(default_factory=dict)

    async def load(self, rows: list[WebhookDelivery]) -> None:
        endpoints = WebhookEndpoint.filter(id__in={r.endpoint_id for r in rows})
        self.endpoints = {e.id: e for e in await endpoints}
        self.events = {
            e.id: e for e in await WebhookEvent.filter(id__in={r.event_id for r in rows})
        }

    def of(self, row: WebhookDelivery) -> tuple[WebhookEndpoint, WebhookEvent]:
        endpoint, event = self.endpoints.get(row.endpoint_id), self.events.get(row.event_id)
        if endpoint is None:
            raise DoesNotExist(WebhookEndpoint)
        if event is None:
            raise DoesNotExist(WebhookEvent)
        return endpoint, event


@dataclass
class Deliverer:
    box: SecretBox
    production: bool
    timeout: float = rules.TIMEOUT_SECONDS
    # The signature's timestamp is wall-clock time: receivers check it against their own.
    wall: Callable[[], datetime] = field(default=_wall)

    async def run_once(self, *, clock: Clock) -> int:
        """Fan out, then deliver until nothing is due now; returns attempts made."""
        await fan_out(now=clock.now())
        batch = _Batch()
        return await lease.drain(
            WebhookDelivery,
            lambda row, token: self.attempt(row, token, clock, batch),
            prepare=batch.load,
            limit=rules.BATCH,
            lease_seconds=rules.LEASE_SECONDS,
            now=clock.now,
            max_attempts=rules.RETRY.max_attempts,
            where=Q(endpoint__enabled=True) | Q(event__endpoint_id__isnull=False),
            together=True,
        )

    async def attempt(self, row: WebhookDelivery, token: str, clock: Clock, batch: _Batch) -> None:
        endpoint, event = batch.of(row)
        body = json.dumps(event.payload, separators=(",", ":"), sort_keys=True)
        status: int | None = None
        text, error = "", ""
        started = time.perf_counter()
        try:
            to = await target(endpoint.url, production=self.production)
            headers = {**self.headers(endpoint, event.msg_id, body, clock.now()), **to.headers}
            client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False, verify=_tls())
            async with client as http:
                response = await http.post(
                    to.url, content=body, headers=headers, extensions=to.extensions
                )
            status, text = response.status_code, response.text
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except Refused as exc:
            error = str(exc)
        except httpx.TimeoutException:
            error = f"timed out after {self.timeout:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        elapsed = time.perf_counter() - started
        metrics.WEBHOOK_LATENCY.observe(elapsed)
        metrics.WEBHOOK_DELIVERIES.labels(outcome="failed" if error else "delivered").inc()
        latency = round(elapsed * 1000)
        await record(row, token, endpoint, status, latency, text, error, clock.now())

    def headers(
        self, endpoint: WebhookEndpoint, msg_id: str, body: str, now: datetime
    ) -> dict[str, str]:
        stamp = self.wall()
        secrets = [self.box.open(endpoint.secret_sealed)]
        expires = endpoint.previous_secret_expires_at
        if endpoint.previous_secret_sealed and expires is not None and expires > now:
            secrets.append(self.box.open(endpoint.previous_secret_sealed))
        signatures = [Webhook(s).sign(msg_id, stamp, body) for s in secrets]
        return {
            "content-type": "application/json",
            "user-agent": "Vouch-Webhooks/1",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(stamp.timestamp())),
            "webhook-signature": " ".join(signatures),
        }


# The batch's new events taken in one statement: an event another worker took meanwhile no
# longer matches `fanned_out = false` when its row is updated, so it is not returned here.
# PostgreSQL: the batch's rows are locked as they are chosen, skipping those another worker
# holds, so racing workers never wait on each other's rows (waiting, each holding part of
# the other's batch, they deadlocked).
_CLAIM = Statement.of(
    "webhooks.claim_new_events",
    """UPDATE webhook_event SET fanned_out = ? WHERE fanned_out = ? AND id IN (
SELECT id FROM webhook_event WHERE fanned_out = ? ORDER BY id LIMIT ?)
RETURNING id, event_type, test, endpoint_id""",
    postgres="""UPDATE webhook_event SET fanned_out = ? WHERE fanned_out = ? AND id IN (
SELECT id FROM webhook_event WHERE fanned_out = ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING id, event_type, test, endpoint_id""",
)


async def fan_out(*, now: datetime, limit: int = 200) -> int:
    """One delivery per subscribed endpoint for each new event; a batch of events is taken by
    compare-and-set, so racing workers never fan one out twice. The events' payloads are not
    read (their deliveries read them)."""
    async with in_transaction() as conn:
        taken = await TortoiseExecutor(conn).rows(_CLAIM, [True, False, False, limit])
        if not taken:
            return 0
        endpoints = await WebhookEndpoint.all().using_db(conn).order_by("id")
        deliveries = [
            WebhookDelivery(
                endpoint_id=endpoint.id, event_id=event["id"], created_at=now, updated_at=now
            )
            for event in sorted(taken, key=lambda e: int(e["id"]))
            for endpoint in endpoints
            if _wants(endpoint, event)
        ]
        if deliveries:
            await WebhookDelivery.bulk_create(deliveries, using_db=conn)
    return len(deliveries)


def _wants(endpoint: WebhookEndpoint, event: dict[str, Any]) -> bool:
    if event["endpoint_id"] is not None:  # a test event for one endpoint
        return bool(event["endpoint_id"] == endpoint.id)
    if not endpoint.enabled or (event["test"] and not endpoint.include_test):
        return False
    return rules.subscribed(endpoint.event_types, str(event["event_type"]))


async def record(
    row: WebhookDelivery,
    token: str,
    endpoint: WebhookEndpoint,
    status: int | None,
    latency_ms: int,
    text: str,
    error: str,
    now: datetime,
) -> None:
    """Log the attempt and settle the delivery, all in one transaction with the endpoint's
    failure count (and its disabling)."""
    error = storable(error)  # an exception's words may quote what the receiver sent
    async with in_transaction() as conn:
        await WebhookAttempt.create(
            delivery_id=row.id,
            status_code=status,
            latency_ms=latency_ms,
            response_excerpt=rules.excerpt(text),
            error=error[:500],
            ok=not error,
            attempted_at=now,
            using_db=conn,
        )
        if not error:
            await lease.settle(
                WebhookDelivery, row_id=row.id, lease_token=token, now=now, conn=conn,
                delivered_at=now,
            )  # fmt: skip
            await (
                WebhookEndpoint.filter(id=endpoint.id)
                .using_db(conn)
                .update(consecutive_failures=0, failing_since=None)
            )
            return
        won, retry = await lease.fail(
            WebhookDelivery,
            row_id=row.id,
            lease_token=token,
            attempts=row.claims,
            error=error,
            policy=rules.RETRY,
            now=now,
            conn=conn,
        )
        if not won:
            return  # the lease ran out meanwhile; its new holder decides
        await (
            WebhookEndpoint.filter(id=endpoint.id)
            .using_db(conn)
            .update(consecutive_failures=F("consecutive_failures") + 1)
        )
        await (
            WebhookEndpoint.filter(id=endpoint.id, failing_since=None)
            .using_db(conn)
            .update(failing_since=now)
        )
        fresh = await WebhookEndpoint.get(id=endpoint.id, using_db=conn)
        if not fresh.enabled or not rules.should_disable(
            consecutive_failures=fresh.consecutive_failures, given_up=retry is None
        ):
            return
        reason = "failed every delivery attempt for about 3 days" if retry is None else (
            f"failed {fresh.consecutive_failures} deliveries in a row"
        )  # fmt: skip
        disabled = (
            await WebhookEndpoint.filter(id=endpoint.id, enabled=True)
            .using_db(conn)
            .update(enabled=False, disabled_reason=reason, updated_at=now)
        )
        if disabled:
            log.warning("webhook endpoint %s disabled: %s", endpoint.id, reason)
            await audit.record(
                actor=SYSTEM,
                action="webhook_endpoint.disable",
                target=fresh,
                now=now,
                changes={"enabled": [True, False], "disabled_reason": ["", reason]},
                using=conn,
            )
            await notify.endpoint_disabled(fresh, now=now, conn=conn)
