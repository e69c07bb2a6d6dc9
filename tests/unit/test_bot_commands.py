from __future__ import annotations

import pytest

from bot.api.models import LeaderboardPeriod
from bot.commands import CampaignInfo, Command, Help, Leaderboard, Pending, Stats, parse


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", Help()),
        ("  help ", Help()),
        ("stats", Stats(slug=None)),
        ("STATS give-10", Stats(slug="give-10")),
        ("leaderboard", Leaderboard(slug=None, period=LeaderboardPeriod.ALL)),
        ("leaderboard week", Leaderboard(slug=None, period=LeaderboardPeriod.WEEK)),
        ("leaderboard give-10", Leaderboard(slug="give-10", period=LeaderboardPeriod.ALL)),
        ("leaderboard give-10 Month", Leaderboard(slug="give-10", period=LeaderboardPeriod.MONTH)),
        ("pending", Pending()),
        ("campaign give-10", CampaignInfo(slug="give-10")),
    ],
)
def test_known_forms(text: str, command: Command) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    "text", ["dance", "stats a b", "leaderboard a b c", "leaderboard a b", "pending now", "help me"]
)
def test_anything_else_gets_help_naming_the_input(text: str) -> None:
    result = parse(text)
    assert isinstance(result, Help) and result.problem is not None
    assert text.split()[0] in result.problem


def test_campaign_without_slug_explains_usage() -> None:
    result = parse("campaign")
    assert isinstance(result, Help) and result.problem is not None
    assert "needs one campaign slug" in result.problem
