"""Ceiling for GraphQL: Strawberry answering `{ hello }` with parsed and validated documents
cached, on Starlette. Run by bench/all.py as
`uvicorn --app-dir bench/ceilings hello_graphql:app`."""

from __future__ import annotations

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"


schema = strawberry.Schema(
    Query, extensions=[lambda: ParserCache(maxsize=64), lambda: ValidationCache(maxsize=64)]
)


async def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[Route("/healthz", healthz), Route("/graphql", GraphQL(schema), methods=["POST"])]
)
