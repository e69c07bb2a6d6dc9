"""Webhook endpoint use-cases: create, update, delete, rotate the secret, replay, test."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.clock import Clock
from server.errors import Conflict, InvalidInput, NotFound
from server.secretbox import SecretBox
from server.webhooks import events, rules
from server.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from server.webhooks.ssrf import Refused, check_destination


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


@dataclass(frozen=True, slots=True)
class WithSecret:
    """An endpoint and its signing secret, shown this once and never again."""

    endpoint: WebhookEndpoint
    secret: str


async def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    found = await WebhookEndpoint.get_or_none(id=endpoint_id)
    if found is None:
        raise NotFound("No such webhook endpoint.", field="id")
    return found


async def _checked_url(url: str, *, production: bool) -> str:
    url = rules.validate_url(url, production=production)
    if production:
        try:
            await check_destination(url)
        except Refused as exc:
            raise InvalidInput(str(exc), field="url") from None
    return url


def _description(value: str) -> str:
    value = value.strip()
    if len(value) > 200:
        raise InvalidInput("At most 200 characters.", field="description")
    return value


async def create_endpoint(
    *,
    url: str,
    event_types: list[str],
    description: str,
    include_test: bool,
    production: bool,
    box: SecretBox,
    actor: Actor,
    clock: Clock,
) -> WithSecret:
    url = await _checked_url(url, production=production)
    types = rules.validate_event_types(event_types)
    secret = new_secret()
    now = clock.now()
    async with in_transaction() as conn:
        endpoint = await WebhookEndpoint.create(
            url=url,
            description=_description(description),
            event_types=types,
            include_test=include_test,
            secret_sealed=box.seal(secret),
            created_at=now,
            updated_at=now,
            using_db=conn,
        )
        await audit.record(
            actor=actor,
            action="webhook_endpoint.create",
            target=endpoint,
            now=now,
            changes={"url": [None, url], "event_types": [None, types]},
            using=conn,
        )
    return WithSecret(endpoint, secret)


async def update_endpoint(
    *,
    endpoint_id: int,
    url: str | None,
    event_types: list[str] | None,
    description: str | None,
    include_test: bool | None,
    enabled: bool | None,
    production: bool,
    actor: Actor,
    clock: Clock,
) -> WebhookEndpoint:
    endpoint = await _endpoint(endpoint_id)
    before = audit.snapshot(endpoint, ["url", "event_types", "description", "include_test"])
    before["enabled"] = endpoint.enabled
    if url is not None:
        endpoint.url = await _checked_url(url, production=production)
    if event_types is not None:
        endpoint.event_types = rules.validate_event_types(event_types)
    if description is not None:
        endpoint.description = _description(description)
    if include_test is not None:
        endpoint.include_test = include_test
    if enabled is not None and enabled != endpoint.enabled:
        endpoint.enabled = enabled
        if enabled:  # a fresh start: the failing streak is forgiven
            endpoint.disabled_reason, endpoint.consecutive_failures = "", 0
            endpoint.failing_since = None
        else:
            endpoint.disabled_reason = "disabled by staff"
    now = clock.now()
    endpoint.updated_at = now
    after = audit.snapshot(endpoint, ["url", "event_types", "description", "include_test"])
    after["enabled"] = endpoint.enabled
    async with in_transaction() as conn:
        await endpoint.save(using_db=conn)
        await audit.record(
            actor=actor,
            action="webhook_endpoint.update",
            target=endpoint,
            now=now,
            changes=audit.diff(before, after),
            using=conn,
        )
    return endpoint


async def delete_endpoint(*, endpoint_id: int, actor: Actor, clock: Clock) -> None:
    endpoint = await _endpoint(endpoint_id)
    now = clock.now()
    async with in_transaction() as conn:
        await audit.record(
            actor=actor,
            action="webhook_endpoint.delete",
            target=endpoint,
            now=now,
            changes={"url": [endpoint.url, None]},
            using=conn,
        )
        # Its deliveries and their log go with it; events stay (other endpoints may use them).
        deliveries = WebhookDelivery.filter(endpoint_id=endpoint.id).using_db(conn)
        await (
            WebhookAttempt.filter(delivery_id__in=Subquery(deliveries.values("id")))
            .using_db(conn)
            .delete()
        )
        await deliveries.delete()
        await WebhookEvent.filter(endpoint_id=endpoint.id).using_db(conn).update(endpoint_id=None)
        await endpoint.delete(using_db=conn)


async def rotate_secret(
    *, endpoint_id: int, box: SecretBox, actor: Actor, clock: Clock
) -> WithSecret:
    """A new secret; the old one keeps signing too (a second signature) for 24 hours, so the
    receiver can switch without dropping a delivery."""
    endpoint = await _endpoint(endpoint_id)
    secret = new_secret()
    now = clock.now()
    async with in_transaction() as conn:
        won = (
            await WebhookEndpoint.filter(id=endpoint.id, secret_sealed=endpoint.secret_sealed)
            .using_db(conn)
            .update(
                secret_sealed=box.seal(secret),
                previous_secret_sealed=endpoint.secret_sealed,
                previous_secret_expires_at=rules.overlap_ends(now),
                updated_at=now,
            )
        )
        if not won:
            raise Conflict("The secret was rotated meanwhile; try again.", field="id")
        await audit.record(
            actor=actor,
            action="webhook_endpoint.rotate_secret",
            target=endpoint,
            now=now,
            changes={"previous_secret_expires_at": [None, rules.overlap_ends(now)]},
            using=conn,
        )
    return WithSecret(await _endpoint(endpoint.id), secret)


async def replay(*, delivery_id: int, actor: Actor, clock: Clock) -> WebhookDelivery:
    """Send the same event (same webhook-id, so receivers can dedupe) to the same endpoint
    again, as a new delivery with its own attempts."""
    original = await WebhookDelivery.get_or_none(id=delivery_id)
    if original is None:
        raise NotFound("No such webhook delivery.", field="id")
    now = clock.now()
    async with in_transaction() as conn:
        latest = (
            await WebhookDelivery.filter(
                endpoint_id=original.endpoint_id, event_id=original.event_id
            )
            .using_db(conn)
            .order_by("-replay")
            .first()
        )
        replayed = await WebhookDelivery.create(
            endpoint_id=original.endpoint_id,
            event_id=original.event_id,
            replay=(latest.replay if latest else 0) + 1,
            created_at=now,
            updated_at=now,
            using_db=conn,
        )
        await audit.record(
            actor=actor,
            action="webhook_delivery.replay",
            target=replayed,
            now=now,
            changes={"replay_of": [None, original.id]},
            using=conn,
        )
    return replayed


async def send_test(*, endpoint_id: int, actor: Actor, clock: Clock) -> WebhookEvent:
    """A `webhook.test` event to this endpoint alone (delivered even while it is disabled)."""
    endpoint = await _endpoint(endpoint_id)
    now = clock.now()
    async with in_transaction() as conn:
        event = await WebhookEvent.create(
            msg_id=events.new_msg_id(),
            event_type=rules.TEST_EVENT,
            payload={
                "type": rules.TEST_EVENT,
                "timestamp": now.isoformat(),
                "data": {"message": "A test event from Vouch."},
            },
            endpoint_id=endpoint.id,
            created_at=now,
            using_db=conn,
        )
        await audit.record(
            actor=actor,
            action="webhook_endpoint.test",
            target=endpoint,
            now=now,
            changes={"msg_id": [None, event.msg_id]},
            using=conn,
        )
    return event
