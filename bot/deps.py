"""What every listener needs, built once in app.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.api.client import VouchApi
from bot.settings import BotSettings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Deps:
    settings: BotSettings
    api: VouchApi
    now: Callable[[], datetime] = utc_now
