"""The typed per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from server.accounts.passwords import Passwords
from server.accounts.sessions import SessionPolicy
from server.accounts.signin import SignInThrottle
from server.accounts.viewer import Viewer
from server.audit.service import Actor
from server.campaigns.queries import KeptCampaigns
from server.campaigns.rule_cache import RuleCache
from server.clock import Clock
from server.graphql.loaders import Loaders
from server.ratelimit import RateLimiter
from server.secretbox import SecretBox
from server.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived helpers shared by all requests of one app."""

    passwords: Passwords
    limiter: RateLimiter
    session_policy: SessionPolicy
    api_key_pepper: bytes
    ip_key: bytes
    secret_box: SecretBox
    # Keys the sign-in throttle's per-account counters (server.accounts.signin).
    account_key: bytes = b""
    # Campaign rules by config version (server/campaigns/rule_cache.py).
    rules: RuleCache = field(default_factory=RuleCache)
    # Campaign models by config version, for the `campaign(...)` root (server/campaigns/queries.py).
    campaigns: KeptCampaigns = field(default_factory=KeptCampaigns)

    def sign_in_throttle(self, settings: Settings, ip_hash: str) -> SignInThrottle:
        return SignInThrottle(
            limiter=self.limiter,
            address_rule=settings.login_limit,
            pair_rule=settings.login_pair_limit,
            account_rule=settings.login_account_limit,
            ip_hash=ip_hash,
            account_key=self.account_key,
        )


@dataclass(slots=True)
class Context:
    request: Request | WebSocket
    settings: Settings
    clock: Clock
    services: Services
    viewer: Viewer
    request_id: str
    ip_hash: str
    loaders: Loaders = field(default_factory=Loaders.create)
    # Set by the WebSocket protocol from connection_init; authentication reads it.
    connection_params: object = None
    # The credential a WebSocket connected with, authenticated again while it lives.
    credential: str | None = None
    # The HTTP response being built (headers such as RateLimit-*); None on a WebSocket.
    response: Response | None = None

    @property
    def actor(self) -> Actor:
        return self.viewer.actor(request_id=self.request_id, ip_hash=self.ip_hash)

    @property
    def caller_key(self) -> str:
        """Who rate limits count against: the key, the user, else the address."""
        v = self.viewer
        if v.api_key is not None and v.acting_slack_user and v.user is not None:
            # One bot key serves a whole workspace: each linked person it acts for has their
            # own limit. An id linked to nobody counts against the key itself, or a key could
            # mint a fresh budget per request by sending made-up ids.
            return f"key:{v.api_key.public_id}:slack:{v.acting_slack_user}"
        if v.api_key is not None:
            return f"key:{v.api_key.public_id}"
        if v.user is not None:
            return f"user:{v.user.id}"
        return f"ip:{self.ip_hash}"


Info = StrawberryInfo[Context, None]
