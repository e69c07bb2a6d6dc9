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
