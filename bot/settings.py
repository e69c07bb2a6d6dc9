"""The bot's settings, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

REQUIRED = ("VOUCH_API_URL", "VOUCH_API_KEY", "SLACK_BOT_TOKEN")
SLACK_API_URL = "https://slack.com/api/"


class MissingSettings(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class BotSettings:
    api_url: str
    api_key: str
    bot_token: str
    signing_secret: str | None
    app_token: str | None
    port: int
    default_channel: str | None = None
    approvals_channel: str | None = None
    test_channel: str | None = None
    # Tests and self-hosted proxies only: where the Slack Web API lives.
    slack_api_url: str = SLACK_API_URL
    # HTTP mode's listening address: loopback unless BOT_HOST says otherwise (a TLS proxy in
    # front normally reaches it there; set 0.0.0.0 only where nothing else can).
    host: str = "127.0.0.1"

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> BotSettings:
        env = dict(os.environ) if env is None else env
        needed = list(REQUIRED)
        if not env.get("SLACK_APP_TOKEN"):
            needed.append("SLACK_SIGNING_SECRET")  # HTTP mode verifies every request
        missing = [name for name in needed if not env.get(name)]
        if missing:
            raise MissingSettings("missing settings: " + ", ".join(missing))
        port = env.get("BOT_PORT") or "3000"
        if not port.isdigit():
            raise MissingSettings(f"BOT_PORT must be a port number, not {port!r}")
        return cls(
            api_url=env["VOUCH_API_URL"],
            api_key=env["VOUCH_API_KEY"],
            bot_token=env["SLACK_BOT_TOKEN"],
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            port=int(port),
            default_channel=env.get("SLACK_DEFAULT_CHANNEL") or None,
            approvals_channel=env.get("SLACK_APPROVALS_CHANNEL") or None,
            test_channel=env.get("SLACK_TEST_CHANNEL") or None,
            slack_api_url=env.get("SLACK_API_URL") or SLACK_API_URL,
            host=env.get("BOT_HOST") or "127.0.0.1",
        )
