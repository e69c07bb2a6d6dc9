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


def test_channels_port_and_slack_url_from_env() -> None:
    env = {
        "VOUCH_API_URL": "u",
        "VOUCH_API_KEY": "k",
        "SLACK_BOT_TOKEN": "t",
        "SLACK_SIGNING_SECRET": "s",
        "BOT_PORT": "3100",
        "SLACK_DEFAULT_CHANNEL": "C0DEFAULT1",
        "SLACK_APPROVALS_CHANNEL": "C0APPROVE1",
        "SLACK_TEST_CHANNEL": "C0TESTING1",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    settings = BotSettings.from_env(env)
    assert not settings.socket_mode and settings.port == 3100
    assert (settings.default_channel, settings.approvals_channel, settings.test_channel) == (
        "C0DEFAULT1",
        "C0APPROVE1",
        "C0TESTING1",
    )
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert BotSettings.from_env({**env, "SLACK_API_URL": ""}).slack_api_url == (
        "https://slack.com/api/"
    )


def test_a_bad_port_is_named() -> None:
    env = {
        "VOUCH_API_URL": "u",
        "VOUCH_API_KEY": "k",
        "SLACK_BOT_TOKEN": "t",
        "SLACK_APP_TOKEN": "x",
    }
    with pytest.raises(MissingSettings, match="BOT_PORT"):
        BotSettings.from_env({**env, "BOT_PORT": "http"})


def test_http_mode_listens_on_loopback_unless_bot_host_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    import bot.__main__ as entry

    env = {"VOUCH_API_URL": "u", "VOUCH_API_KEY": "k", "SLACK_BOT_TOKEN": "t"}
    env["SLACK_SIGNING_SECRET"] = "s"
    assert BotSettings.from_env(env).host == "127.0.0.1"
    assert BotSettings.from_env({**env, "BOT_HOST": "0.0.0.0"}).host == "0.0.0.0"  # noqa: S104

    bound: list[str] = []

    class Stop(Exception):
        pass

    def config(*_args: object, host: str, **_kwargs: object) -> None:
        bound.append(host)
        raise Stop

    monkeypatch.setattr("bot.__main__.uvicorn.Config", config)
    for settings in (BotSettings.from_env(env), BotSettings.from_env({**env, "BOT_HOST": "::1"})):
        with pytest.raises(Stop):
            asyncio.run(entry.run(settings))
    assert bound == ["127.0.0.1", "::1"]
