"""ASGI entry point for process managers: `uvicorn --factory server.asgi:create`."""

from __future__ import annotations

from starlette.applications import Starlette

from server.app import create_app
from server.logs import configure as configure_logging
from server.settings import load_settings


def create() -> Starlette:
    settings = load_settings()
    configure_logging(settings.log_format, settings.log_level)
    return create_app(settings)
