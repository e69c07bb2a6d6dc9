"""The typed per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from server.audit.service import Actor
from server.clock import Clock
from server.graphql.loaders import Loaders
from server.settings import Settings


@dataclass(slots=True)
class Context:
    request: Request | WebSocket
    settings: Settings
    clock: Clock
    actor: Actor
    loaders: Loaders = field(default_factory=Loaders.create)


Info = StrawberryInfo[Context, None]
