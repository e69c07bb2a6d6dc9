"""Listeners by kind, one per file; each module's `register` wires itself to the app."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.deps import Deps
from bot.listeners.actions import approve, reject
from bot.listeners.commands import vouch
from bot.listeners.events import app_home_opened
from bot.listeners.views import reject_submission


def register(app: AsyncApp, deps: Deps) -> None:
    for module in (vouch, approve, reject, reject_submission, app_home_opened):
        module.register(app, deps)
