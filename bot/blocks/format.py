"""Text helpers shared by the builders."""

from __future__ import annotations

from datetime import datetime

from bot.api.models import Money

# ISO 4217 currencies without minor units; every other one is shown with two decimals.
_ZERO_DECIMAL = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "XOF", "XAF", "UGX"})
SECTION_TEXT_MAX = 3000
HEADER_TEXT_MAX = 150
MESSAGE_BLOCKS_MAX = 50


def money(value: Money) -> str:
    if value.currency in _ZERO_DECIMAL:
        return f"{value.amount:,} {value.currency}"
    sign = "-" if value.amount < 0 else ""
    major, minor = divmod(abs(value.amount), 100)
    return f"{sign}{major:,}.{minor:02d} {value.currency}"


def moneys(values: list[Money]) -> str:
    return ", ".join(money(v) for v in values) or "0"


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
