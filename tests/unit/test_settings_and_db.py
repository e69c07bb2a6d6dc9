from __future__ import annotations

import pytest

from server import db
from server.settings import DEV_SECRET, Settings, SettingsError, load_settings


def test_database_urls_translate_for_tortoise() -> None:
    assert (
        db.tortoise_url("sqlite://vouch.db")
        == "sqlite://vouch.db?synchronous=NORMAL&busy_timeout=5000"
    )
    assert db.tortoise_url("sqlite://x.db?synchronous=FULL").startswith(
        "sqlite://x.db?synchronous=FULL"
    )
    assert db.tortoise_url("postgresql://u:p@h:5432/d") == "asyncpg://u:p@h:5432/d"
    assert db.tortoise_url("postgres://u@h/d?ssl=require") == "asyncpg://u@h/d?ssl=require"
    # A local PostgreSQL's Unix socket directory, as libpq reads it.
    socket = "postgres://u:p@:5433/d?host=/run/postgresql"
    assert db.tortoise_url(socket) == "asyncpg://u:p@:5433/d?host=/run/postgresql"
    for bad in (
        "mysql://x/y",
        "nonsense",
        "postgres://",
        "postgres://host/",
        "sqlite://",
        "postgres://u@/d",
        "postgres://u@/d?host=run/postgresql",
        "postgres://u@/?host=/run/postgresql",
    ):
        with pytest.raises(db.DatabaseUrlError):
            db.tortoise_url(bad)


def test_production_refuses_default_short_or_low_entropy_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOUCH_ENV", "production")
    low_entropy = (
        "x" * 32,
        "x" * 40,
        "ab" * 16,
        "0123456789abcdef" * 2,
        "abcdefghijklmnopqrstuvwxyz012345",
        "password" * 4,
        "Password123!" * 3,
    )
    for secret in (DEV_SECRET, "short", *low_entropy):
        monkeypatch.setenv("VOUCH_SECRET_KEY", secret)
        with pytest.raises(SettingsError, match="VOUCH_SECRET_KEY"):
            load_settings()
    # What `secrets` makes is accepted, 32 hex digits (128 bits) included (fixed examples,
    # so the test cannot flake; none is in use anywhere).
    for secret in (
        "v_Rus1QHSDH6Ifuk7dLvyEFgJj8eBRygpmoPmZK93ZE",
        "5f3e1a18da1c7705387e0f154d27d9d5",
        "c029bf34cfc4796f63d52b4d27ee3e62",
    ):
        monkeypatch.setenv("VOUCH_SECRET_KEY", secret)
        assert load_settings().is_production


def test_bad_values_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOUCH_PUBLIC_URL", "ftp://nope")
    with pytest.raises(SettingsError, match="VOUCH_PUBLIC_URL"):
        load_settings()


def test_cookies_are_secure_behind_https() -> None:
    assert Settings(VOUCH_PUBLIC_URL="https://go.example.com").secure_cookies
    assert not Settings(VOUCH_PUBLIC_URL="http://127.0.0.1:8000").secure_cookies


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # Read only once the server ran: a traceback when `vouch serve` began (log level, CORS
        # origins), or a server that started and then failed each request it limits.
        ("VOUCH_LOG_LEVEL", "loud"),
        ("VOUCH_CORS_ORIGINS", "shop.example.com"),
        ("VOUCH_CORS_ORIGINS", "https://shop.example.com/path"),
        ("VOUCH_LOGIN_LIMIT", "lots"),
        ("VOUCH_LOGIN_ACCOUNT_ADDRESS_LIMIT", "5/fortnight"),
        ("VOUCH_LOGIN_ACCOUNT_LIMIT", "x"),
        ("VOUCH_MUTATION_LIMIT", "120"),
        ("VOUCH_REDIRECT_LIMIT", "minute/60"),
        ("VOUCH_JOIN_LIMIT", "5/minute;x"),
        ("VOUCH_STRIPE_API_BASE", "ftp://stripe.example.com"),
    ],
)
def test_every_setting_is_checked_when_the_settings_load(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=f"^{name}: "):
        load_settings()


def test_good_values_of_the_checked_settings_load(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "VOUCH_LOG_LEVEL": "WARNING",
        "VOUCH_CORS_ORIGINS": "https://a.example.com, https://b.example.com:8443/",
        "VOUCH_LOGIN_LIMIT": "10/minute;50/hour",
        "VOUCH_JOIN_LIMIT": "5 per minute",
        "VOUCH_STRIPE_API_BASE": "http://127.0.0.1:12111/",
    }.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.log_level == "warning"
    assert settings.stripe_api_base == "http://127.0.0.1:12111"


def test_a_public_url_with_a_path_serves() -> None:
    """Behind a proxy at https://host/vouch: the app could not be built (the WebSocket origin
    check took the URL, path and all, for an origin)."""
    from server.app import create_app

    settings = Settings(VOUCH_PUBLIC_URL="https://go.example.com/vouch/")
    assert settings.public_origin == "https://go.example.com"
    create_app(settings, manage_db=False, run_jobs=False)


def test_postgres_url_options_reach_asyncpg_as_libpq_reads_them() -> None:
    """`?sslmode=` and `?connect_timeout=` were a TypeError from asyncpg.connect, `?ssl=disable`
    turned SSL on (Tortoise casts it to a bool), `?statement_timeout=` a TypeError."""
    settings = Settings(DATABASE_URL="x")
    url = (
        "postgres://u:p@h:5432/d?ssl=false&connect_timeout=3&application_name=vouch"
        "&statement_timeout=30000&maxsize=4&command_timeout=9&schema=s"
    )
    credentials = db.tortoise_config(settings, database_url=url)["connections"]["default"][
        "credentials"
    ]
    assert credentials == {
        "host": "h",
        "port": 5432,
        "user": "u",
        "password": "p",
        "database": "d",
        "timeout": 3.0,
        "command_timeout": 9.0,
        "maxsize": 4,
        "schema": "s",
        "dsn": "postgresql:///?sslmode=disable&application_name=vouch&statement_timeout=30000",
    }
    for bad in ("ssl=maybe", "sslmode=on", "connect_timeout=soon", "maxsize=x"):
        with pytest.raises(db.DatabaseUrlError, match=bad.split("=")[0]):
            db.tortoise_url(f"postgres://u@h/d?{bad}")
