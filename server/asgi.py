"""ASGI entry point for process managers: `uvicorn --factory server.asgi:create`."""

from __future__ import annotations

from starlette.applications import Starlette

from server.app import create_app
from server.settings import load_settings


def create() -> Starlette:
    return create_app(load_settings())
