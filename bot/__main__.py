"""`python -m bot`: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP mode on BOT_PORT."""

from __future__ import annotations

import asyncio
import logging
import sys

import uvicorn
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.announcer import Announcer
from bot.api.client import VouchApi
from bot.app import announcing, build_app, http_app
from bot.deps import Deps
from bot.settings import BotSettings, MissingSettings

log = logging.getLogger("vouch.bot")


async def run(settings: BotSettings) -> None:
    api = VouchApi(settings.api_url, settings.api_key)
    deps = Deps(settings=settings, api=api)
    app = build_app(deps)
    announcer = Announcer(deps, app.client)
    try:
        if settings.app_token is not None:
            log.info("Socket Mode")
            handler = AsyncSocketModeHandler(app, settings.app_token)
            await asyncio.gather(
                handler.start_async(),  # type: ignore[no-untyped-call]
                announcer.run(),
            )
        else:
            log.info("HTTP mode on %s:%s: POST /slack/events", settings.host, settings.port)
            config = uvicorn.Config(
                http_app(app, announcing(announcer)),
                host=settings.host,  # BOT_HOST, loopback by default: put TLS in front
                port=settings.port,
                log_level="info",
            )
            await uvicorn.Server(config).serve()
    finally:
        await api.aclose()


def main() -> int:
    try:
        settings = BotSettings.from_env()
    except MissingSettings as exc:
        print(f"bot: {exc}", file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(run(settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
