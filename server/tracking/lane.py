"""The redirect's own lane through the app: the same middleware, fewer layers.

Every request passes Starlette's outer error layer, Vouch's middleware (proxy headers, request
log, security headers, CORS when configured), then Starlette's exception layer and router,
which try the routes in order. The redirect routes come first in that order and have no
exception handlers (their failures are answers or 500s), so for a request they match fully
the last two layers only cost it time. Here such a request goes through its own copy of the
stack, built from the same middleware list with the same classes and settings, around the
route's endpoint: the same headers, request line, metrics, client address and 500s. Every
other request (including a redirect path with another method) takes the whole stack.

The GraphQL endpoint's most common request, a POST of JSON, gets a lane too: the endpoint
answers every failure itself (Strawberry's HTTPException is its own, not Starlette's), and
with a JSON body nothing reads a form, the one place Starlette raises its HTTPException for
the exception layer to answer. Any other GraphQL request (GET, a form, a WebSocket) takes the
whole stack.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send


class RedirectsFirst(Starlette):
    """Starlette whose middleware stack serves the `first` routes (its first routes, whose
    endpoints are plain ASGI apps: server/tracking/routes.py) without its exception layer and
    router."""

    def __init__(self, *, first: list[Route], graphql: Route | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        assert self.router.routes[: len(first)] == first, "the lane's routes are tried first"
        self.first = first
        self.graphql = graphql

    def build_middleware_stack(self) -> ASGIApp:
        everything = super().build_middleware_stack()
        if self.exception_handlers or self.max_body_size is not None:
            return everything  # layers the lanes would have to copy: not worth a lane
        lanes = [(route, self._lane(route)) for route in self.first]
        prefix = self.first[0].path.split("{")[0]
        assert all(route.path.startswith(prefix) for route in self.first)
        graphql = (self.graphql, self._lane(self.graphql)) if self.graphql is not None else None
        return _Lanes(prefix, lanes, graphql, everything, self.router)

    def _lane(self, route: Route) -> ASGIApp:
        lane: ASGIApp = route.app
        for cls, args, kwargs in reversed(self.user_middleware):
            lane = cls(lane, *args, **kwargs)
        return ServerErrorMiddleware(lane, debug=self.debug)


# The JSON media types the GraphQL lane takes (as the endpoint's short path reads them).
_JSON = frozenset(
    {b"application/json", b"application/json; charset=utf-8", b"application/json;charset=utf-8"}
)


def _posts_json(scope: Scope) -> bool:
    if scope["method"] != "POST":
        return False
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.lower() in _JSON
    return False


class _Lanes:
    __slots__ = ("everything", "graphql", "lanes", "prefix", "router")

    def __init__(
        self,
        prefix: str,
        lanes: list[tuple[Route, ASGIApp]],
        graphql: tuple[Route, ASGIApp] | None,
        everything: ASGIApp,
        router: Any,
    ) -> None:
        self.prefix = prefix
        self.lanes = lanes
        self.graphql = graphql
        self.everything = everything
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # The routes' common prefix in the path: a cheap first look (past any root_path).
            if self.prefix in scope["path"]:
                for route, lane in self.lanes:
                    if await self._took(route, lane, scope, receive, send):
                        return
            elif (
                self.graphql is not None
                and _posts_json(scope)
                and await self._took(*self.graphql, scope, receive, send)
            ):
                return
        await self.everything(scope, receive, send)

    async def _took(
        self, route: Route, lane: ASGIApp, scope: Scope, receive: Receive, send: Send
    ) -> bool:
        match, child = route.matches(scope)
        if match is not Match.FULL:
            return False
        scope["route"] = route  # as the router notes it (the request line reads it)
        scope.update(child)
        scope.setdefault("router", self.router)
        await lane(scope, receive, send)
        return True
