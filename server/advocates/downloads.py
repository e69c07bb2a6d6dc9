"""Signed, short-lived download links for advocate exports (`exportAdvocates`).

The token is signed with itsdangerous under a key derived for this one purpose (and a salt
naming it), carries the campaign and who asked, and expires after `LINK_SECONDS` by the
app's clock. The route serves the CSV to whoever holds a valid link: the mutation that issued
it checked the `advocates:export` permission, and both are audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from server.advocates import bulk
from server.audit.service import Actor, Channel
from server.campaigns.models import Campaign
from server.clock import Clock
from server.settings import Settings, derived_key

PURPOSE = "advocates-export"
LINK_SECONDS = 300
PATH = "/exports/advocates/"


def _serializer(settings: Settings, clock: Clock) -> URLSafeTimedSerializer:
    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock.now().timestamp())

    return URLSafeTimedSerializer(derived_key(settings, PURPOSE), salt=PURPOSE, signer=ClockSigner)


def issue(
    settings: Settings, clock: Clock, *, campaign_id: int, actor: Actor
) -> tuple[str, datetime]:
    """The download URL and when it stops working."""
    token = _serializer(settings, clock).dumps({"c": campaign_id, "k": actor.kind, "i": actor.id})
    return (
        f"{settings.public_url}{PATH}{token}",
        clock.now() + timedelta(seconds=LINK_SECONDS),
    )


def routes(settings: Settings, clock: Clock) -> list[BaseRoute]:
    async def download(request: Request) -> Response:
        headers = {"cache-control": "no-store"}
        try:
            claims = _serializer(settings, clock).loads(
                request.path_params["token"], max_age=LINK_SECONDS
            )
        except SignatureExpired:
            return PlainTextResponse("This download link has expired.", 410, headers=headers)
        except BadSignature:
            return PlainTextResponse("Not a valid download link.", 404, headers=headers)
        campaign = await Campaign.get_or_none(id=int(claims["c"]))
        if campaign is None:
            return PlainTextResponse("Not a valid download link.", 404, headers=headers)
        text, rows = await bulk.export_csv(campaign_id=campaign.id, public_url=settings.public_url)
        actor = Actor(kind=str(claims["k"]), id=claims["i"], channel=Channel.GRAPHQL)
        await bulk.record_export(campaign=campaign, rows=rows, actor=actor, clock=clock)
        headers["content-disposition"] = f'attachment; filename="advocates-{campaign.slug}.csv"'
        return Response(text, media_type="text/csv; charset=utf-8", headers=headers)

    return [Route(PATH + "{token}", download, methods=["GET"])]
