"""POST /integrations/stripe, POST /integrations/shopify (verify, then hand the event to its
handler) and GET /vouch.js, the first-party snippet for the shop's pages."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from importlib.resources import files
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from server.clock import Clock
from server.integrations import config, service, shopify, stripe
from server.integrations import rules as integration_rules
from server.integrations.models import Integration, Provider
from server.integrations.service import Handler, Inbound
from server.secretbox import SecretBox
from server.settings import Settings
from server.transient import RETRY_AFTER_SECONDS, is_transient

log = logging.getLogger("vouch.integrations")

VOUCH_JS = files("server.integrations").joinpath("vouch.js").read_bytes()
VOUCH_JS_VERSION = hashlib.sha256(VOUCH_JS).hexdigest()[:12]
_JS_HEADERS = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Access-Control-Allow-Origin": "*",
    "X-Content-Type-Options": "nosniff",
    # Any shop embeds it, also one whose pages require CORP (COEP: require-corp).
    "Cross-Origin-Resource-Policy": "cross-origin",
}

# Stripe events and Shopify orders are what the provider makes them: an order with a few
# hundred line items is well over VOUCH_MAX_BODY_BYTES, and refusing it (413) would lose the
# order once the provider gave up retrying. Their routes take bodies up to this size.
PATH_PREFIX = "/integrations/"
MAX_BODY_BYTES = 2_000_000

Verify = Callable[[bytes, str | None, list[str]], dict[str, Any] | None]


def _answer(code: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"message": message, **extra}, status_code=code)


def routes(clock: Clock, box: SecretBox, settings: Settings | None = None) -> list[BaseRoute]:
    async def inbound(
        request: Request,
        provider: Provider,
        verify: Verify,
        signature_header: str,
        identify: Callable[[Request, dict[str, Any], Integration], tuple[str, str] | None],
        handlers: Mapping[str, Handler],
        fits: Callable[[str, dict[str, Any]], bool] = lambda _type, _event: True,
    ) -> Response:
        body = await request.body()
        try:
            integration = await Integration.get_or_none(provider=provider)
            secrets = await config.signing_secrets(integration, box) if integration else []
            event = verify(body, request.headers.get(signature_header), secrets)
            if event is None or integration is None:
                service.count_refused(provider, "bad_signature")
                return _answer(400, "The signature does not verify with the configured secret.")
            if not integration.enabled:
                service.count_refused(provider, "disabled")
                return _answer(200, "The integration is disabled; the event was not used.")
            found = identify(request, event, integration)
            if found is None:
                service.count_refused(provider, "unknown_type")
                return _answer(200, "Not an event Vouch uses.", ignored=True)
            event_id, event_type = found
            if not fits(event_type, event):
                # A signed body under a topic it does not belong to (the topic is not signed):
                # answered as for a topic Vouch does not use, since a 4xx would only have the
                # provider retry the same bytes for hours and then disable the webhook.
                service.count_refused(provider, "wrong_shape")
                return _answer(200, f"The body is not a {event_type} payload.", ignored=True)
            received = await service.receive(
                Inbound(integration, clock, settings=settings),
                event_id=event_id,
                event_type=event_type,
                payload=event,
                handlers=handlers,
            )
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("%s event not handled, the database is unavailable: %s", provider, exc)
            return JSONResponse(
                {"message": "Temporarily unavailable; the provider will retry."},
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return _answer(
            200,
            "ok",
            event=received.event_id,
            status=received.status.value,
            duplicate=received.duplicate,
        )

    def stripe_identity(
        _request: Request, event: dict[str, Any], _integration: Integration
    ) -> tuple[str, str] | None:
        event_id, event_type = event.get("id"), event.get("type")
        if not isinstance(event_id, str) or not isinstance(event_type, str):
            return None
        return event_id[:255], event_type[:64]

    def shopify_identity(
        request: Request, _payload: dict[str, Any], integration: Integration
    ) -> tuple[str, str] | None:
        shop = request.headers.get("x-shopify-shop-domain", "").lower()
        if integration.shop_domain and shop != integration.shop_domain:
            return None  # another shop of the same app: not ours to count
        event_id = request.headers.get("x-shopify-event-id") or request.headers.get(
            "x-shopify-webhook-id"
        )
        topic = request.headers.get("x-shopify-topic")
        if not event_id or not topic:
            return None
        return event_id[:255], topic[:64]

    async def stripe_webhook(request: Request) -> Response:
        return await inbound(
            request,
            Provider.STRIPE,
            stripe.verify,
            "stripe-signature",
            stripe_identity,
            stripe.HANDLERS,
        )

    async def shopify_webhook(request: Request) -> Response:
        return await inbound(
            request,
            Provider.SHOPIFY,
            shopify.verify,
            "x-shopify-hmac-sha256",
            shopify_identity,
            shopify.HANDLERS,
            fits=integration_rules.shopify_body_fits,
        )

    return [
        Route("/integrations/stripe", stripe_webhook, methods=["POST"]),
        Route("/integrations/shopify", shopify_webhook, methods=["POST"]),
        *snippet_routes(),
    ]


def snippet_routes() -> list[BaseRoute]:
    """`/vouch.js` revalidates (ETag) every hour; `/vouch.<version>.js` never changes."""
    etag = f'"{VOUCH_JS_VERSION}"'

    async def latest(request: Request) -> Response:
        headers = {**_JS_HEADERS, "ETag": etag, "Cache-Control": "public, max-age=3600"}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(VOUCH_JS, headers=headers)

    async def pinned(request: Request) -> Response:
        if request.path_params["version"] != VOUCH_JS_VERSION:
            return Response("No such version of vouch.js.", status_code=404)
        headers = {
            **_JS_HEADERS,
            "ETag": etag,
            "Cache-Control": "public, max-age=31536000, immutable",
        }
        return Response(VOUCH_JS, headers=headers)

    return [
        Route("/vouch.js", latest, methods=["GET", "HEAD"]),
        Route("/vouch.{version:str}.js", pinned, methods=["GET", "HEAD"]),
    ]
