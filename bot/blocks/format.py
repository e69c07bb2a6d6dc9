"""Text helpers shared by the builders."""

from __future__ import annotations

from datetime import datetime

from bot.api.models import Money

SECTION_TEXT_MAX = 3000
HEADER_TEXT_MAX = 150
MESSAGE_BLOCKS_MAX = 50


def moneys(values: list[Money]) -> str:
    """Amounts in several currencies, each as the API formatted it."""
    return ", ".join(v.formatted for v in values) or "0"


def when(at: datetime) -> str:
    """A date Slack renders in each reader's own time zone."""
    fallback = at.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """User-provided text shown in mrkdwn: no accidental mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def progress_bar(ratio: float, width: int = 10) -> str:
    filled = max(0, min(width, round(ratio * width)))
    return "▓" * filled + "░" * (width - filled)


def percent(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"
