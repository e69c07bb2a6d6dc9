"""Outbound webhooks end to end: endpoints managed through GraphQL, events written with the
change, delivered by the worker to a real local receiver that verifies Standard Webhooks
signatures; failures, timeouts, backoff, disabling, rotation, replay and the SSRF guard."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from server import metrics
from server.accounts.models import Role
from server.clock import FrozenClock
from server.notifications.models import Notification, NotificationKind
from server.settings import Env, Settings
from server.sql import trace
from server.webhooks import rules
from server.webhooks.delivery import Deliverer, fan_out
from server.webhooks.models import WebhookEndpoint, WebhookEvent
from server.webhooks.rules import WebhookEventType
from tests.conftest import gql, make_client, staff_token
from tests.factories import (
    click,
    convert,
    create_campaign,
    enroll,
    live_campaign,
    refund,
    signup,
)
from tests.ids import pk
from tests.integration.test_notifications import CLAIM, bot_key
from tests.integration.test_rewards import SET_RULES, advocate_rule
from tests.webhook_receiver import Receiver, serve_receiver

CREATE = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on WebhookEndpointWithSecret { secret endpoint { id url eventTypes enabled } }
  ... on UserError { code field message } } }"""
UPDATE = """mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) {
  __typename ... on WebhookEndpoint { id enabled disabledReason consecutiveFailures }
  ... on UserError { code field message } } }"""
DELETE = """mutation($id: ID!) { deleteWebhookEndpoint(id: $id) {
  __typename ... on WebhookEndpointDeleted { deletedId } ... on UserError { code } } }"""
ROTATE = """mutation($id: ID!) { rotateWebhookSecret(id: $id) {
  __typename ... on WebhookEndpointWithSecret { secret endpoint { secretRotationEndsAt } }
  ... on UserError { code } } }"""
REPLAY = """mutation($id: ID!) { replayWebhookDelivery(id: $id) {
  __typename ... on WebhookDelivery { id replay status eventId } ... on UserError { code } } }"""
SEND_TEST = """mutation($id: ID!) { sendTestWebhook(id: $id) {
  __typename ... on WebhookTestSent { eventId } ... on UserError { code } } }"""
ENDPOINTS = """{ webhookEndpoints { nodes { id url enabled disabledReason eventTypes } } }"""
DELIVERIES = """query($e: ID) { webhookDeliveries(endpointId: $e, first: 100) { nodes {
  id status replay eventId eventType lastError nextAttemptAt deliveredAt
  attempts { statusCode latencyMs responseExcerpt error ok } } } }"""


def _sample(outcome: str | None) -> float:
    """Delivery attempts by outcome from /metrics' registry; None: the latency count."""
    if outcome is None:
        name, labels = "vouch_webhook_delivery_seconds_count", {}
    else:
        name, labels = "vouch_webhook_deliveries_total", {"outcome": outcome}
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def _gauge(name: str, stream: str) -> float | None:
    return metrics.REGISTRY.get_sample_value(name, {"stream": stream})


ORDER = ["referral.created", "referral.converted", "conversion.recorded"]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with serve_receiver() as r:
        yield r


@pytest.fixture
def deliverer(app: Starlette) -> Deliverer:
    # Generous: the machine may be busy; the timeout test uses its own short one.
    return Deliverer(box=app.state.services.secret_box, production=False, timeout=10)


async def _endpoint(
    client: httpx.AsyncClient, receiver: Receiver, types: list[str] | None = None
) -> dict[str, Any]:
    made: dict[str, Any] = (
        await gql(client, CREATE, input={"url": receiver.url, "eventTypes": types or []})
    )["createWebhookEndpoint"]
    assert made["__typename"] == "WebhookEndpointWithSecret", made
    receiver.secrets.append(made["secret"])
    return made


async def _converted_referral(client: httpx.AsyncClient, order: str = "o-1") -> None:
    campaign = await live_campaign(client)
    rules_set = await gql(
        client, SET_RULES, input={"campaignId": campaign, "rules": [advocate_rule()]}
    )
    assert rules_set["setRewardRules"]["__typename"] == "RewardRuleVersion", rules_set
    link = await enroll(client, campaign)
    token = await click(client, link["code"])
    done = await convert(
        client, f"key-order-{order}", order, visitToken=token, email="fr@example.org"
    )
    assert done["__typename"] == "ConversionRecorded", done


async def _new_referral(client: httpx.AsyncClient, code: str, n: int = 0) -> None:
    token = await click(client, code, ua=f"Browser/{n}")
    done = await signup(client, visitToken=token, email=f"friend{n}@example.org")
    assert done["__typename"] != "UserError", done


async def _deliveries(client: httpx.AsyncClient, endpoint: str | None = None) -> list[Any]:
    nodes: list[Any] = (await gql(client, DELIVERIES, e=endpoint))["webhookDeliveries"]["nodes"]
    return nodes


async def test_events_are_signed_filtered_and_logged(
    client: httpx.AsyncClient, receiver: Receiver, deliverer: Deliverer, clock: FrozenClock
) -> None:
    made = await _endpoint(
        client, receiver, ["referral.created", "referral.converted", "conversion.recorded"]
    )
    assert made["endpoint"]["eventTypes"] == [
        "conversion.recorded",
        "referral.converted",
        "referral.created",
    ]
    await _converted_referral(client)
    # Written with the change, before any delivery: one row per event, whoever listens.
    assert await WebhookEvent.filter(event_type="reward.created").count() == 1
    delivered, timed = _sample("delivered"), _sample(None)
    await metrics.refresh_outbox()
    waiting = await WebhookEvent.filter(fanned_out=False).count()
    assert waiting >= 4 and _gauge("vouch_outbox_depth", "webhook_events") == waiting
    assert await deliverer.run_once(clock=clock) == 3
    assert _sample("delivered") == delivered + 3
    assert _sample(None) == timed + 3
    await metrics.refresh_outbox()
    assert _gauge("vouch_outbox_depth", "webhook_events") == 0
    assert _gauge("vouch_outbox_depth", "webhooks") == 0
    assert len(receiver.received) == 3
    assert all(r.verified_by == [0] for r in receiver.received), [
        (r.verified_by, r.body) for r in receiver.received
    ]
    payloads = sorted(receiver.payloads(), key=lambda p: ORDER.index(p["type"]))
    assert [p["type"] for p in payloads] == [
        "referral.created",
        "referral.converted",
        "conversion.recorded",
    ]
    assert payloads[2]["data"]["amount"] == 5000
    assert payloads[2]["data"]["currency"] == "USD"
    assert payloads[0]["data"]["status"] == "converted"  # first seen with its purchase
    assert payloads[1]["data"]["status"] == "converted"
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert len(ids) == 3 and all(i.startswith("msg_") for i in ids)
    log = await _deliveries(client, made["endpoint"]["id"])
    assert {d["status"] for d in log} == {"delivered"}
    attempt = log[0]["attempts"][0]
    assert attempt["ok"] and attempt["statusCode"] == 200 and attempt["latencyMs"] >= 0
    assert '"ok":true' in attempt["responseExcerpt"].replace(" ", "")
    # Nothing left to do: a second pass sends nothing again.
    assert await deliverer.run_once(clock=clock) == 0
    assert len(receiver.received) == 3


async def test_the_secret_is_shown_once_and_sealed_at_rest(
    client: httpx.AsyncClient, receiver: Receiver, app: Starlette
) -> None:
    made = await _endpoint(client, receiver)
    secret = made["secret"]
    assert secret.startswith("whsec_")
    listed = (await gql(client, ENDPOINTS))["webhookEndpoints"]["nodes"]
    assert secret not in str(listed)
    row = await WebhookEndpoint.get()
    assert secret not in row.secret_sealed
    assert secret.removeprefix("whsec_") not in row.secret_sealed
    assert app.state.services.secret_box.open(row.secret_sealed) == secret


@pytest.mark.usefixtures("any_bot_document")  # the bot's claim, scripted
async def test_failures_back_off_then_disable_the_endpoint_and_tell_slack(
    client: httpx.AsyncClient,
    receiver: Receiver,
    deliverer: Deliverer,
    clock: FrozenClock,
    app: Starlette,
) -> None:
    made = await _endpoint(client, receiver, ["referral.created"])
    endpoint_id = made["endpoint"]["id"]
    receiver.mode = "fail"
    campaign = await live_campaign(client)
    link = await enroll(client, campaign)
    await _new_referral(client, link["code"])
    assert await deliverer.run_once(clock=clock) == 1
    [delivery] = await _deliveries(client)
    assert delivery["status"] == "failed"
    assert delivery["lastError"] == "HTTP 500"
    assert delivery["attempts"][0]["statusCode"] == 500
    assert "receiver is down" in delivery["attempts"][0]["responseExcerpt"]
    # Not due again before its backoff: nothing is sent.
    assert await deliverer.run_once(clock=clock) == 0
    started = clock.now()
    for attempt in range(1, rules.RETRY.max_attempts):
        clock.advance(rules.RETRY.delay(attempt))
        assert await deliverer.run_once(clock=clock) == 1
    spent = clock.now() - started
    assert timedelta(days=2) < spent < timedelta(days=4)  # "about three days"
    [delivery] = await _deliveries(client)
    assert len(delivery["attempts"]) == rules.RETRY.max_attempts
    assert delivery["nextAttemptAt"] is None  # given up
    [endpoint] = (await gql(client, ENDPOINTS))["webhookEndpoints"]["nodes"]
    assert endpoint["enabled"] is False
    assert "3 days" in endpoint["disabledReason"]
    notice = await Notification.get(kind=NotificationKind.WEBHOOK_ENDPOINT_DISABLED)
    assert receiver.url in notice.detail and notice.campaign_id is None
    # The bot claims it like any other notification.
    async with make_client(app, await bot_key(app)) as bot:
        batch = (await gql(bot, CLAIM, limit=10, lease=60))["claimNotifications"]
    assert [n["kind"] for n in batch["notifications"]] == ["WEBHOOK_ENDPOINT_DISABLED"]
    # A disabled endpoint gets no new events; fixed and re-enabled, a replay goes through.
    await _new_referral(client, link["code"], 2)
    clock.advance(timedelta(days=1))
    assert await deliverer.run_once(clock=clock) == 0
    receiver.mode = "ok"
    enabled = await gql(client, UPDATE, input={"id": endpoint_id, "enabled": True})
    assert enabled["updateWebhookEndpoint"]["enabled"] is True
    assert enabled["updateWebhookEndpoint"]["consecutiveFailures"] == 0
    replayed = (await gql(client, REPLAY, id=delivery["id"]))["replayWebhookDelivery"]
    assert replayed["replay"] == 1 and replayed["eventId"] == delivery["eventId"]
    assert await deliverer.run_once(clock=clock) == 1
    assert receiver.received[-1].headers["webhook-id"] == delivery["eventId"]
    assert receiver.received[-1].verified_by == [0]


async def test_a_timeout_is_a_failed_attempt(
    client: httpx.AsyncClient, receiver: Receiver, app: Starlette, clock: FrozenClock
) -> None:
    deliverer = Deliverer(box=app.state.services.secret_box, production=False, timeout=0.5)
    await _endpoint(client, receiver, ["referral.created"])
    receiver.mode, receiver.slow_seconds = "slow", 5.0
    campaign = await live_campaign(client)
    link = await enroll(client, campaign)
    await _new_referral(client, link["code"])
    failed = _sample("failed")
    assert await deliverer.run_once(clock=clock) == 1
    assert _sample("failed") == failed + 1
    [delivery] = await _deliveries(client)
    assert delivery["status"] == "failed"
    assert delivery["attempts"][0]["error"] == "timed out after 0.5 s"
    assert delivery["attempts"][0]["statusCode"] is None
    receiver.mode = "ok"
    deliverer.timeout = 10
    clock.advance(rules.RETRY.delay(1))
    assert await deliverer.run_once(clock=clock) == 1
    [delivery] = await _deliveries(client)
    assert delivery["status"] == "delivered"
    assert [a["ok"] for a in delivery["attempts"]] == [False, True]


async def test_rotation_signs_with_both_secrets_until_the_overlap_ends(
    client: httpx.AsyncClient, receiver: Receiver, deliverer: Deliverer, clock: FrozenClock
) -> None:
    made = await _endpoint(client, receiver)
    endpoint_id = made["endpoint"]["id"]
    rotated = (await gql(client, ROTATE, id=endpoint_id))["rotateWebhookSecret"]
    assert rotated["__typename"] == "WebhookEndpointWithSecret"
    assert rotated["secret"] != made["secret"]
    receiver.secrets.append(rotated["secret"])
    await gql(client, SEND_TEST, id=endpoint_id)
    await deliverer.run_once(clock=clock)
    last = receiver.received[-1]
    assert last.verified_by == [0, 1]  # old and new secret both verify
    assert len(last.headers["webhook-signature"].split(" ")) == 2
    assert last.payload["type"] == "webhook.test"
    clock.advance(timedelta(hours=25))
    sent = (await gql(client, SEND_TEST, id=endpoint_id))["sendTestWebhook"]
    assert await deliverer.run_once(clock=clock) == 1
    assert receiver.received[-1].headers["webhook-id"] == sent["eventId"]
    assert receiver.received[-1].verified_by == [1]  # only the new one now


async def test_concurrent_workers_send_each_event_once(
    client: httpx.AsyncClient, receiver: Receiver, app: Starlette, clock: FrozenClock
) -> None:
    import asyncio

    await _endpoint(client, receiver, ["referral.created"])
    campaign = await live_campaign(client)
    link = await enroll(client, campaign)
    for n in range(6):
        await _new_referral(client, link["code"], n)
    workers = [
        Deliverer(box=app.state.services.secret_box, production=False, timeout=10) for _ in range(3)
    ]
    await asyncio.gather(*(w.run_once(clock=clock) for w in workers))
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(ids) == len(set(ids))  # never twice
    log = await _deliveries(client)
    assert len(log) == 6 and all(len(d["attempts"]) == 1 for d in log), log
    assert len(ids) == 6, log


async def test_ssrf_guard_in_production(
    client: httpx.AsyncClient, receiver: Receiver, app: Starlette, clock: FrozenClock
) -> None:
    made = await _endpoint(client, receiver, ["referral.created"])
    production = Deliverer(box=app.state.services.secret_box, production=True, timeout=0.5)
    campaign = await live_campaign(client)
    link = await enroll(client, campaign)
    await _new_referral(client, link["code"])
    assert await production.run_once(clock=clock) == 1
    assert receiver.received == []  # never reached
    [delivery] = await _deliveries(client, made["endpoint"]["id"])
    assert "non-public address (127.0.0.1)" in delivery["lastError"]
    for address in ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1",
                    "fd00:ec2::254", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1"]:  # noqa: S104  # fmt: skip
        assert rules.forbidden_address(address), address
    assert not rules.forbidden_address("93.184.216.34")


class _Resolver:
    """The event loop's resolver with one name answered by us: `first` to its first lookup
    and `later` to every other (a DNS-rebinding name); every lookup of it is counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, first: str, later: str):
        loop = asyncio.get_running_loop()
        real = loop.getaddrinfo
        self.lookups = 0

        async def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if (host.decode() if isinstance(host, bytes) else host) != name:
                return await real(host, port, *args, **kwargs)
            self.lookups += 1
            address = first if self.lookups == 1 else later
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]

        monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)


async def test_production_sends_to_the_checked_address_not_a_second_lookup(
    client: httpx.AsyncClient,
    receiver: Receiver,
    app: Starlette,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: a name that answers a public address to the check and 127.0.0.1 to the
    connection must not reach the loopback receiver; the request goes to the checked address."""
    port = urlsplit(receiver.url).port
    url = f"http://hooks.rebind.test:{port}/hook"
    made = (await gql(client, CREATE, input={"url": url}))["createWebhookEndpoint"]
    receiver.secrets.append(made["secret"])
    resolver = _Resolver(monkeypatch, "hooks.rebind.test", "93.184.216.34", "127.0.0.1")
    production = Deliverer(box=app.state.services.secret_box, production=True, timeout=0.5)
    await gql(client, SEND_TEST, id=made["endpoint"]["id"])
    assert await production.run_once(clock=clock) == 1
    assert receiver.received == []  # the loopback receiver was never reached
    assert resolver.lookups == 1  # the name was resolved once: for the check
    [delivery] = await _deliveries(client, made["endpoint"]["id"])
    assert delivery["status"] != "delivered" and delivery["lastError"], delivery


async def test_production_keeps_the_name_for_the_host_header(
    client: httpx.AsyncClient,
    receiver: Receiver,
    app: Starlette,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pinned request still names the endpoint's host (Host header; SNI over https)."""
    port = urlsplit(receiver.url).port
    url = f"http://hooks.pinned.test:{port}/hook?x=1"
    made = (await gql(client, CREATE, input={"url": url}))["createWebhookEndpoint"]
    receiver.secrets.append(made["secret"])
    resolver = _Resolver(monkeypatch, "hooks.pinned.test", "127.0.0.1", "10.9.9.9")
    monkeypatch.setattr(rules, "forbidden_address", lambda _address: False)
    production = Deliverer(box=app.state.services.secret_box, production=True, timeout=5)
    await gql(client, SEND_TEST, id=made["endpoint"]["id"])
    assert await production.run_once(clock=clock) == 1
    [received] = receiver.received
    assert received.verified_by == [0]
    assert received.headers["host"] == f"hooks.pinned.test:{port}"
    assert resolver.lookups == 1


async def test_production_refuses_private_urls_when_saved(
    settings: Settings, clean: None, clock: FrozenClock
) -> None:
    from server.app import create_app

    prod = settings.model_copy(update={"env": Env.PRODUCTION})
    app = create_app(prod, clock=clock, manage_db=False, run_jobs=False)
    async with make_client(app, await staff_token(app, Role.OWNER)) as owner:
        for url, why in [
            ("http://127.0.0.1:9/hook", "https"),
            ("https://127.0.0.1:9/hook", "non-public"),
            ("https://localhost/hook", "non-public"),
            ("https://169.254.169.254/latest", "non-public"),
        ]:
            made = (await gql(owner, CREATE, input={"url": url}))["createWebhookEndpoint"]
            assert made["__typename"] == "UserError" and made["field"] == "url", made
            assert why in made["message"], made


async def test_managing_webhooks_needs_the_permission(
    client: httpx.AsyncClient, app: Starlette, receiver: Receiver
) -> None:
    made = await _endpoint(client, receiver)
    async with make_client(app, await staff_token(app, Role.MANAGER)) as manager:
        denied = (await gql(manager, CREATE, input={"url": receiver.url}))["createWebhookEndpoint"]
        assert denied["code"] == "FORBIDDEN"
        listed = await manager.post("/graphql", json={"query": ENDPOINTS})
        assert listed.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql(client, SEND_TEST, id=made["endpoint"]["id"])
    await Deliverer(box=app.state.services.secret_box, production=False).run_once(
        clock=app.state.clock
    )
    assert len(await _deliveries(client)) == 1
    async with make_client(app, await staff_token(app, Role.ADMIN)) as admin:
        gone = (await gql(admin, DELETE, id=made["endpoint"]["id"]))["deleteWebhookEndpoint"]
        assert gone == {"__typename": "WebhookEndpointDeleted", "deletedId": made["endpoint"]["id"]}
    assert await WebhookEndpoint.all().count() == 0
    assert await _deliveries(client) == []  # its log went with it


async def test_bad_input_is_a_user_error(client: httpx.AsyncClient) -> None:
    bad = (await gql(client, CREATE, input={"url": "ftp://x"}))["createWebhookEndpoint"]
    assert bad["code"] == "INVALID_INPUT" and bad["field"] == "url"
    bad = (
        await gql(client, CREATE, input={"url": "https://hooks.example.com/", "eventTypes": ["x"]})
    )["createWebhookEndpoint"]
    assert bad["code"] == "INVALID_INPUT" and bad["field"] == "eventTypes"


BAD_URLS = [
    "http://[::1/hook",  # urlsplit raised: an untyped error, masked in production
    "http://127.0.0.1:99999/hook",  # saved, then every delivery raised in the worker
    "http://hooks.example.com:abc/",
    "http://hooks.example.com:0/",
    "http://hooks example.com/",
    "http://hooks.example.com/a\tb",
    "http://%31%32%37.0.0.1/",
    "http://" + "a" * 64 + ".example.com/",
]


async def test_urls_an_http_client_cannot_use_are_refused_where_saved(
    client: httpx.AsyncClient,
) -> None:
    """A webhook endpoint, a landing page and a logo are URLs Vouch or a browser requests
    later: one the client cannot parse is an INVALID_INPUT on its field when saved."""
    branding = """mutation($input: SetCampaignBrandingInput!) {
      setCampaignBranding(input: $input) { __typename ... on UserError { code field } } }"""
    made = await create_campaign(client)
    for n, url in enumerate(BAD_URLS):
        hook = (await gql(client, CREATE, input={"url": url}))["createWebhookEndpoint"]
        assert (hook.get("code"), hook.get("field")) == ("INVALID_INPUT", "url"), (url, hook)
        landing = await create_campaign(client, slug=f"bad-{n}", landingUrl=url)
        assert (landing.get("code"), landing.get("field")) == ("INVALID_INPUT", "landingUrl"), (
            url,
            landing,
        )
        logo = "https" + url.removeprefix("http")
        set_logo = await gql(client, branding, input={"campaignId": made["id"], "logoUrl": logo})
        assert set_logo["setCampaignBranding"] == {
            "__typename": "UserError",
            "code": "INVALID_INPUT",
            "field": "logoUrl",
        }, logo
    assert await WebhookEndpoint.all().count() == 0
    ok = (await gql(client, CREATE, input={"url": "https://hooks.example.com:8443/v1?x=1"}))[
        "createWebhookEndpoint"
    ]
    assert ok["__typename"] == "WebhookEndpointWithSecret", ok


async def test_a_stored_url_the_client_refuses_is_a_failed_attempt(
    client: httpx.AsyncClient, deliverer: Deliverer, clock: FrozenClock
) -> None:
    """An endpoint saved before URLs were checked: its delivery is logged as failed, not an
    exception in the worker that left the delivery claimed and unlogged every round."""
    made = await _endpoint_at(client, "https://hooks.example.com/ok")
    await WebhookEndpoint.filter(id=pk(made)).update(url="http://127.0.0.1:99999/hook")
    await gql(client, SEND_TEST, id=made)
    assert await deliverer.run_once(clock=clock) == 1
    [delivery] = await _deliveries(client, made)
    assert delivery["status"] == "failed", delivery
    assert delivery["lastError"] == "not a valid http(s) URL", delivery


async def _endpoint_at(client: httpx.AsyncClient, url: str) -> str:
    made = (await gql(client, CREATE, input={"url": url}))["createWebhookEndpoint"]
    assert made["__typename"] == "WebhookEndpointWithSecret", made
    return str(made["endpoint"]["id"])


async def test_the_event_types_come_from_the_one_server_list(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    listed = await gql(client, "{ webhookEventTypes { name description } }")
    assert [t["name"] for t in listed["webhookEventTypes"]] == [e.value for e in WebhookEventType]
    assert all(t["description"] for t in listed["webhookEventTypes"])
    async with make_client(app, await staff_token(app, Role.ANALYST)) as analyst:
        denied = await analyst.post("/graphql", json={"query": "{ webhookEventTypes { name } }"})
    assert denied.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # Any listed type is taken as a string, as before; anything else names the field.
    made = (await gql(client, CREATE, input={"url": "https://hooks.example.com/",
                                              "eventTypes": ["milestone.reached"]}))  # fmt: skip
    ident = made["createWebhookEndpoint"]["endpoint"]["id"]
    bad = await gql(client, UPDATE, input={"id": ident, "eventTypes": ["reward.approved", "y"]})
    assert bad["updateWebhookEndpoint"]["code"] == "INVALID_INPUT"
    assert bad["updateWebhookEndpoint"]["field"] == "eventTypes"


async def test_each_change_writes_its_event_types(client: httpx.AsyncClient) -> None:
    """The journey's changes as webhook event types, in the order they were committed."""
    campaign = await live_campaign(client)
    await gql(client, SET_RULES, input={"campaignId": campaign, "rules": [advocate_rule()]})
    link = await enroll(client, campaign)
    token = await click(client, link["code"])
    done = await convert(
        client, "key-order-journey", "o-j", visitToken=token, email="j@example.org"
    )
    conversion = done["conversion"]["id"]
    refunded = await refund(client, conversion, 5000, "refund-key-journey")
    assert refunded["__typename"] != "UserError", refunded
    types = [e.event_type for e in await WebhookEvent.all().order_by("id")]
    assert types[0] == "campaign.status_changed"  # launched
    assert types.index("referral.created") < types.index("referral.converted")
    assert types.index("conversion.recorded") < types.index("reward.created")
    assert "milestone.reached" in types  # the advocate's first successful referral
    assert set(types[-2:]) == {"conversion.refunded", "reward.voided"}
    voided = await WebhookEvent.get(event_type="reward.voided")
    data: Any = voided.payload["data"]
    assert data["status"] == "voided"
    assert data["amount"] == 1000


async def test_new_events_are_fanned_out_by_one_statement(
    client: httpx.AsyncClient, receiver: Receiver, clock: FrozenClock
) -> None:
    await _endpoint(client, receiver, ["referral.created"])
    campaign = await live_campaign(client)
    link = await enroll(client, campaign)
    for n in range(4):
        await _new_referral(client, link["code"], n)
    new = await WebhookEvent.filter(fanned_out=False).count()
    with trace.counting() as counted:
        made = await fan_out(now=clock.now())
    # Each referral.created gets its delivery; the other new events are taken all the same.
    assert made == 4
    assert counted["webhooks.claim_new_events"] == 1 and counted["tortoise:update"] == 0
    assert new > 4 and not await WebhookEvent.filter(fanned_out=False).exists()
    assert await fan_out(now=clock.now()) == 0
