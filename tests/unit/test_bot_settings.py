from __future__ import annotations

import pytest

from bot.settings import BotSettings, MissingSettings


def test_missing_settings_are_named() -> None:
    with pytest.raises(MissingSettings) as err:
        BotSettings.from_env({"VOUCH_API_URL": "http://127.0.0.1:8000/graphql"})
    assert str(err.value) == (
        "missing settings: VOUCH_API_KEY, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"
    )


def test_socket_mode_needs_no_signing_secret() -> None:
    env = {
        "VOUCH_API_URL": "u",
        "VOUCH_API_KEY": "k",
        "SLACK_BOT_TOKEN": "t",
        "SLACK_APP_TOKEN": "xapp",
    }
    settings = BotSettings.from_env(env)
    assert settings.app_token == "xapp" and settings.signing_secret is None
