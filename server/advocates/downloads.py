"""Signed, short-lived download links for advocate exports (`exportAdvocates`).

The token is signed with itsdangerous under a key derived for this one purpose (and a salt
naming it), carries the campaign, who asked and their session, and expires after
`LINK_SECONDS` by the app's clock. The route serves the CSV to whoever holds a valid link
while the person who asked still may export: signed in with that session, active, and with
the `advocates:export` permission (signing out, deactivation or a demotion ends the link at
once). Issuing and each download are audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from server.accounts.models import Session, StaffUser
from server.accounts.permissions import Permission, permissions_of
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
    settings: Settings, clock: Clock, *, campaign_id: int, actor: Actor, session_id: int | None
) -> tuple[str, datetime]:
    """The download URL and when it stops working."""
    claims = {"c": campaign_id, "k": actor.kind, "i": actor.id, "s": session_id}
    token = _serializer(settings, clock).dumps(claims)
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
        if not await _may_still_export(claims, clock.now()):
            return PlainTextResponse(
                "This download link ended: its session was signed out, or its account may no "
                "longer export advocates.",
                403,
                headers=headers,
            )
        text, rows = await bulk.export_csv(campaign_id=campaign.id, public_url=settings.public_url)
        actor = Actor(kind=str(claims["k"]), id=claims["i"], channel=Channel.GRAPHQL)
        await bulk.record_export(campaign=campaign, rows=rows, actor=actor, clock=clock)
        headers["content-disposition"] = f'attachment; filename="advocates-{campaign.slug}.csv"'
        return Response(text, media_type="text/csv; charset=utf-8", headers=headers)

    return [Route(PATH + "{token}", download, methods=["GET"])]


async def _may_still_export(claims: dict[str, object], now: datetime) -> bool:
    """Whether the staff session that asked for the link could still ask for it now."""
    user_id, session_id = claims.get("i"), claims.get("s")
    if claims.get("k") != "staff" or not isinstance(session_id, int) or user_id is None:
        return False
    session = await Session.get_or_none(id=session_id, user_id=int(str(user_id)))
    if session is None or session.revoked_at is not None or session.expires_at <= now:
        return False
    user = await StaffUser.get_or_none(id=session.user_id)
    return (
        user is not None
        and user.is_active
        and Permission.ADVOCATES_EXPORT in permissions_of(user.role)
    )
