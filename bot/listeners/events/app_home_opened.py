"""App Home: rendered fresh each time the person opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.listeners.home import publish_home


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("app_home_opened")
    async def app_home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            await publish_home(client, deps, event["user"])
