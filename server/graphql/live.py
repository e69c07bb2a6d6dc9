"""Credentials checked for the life of a WebSocket: every operation sent over it authenticates
the connection's credential again first (`reauthenticate`), and a subscription asks
`still_allowed` before each event (and on each idle poll), which does so at most every
VOUCH_SUBSCRIPTION_RECHECK_SECONDS; a revoked or expired key or session, a deactivated user or
one no longer holding the field's permission closes the socket with 4403."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import NoReturn

from starlette.websockets import WebSocket, WebSocketState

from server.accounts import sessions as accounts
from server.accounts.permissions import Permission
from server.accounts.viewer import Viewer
from server.errors import DomainError
from server.graphql.context import Context

log = logging.getLogger("vouch")
FORBIDDEN_CLOSE = 4403


async def reauthenticate(ctx: Context) -> Viewer | None:
    """The connection's credential authenticated again now (the context's viewer follows a
    demotion), or None when it no longer authenticates (signed out, revoked, expired,
    deactivated)."""
    try:
        viewer = await accounts.authenticate(
            authorization=ctx.credential,
            acting_slack_user=None,
            pepper=ctx.services.api_key_pepper,
            policy=ctx.services.session_policy,
            clock=ctx.clock,
        )
    except DomainError:
        return None
    if not viewer.authenticated:
        return None
    ctx.viewer = viewer
    return viewer


class CredentialWatch:
    def __init__(self, context: Context, permission: Permission) -> None:
        self.context = context
        self.permission = permission
        self._checked = time.monotonic()  # the connection was authenticated just now

    async def still_allowed(self) -> bool:
        ctx = self.context
        now = time.monotonic()
        if now - self._checked < ctx.settings.subscription_recheck_seconds:
            return True
        self._checked = now
        viewer = await reauthenticate(ctx)
        return viewer is not None and viewer.can(self.permission)

    async def close(self) -> NoReturn:
        """Close the socket with 4403, as the graphql-transport-ws protocol does for Forbidden,
        then wait to be cancelled: the protocol handler ends every operation of a closed
        socket, and returning instead would make it send `complete` on the closed socket."""
        socket = self.context.request
        log.info("subscription closed: credential no longer valid for %s", self.permission.value)
        if isinstance(socket, WebSocket) and socket.application_state is WebSocketState.CONNECTED:
            await socket.close(code=FORBIDDEN_CLOSE, reason="Forbidden")
        await asyncio.Future()  # never resolves; cancelled with the connection
        raise AssertionError("unreachable")
