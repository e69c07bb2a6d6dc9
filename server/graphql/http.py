"""GraphQL over HTTP response media types, on top of Strawberry's ASGI view.

A client that accepts `application/graphql-response+json` (ahead of `application/json`) gets
that media type, and a request that fails before execution (unparsable or invalid document,
variables that do not coerce: no `data`) gets status 400 without a `data` entry. Any other
client, including one that sends no `Accept` or `*/*`, gets `application/json` and status 200
as before. https://graphql.github.io/graphql-over-http/draft/#sec-Body
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, TypeVar

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.types import QueryParams

from server.errors import ErrorCode

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
_JSON_RANGES = {JSON: 2, "application/*": 1, "*/*": 0}  # more specific wins

_OBJECTS = {"variables", "extensions"}
# What Strawberry's `json.dumps(data, separators=(",", ":"))` builds on every answer, built once.
_COMPACT = json.JSONEncoder(separators=(",", ":"))


class CredentialRefused(Exception):
    """A credential (Authorization, the acting Slack user) that is sent but refused: a 401 with
    a GraphQL error body and its code, like every other refusal, not a plain-text line, and
    the `WWW-Authenticate` challenge RFC 9110 requires of a 401."""

    def response(self) -> Response:
        code = ErrorCode.UNAUTHENTICATED.value
        return JSONResponse(
            {"errors": [{"message": str(self), "extensions": {"code": code}}]},
            status_code=401,
            headers={"www-authenticate": "Bearer"},
        )


ContextT = TypeVar("ContextT")
RootValueT = TypeVar("RootValueT")


@lru_cache(maxsize=256)
def negotiate(accept: str | None) -> str:
    """The response media type for an `Accept` header: `application/graphql-response+json` when
    the client names it with a quality at least that of `application/json` (for which `*/*` and
    `application/*` count: it stays the default), otherwise `application/json`, which is also the
    answer when neither is acceptable."""
    graphql_q = 0.0
    json_q, json_rank = 0.0, -1  # q of the most specific range that matches application/json
    for item in (accept or "").split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        media_range = media_range.lower()
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:  # also NaN
                    q = 0.0
        if media_range == GRAPHQL_RESPONSE_JSON:
            graphql_q = max(graphql_q, q)
        elif (rank := _JSON_RANGES.get(media_range, -1)) >= 0 and (
            rank > json_rank or (rank == json_rank and q > json_q)
        ):
            json_q, json_rank = q, rank
    return GRAPHQL_RESPONSE_JSON if graphql_q > 0 and graphql_q >= json_q else JSON


def is_request_error(result: GraphQLHTTPResponse) -> bool:
    """No data and only errors without a `path`: the operation never ran (parse, validation or
    variable coercion failed). A field error always has a path, even when it nulls `data`."""
    errors = result.get("errors") or []
    return (
        result.get("data") is None
        and bool(errors)
        and not any(isinstance(error, dict) and "path" in error for error in errors)
    )


class NegotiatedSubResponse(Response):
    """Strawberry's per-request sub-response, remembering the media type the client accepts."""

    def __init__(self, graphql_media_type: str) -> None:
        # Response's own __init__ would add a content-length only to delete it: the attributes
        # it sets, directly. No headers yet; Strawberry sets the length of the answer itself.
        self.graphql_media_type = graphql_media_type
        # Strawberry's marker for "no status chosen by a resolver".
        self.status_code = None  # type: ignore[assignment]
        self.background = None
        self.body = b""
        self.raw_headers = []


def header(request: Request | WebSocket, name: bytes) -> str | None:
    """`request.headers.get(...)` for the lower-case `name` (the first such header), read from
    the scope: Starlette's `Headers` is a Mapping whose `get` of an absent header raises and
    catches a KeyError, and the endpoint reads a few headers of every request."""
    for key, value in request.scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _response(body: str, sub_response: Response) -> Response:
    """Strawberry's `create_response` (the JSON answer with the sub-response's headers, status
    and background) and `Vary: Accept`, with the headers' raw list written directly."""
    response = Response(body, status_code=200, media_type=JSON)
    raw = response.raw_headers
    raw.extend(sub_response.raw_headers)
    if sub_response.background:
        response.background = sub_response.background
    if sub_response.status_code:
        response.status_code = sub_response.status_code
    if any(key == b"vary" for key, _ in raw):
        response.headers.add_vary_header("Accept")
    else:  # what add_vary_header does when there is none yet
        raw.append((b"vary", b"Accept"))
    return response


class GraphQLOverHTTP(GraphQL[ContextT, RootValueT]):
    """Strawberry's ASGI `GraphQL` view answering `application/graphql-response+json` on request."""

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        return NegotiatedSubResponse(negotiate(header(request, b"accept")))

    def parse_json(self, data: str | bytes) -> Any:
        """A request body (or a GET `variables`/`extensions` parameter) that is not UTF-8, nests
        deeper than the decoder recurses, or is a bare scalar is the caller's mistake: 400."""
        try:
            decoded = super().parse_json(data)
        except (UnicodeDecodeError, RecursionError):
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "The request's JSON must be an object.")
        return decoded

    def encode_json(self, data: object) -> str:
        return _COMPACT.encode(data)

    def parse_query_params(self, params: QueryParams) -> dict[str, Any]:
        """`variables=null` in a GET query string means no variables, as in a JSON body."""
        kept = {k: v for k, v in params.items() if not (k in _OBJECTS and v == "null")}
        return super().parse_query_params(kept)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = (
            sub_response.graphql_media_type
            if isinstance(sub_response, NegotiatedSubResponse)
            else JSON
        )
        request_error = False
        if media_type == GRAPHQL_RESPONSE_JSON and isinstance(response_data, dict):
            request_error = is_request_error(response_data)
            if request_error:
                response_data = response_data.copy()
                response_data.pop("data", None)
        response = _response(self.encode_json(response_data), sub_response)
        if media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
            if request_error and not sub_response.status_code:
                response.status_code = 400
        return response


# A request refused before it is a GraphQL operation, by its HTTP status.
REQUEST_ERROR_CODES = {
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def request_error(status: int, reason: str) -> JSONResponse:
    """No query, a body that is not a JSON object, an operation name that picks none, a mutation
    over GET...: answered as the GraphQL error every client reads (`errors[].message` and
    `extensions.code`, BAD_REQUEST unless the status says more), not a line of plain text."""
    code = REQUEST_ERROR_CODES.get(status, "BAD_REQUEST")
    body = {"errors": [{"message": reason, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)
