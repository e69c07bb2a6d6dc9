"""The bot's settings, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

REQUIRED = ("VOUCH_API_URL", "VOUCH_API_KEY", "SLACK_BOT_TOKEN")


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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> BotSettings:
        env = dict(os.environ) if env is None else env
        needed = list(REQUIRED)
        if not env.get("SLACK_APP_TOKEN"):
            needed.append("SLACK_SIGNING_SECRET")  # HTTP mode verifies every request
        missing = [name for name in needed if not env.get(name)]
        if missing:
            raise MissingSettings("missing settings: " + ", ".join(missing))
        return cls(
            api_url=env["VOUCH_API_URL"],
            api_key=env["VOUCH_API_KEY"],
            bot_token=env["SLACK_BOT_TOKEN"],
            signing_secret=env.get("SLACK_SIGNING_SECRET"),
            app_token=env.get("SLACK_APP_TOKEN"),
            port=int(env.get("BOT_PORT", "3000")),
        )
