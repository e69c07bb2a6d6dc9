"""`/vouch` text to a command: pure parsing, so every form is unit-tested."""

from __future__ import annotations

from dataclasses import dataclass

from bot.api.models import LeaderboardPeriod


@dataclass(frozen=True, slots=True)
class Help:
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Stats:
    slug: str | None


@dataclass(frozen=True, slots=True)
class Leaderboard:
    slug: str | None
    period: LeaderboardPeriod


@dataclass(frozen=True, slots=True)
class Pending:
    pass


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    slug: str


Command = Help | Stats | Leaderboard | Pending | CampaignInfo
_PERIODS = {p.value.lower(): p for p in LeaderboardPeriod}


def parse(text: str) -> Command:
    words = text.split()
    if not words:
        return Help()
    verb, args = words[0].lower(), words[1:]
    if verb == "help" and not args:
        return Help()
    if verb == "stats" and len(args) <= 1:
        return Stats(slug=args[0] if args else None)
    if verb == "leaderboard" and len(args) <= 2:
        period = LeaderboardPeriod.ALL
        if args and args[-1].lower() in _PERIODS:
            period = _PERIODS[args.pop().lower()]
        if len(args) <= 1:
            return Leaderboard(slug=args[0] if args else None, period=period)
    if verb == "pending" and not args:
        return Pending()
    if verb == "campaign":
        if len(args) == 1:
            return CampaignInfo(slug=args[0])
        return Help(
            problem="`/vouch campaign` needs one campaign slug, e.g. `/vouch campaign give-10`."
        )
    return Help(problem=f"I don't know `{text.strip()[:100]}`. Here is what I can do:")
