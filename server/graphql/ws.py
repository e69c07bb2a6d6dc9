"""What a GraphQL request may carry, on either transport: strings PostgreSQL and UTF-8 can
hold, and (over graphql-transport-ws) messages of the protocol's shape. A malformed message
closes the socket with 4400, as the protocol asks, instead of failing inside Strawberry; an
operation on a socket whose credential no longer authenticates closes it with 4403."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message

from server.graphql import live
from server.graphql.context import Context
from server.transient import is_transient

NUL_REFUSED = "Strings cannot contain NUL characters."
SURROGATE_REFUSED = "Strings must be valid Unicode (no lone surrogates)."
_SURROGATE = re.compile("[\ud800-\udfff]")


def refused_text(query: object, variables: object) -> str | None:
    """Why a request's document or variables cannot be accepted, or None. NUL (also escaped
    in the document) and lone surrogates would fail at a password hash, a template or a write."""
    short = isinstance(query, str) and len(query) <= _KEPT_QUERY_LENGTH
    in_query = _query_verdict(query) if short else _refused_query(query)
    if in_query == NUL_REFUSED or _has(variables, "\x00"):
        return NUL_REFUSED
    if in_query == SURROGATE_REFUSED or _has(variables, _SURROGATE):
        return SURROGATE_REFUSED
    return None


def _refused_query(query: object) -> str | None:
    """What the document alone is refused for (NUL first, as `refused_text` checks)."""
    if isinstance(query, str) and "\\u0000" in query.lower():
        return NUL_REFUSED
    if _has(query, "\x00"):
        return NUL_REFUSED
    if _has(query, _SURROGATE):
        return SURROGATE_REFUSED
    return None


# Documents repeat (the parse cache says so): each one's verdict, for texts up to a few KB.
_KEPT_QUERY_LENGTH = 4096
_query_verdict = lru_cache(maxsize=512)(_refused_query)


def _has(value: object, pattern: str | re.Pattern[str]) -> bool:
    """Whether a string anywhere in a decoded JSON value contains `pattern`."""
    if isinstance(value, str):
        return pattern in value if isinstance(pattern, str) else pattern.search(value) is not None
    if isinstance(value, dict):
        return any(_has(k, pattern) or _has(v, pattern) for k, v in value.items())
    if isinstance(value, list):
        return any(_has(v, pattern) for v in value)
    return False


def _malformed(message: object) -> str | None:
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return "Failed to parse message"
    if message["type"] != "subscribe":
        return None
    payload = message.get("payload")
    if not isinstance(message.get("id"), str) or not isinstance(payload, dict):
        return "Failed to parse message"
    shapes = {"query": str, "variables": dict, "operationName": str, "extensions": dict}
    for key, kind in shapes.items():
        value = payload.get(key)
        if (value is None and key == "query") or not isinstance(value, kind | None):
            return f"Invalid subscribe payload: {key}"
    return refused_text(payload["query"], payload.get("variables"))


class CheckedTransportWSHandler(BaseGraphQLTransportWSHandler[Any, None]):
    async def handle_message(self, message: Message) -> None:
        problem = _malformed(cast(object, message))
        if problem is not None:
            await self.handle_invalid_message(problem)
            return
        if message["type"] == "subscribe" and not await self._still_signed_in():
            # As over HTTP, where every request authenticates: a socket opened before its
            # session was signed out (its key revoked, its user deactivated) runs nothing more.
            await self.websocket.close(code=live.FORBIDDEN_CLOSE, reason="Forbidden")
            return
        await super().handle_message(message)

    async def _still_signed_in(self) -> bool:
        """Before an operation: the connection's credential authenticates again (once the
        connection is acknowledged; before that the protocol refuses it on its own)."""
        context = self.context
        if not self.connection_acknowledged or not isinstance(context, Context):
            return True
        try:
            return await live.reauthenticate(context) is not None
        except Exception as exc:
            if not is_transient(exc):
                raise
            return True  # the operation itself answers the outage, typed and retryable
