"""Typed settings from the environment: the one place configuration is read."""

from __future__ import annotations

import math
from collections import Counter
from enum import StrEnum
from functools import cached_property
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from server.money import currencies

DEV_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - refused in production


MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 80  # character-frequency estimate: 32 random hex digits give 98-130
MIN_SECRET_GUESSES_LOG10 = 24  # zxcvbn: repeats, sequences and words score far lower


def secret_weakness(value: str) -> str | None:
    """Why `value` is no secret key, or None. Length alone let 32 equal characters through:
    a key must also be varied (its character-frequency entropy) and not guessable as a
    pattern (zxcvbn's estimate: repeats, sequences, keyboard walks, words)."""
    from zxcvbn import zxcvbn

    if value == DEV_SECRET:
        return "is the development default"
    if len(value) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    counts = Counter(value)
    bits = -sum(n * math.log2(n / len(value)) for n in counts.values())
    if bits < MIN_SECRET_BITS or zxcvbn(value[:100])["guesses_log10"] < MIN_SECRET_GUESSES_LOG10:
        return "looks low-entropy (repeated, sequential or common characters)"
    return None


class Env(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    database_url: str = Field("sqlite://vouch.db", alias="DATABASE_URL")
    env: Env = Field(Env.DEVELOPMENT, alias="VOUCH_ENV")
    secret_key: SecretStr = Field(SecretStr(DEV_SECRET), alias="VOUCH_SECRET_KEY")
    public_url: str = Field("http://127.0.0.1:8000", alias="VOUCH_PUBLIC_URL")
    admin_email: str | None = Field(None, alias="VOUCH_ADMIN_EMAIL")
    admin_password: SecretStr | None = Field(None, alias="VOUCH_ADMIN_PASSWORD")
    sqlite_synchronous: str = Field("NORMAL", alias="VOUCH_SQLITE_SYNCHRONOUS")
    default_currency: str = Field("USD", alias="VOUCH_DEFAULT_CURRENCY")
    cookie_secure: bool | None = Field(None, alias="VOUCH_COOKIE_SECURE")
    log_level: str = Field("info", alias="VOUCH_LOG_LEVEL")
    db_pool_max: int = Field(10, alias="VOUCH_DB_POOL_MAX", ge=1, le=200)
    session_idle_minutes: int = Field(120, alias="VOUCH_SESSION_IDLE_MINUTES", ge=1)
    session_max_hours: int = Field(12, alias="VOUCH_SESSION_MAX_HOURS", ge=1)
    rate_limit_storage: str = Field("async+memory://", alias="VOUCH_RATE_LIMIT_STORAGE")
    rate_limits_enabled: bool = Field(True, alias="VOUCH_RATE_LIMITS")
    login_limit: str = Field("10/minute;50/hour", alias="VOUCH_LOGIN_LIMIT")
    login_pair_limit: str = Field("5/15minutes", alias="VOUCH_LOGIN_ACCOUNT_ADDRESS_LIMIT")
    login_account_limit: str = Field("100/hour", alias="VOUCH_LOGIN_ACCOUNT_LIMIT")
    password_workers: int | None = Field(None, alias="VOUCH_PASSWORD_WORKERS", ge=1, le=256)
    mutation_limit: str = Field("120/minute", alias="VOUCH_MUTATION_LIMIT")
    redirect_limit: str = Field("60/minute", alias="VOUCH_REDIRECT_LIMIT")
    query_budget: str = Field("100000/minute", alias="VOUCH_QUERY_BUDGET")
    cors_origins: str = Field("", alias="VOUCH_CORS_ORIGINS")
    max_body_bytes: int = Field(100_000, alias="VOUCH_MAX_BODY_BYTES", ge=1_000)
    # Conversions recorded at once per process; more wait (server/referrals/admission.py).
    conversion_concurrency: int = Field(4, alias="VOUCH_CONVERSION_CONCURRENCY", ge=0, le=1000)
    request_timeout_seconds: float = Field(10.0, alias="VOUCH_REQUEST_TIMEOUT", gt=0)
    # SIGTERM: /readyz answers 503 this long while requests are still served (server/serving.py).
    drain_seconds: float = Field(0.0, alias="VOUCH_DRAIN_SECONDS", ge=0, le=300)
    preflight_check_landing: bool = Field(False, alias="VOUCH_PREFLIGHT_CHECK_LANDING")
    subscription_poll_seconds: float = Field(
        1.0, alias="VOUCH_SUBSCRIPTION_POLL_SECONDS", gt=0, le=60
    )
    subscription_recheck_seconds: float = Field(
        5.0, alias="VOUCH_SUBSCRIPTION_RECHECK_SECONDS", ge=0, le=5
    )
    log_format: Literal["json", "text"] = Field("text", alias="VOUCH_LOG_FORMAT")
    metrics_token: SecretStr | None = Field(None, alias="VOUCH_METRICS_TOKEN")
    # Stripe customer-balance credits (server/payouts/stripe_credit.py); off without a key.
    stripe_api_key: SecretStr | None = Field(None, alias="VOUCH_STRIPE_API_KEY")
    stripe_api_base: str = Field("https://api.stripe.com", alias="VOUCH_STRIPE_API_BASE")
    # Email: SMTP when set (smtp://user:pass@host:587, smtps://...:465), else .eml files.
    smtp_url: SecretStr | None = Field(None, alias="VOUCH_SMTP_URL")
    mail_from: str = Field("vouch@localhost", alias="VOUCH_MAIL_FROM")
    mail_dir: str = Field("mail", alias="VOUCH_MAIL_DIR")
    join_limit: str = Field("5/minute;30/hour", alias="VOUCH_JOIN_LIMIT")
    # uvicorn's own variable: proxies whose X-Forwarded-For / -Proto are believed.
    forwarded_allow_ips: str = Field("127.0.0.1", alias="FORWARDED_ALLOW_IPS")

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("VOUCH_PUBLIC_URL must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        parts = urlsplit(value.get_secret_value())
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("VOUCH_SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://")
        return value

    @field_validator("mail_from")
    @classmethod
    def _mail_from(cls, value: str) -> str:
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(value, check_deliverability=False, test_environment=True)
        except EmailNotValidError:
            if not value.endswith("@localhost"):
                raise ValueError("VOUCH_MAIL_FROM must be an email address") from None
        return value

    @field_validator("sqlite_synchronous")
    @classmethod
    def _synchronous(cls, value: str) -> str:
        value = value.upper()
        if value not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise ValueError("VOUCH_SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA")
        return value

    @field_validator("query_budget")
    @classmethod
    def _budget(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError("VOUCH_QUERY_BUDGET is points per period: 100000/minute") from None
        return value

    @field_validator(
        "login_limit",
        "login_pair_limit",
        "login_account_limit",
        "mutation_limit",
        "redirect_limit",
        "join_limit",
    )
    @classmethod
    def _limits(cls, value: str) -> str:
        """Checked when the settings load: a bad one started the server, then failed each
        request it limits."""
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                "a rate limit is COUNT/PERIOD, several joined by ';': 10/minute;50/hour"
            ) from None
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        """Checked when the settings load: a bad one was a traceback when `vouch serve` began."""
        value = value.strip().lower()
        if value not in {"critical", "error", "warning", "info", "debug"}:
            raise ValueError("VOUCH_LOG_LEVEL is critical, error, warning, info or debug")
        return value

    @field_validator("cors_origins")
    @classmethod
    def _cors_origins(cls, value: str) -> str:
        """Checked when the settings load: a bad one was a traceback when `vouch serve` began
        (the WebSocket origin check refuses it)."""
        from strawberry.http.websocket_origin import normalize_allowed_origins

        origins = [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        try:
            normalize_allowed_origins(origins)
        except ValueError:
            raise ValueError(
                "VOUCH_CORS_ORIGINS is origins separated by commas, each like "
                "https://shop.example.com (scheme, host and optional port, no path)"
            ) from None
        return value

    @field_validator("stripe_api_base")
    @classmethod
    def _stripe_api_base(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("VOUCH_STRIPE_API_BASE must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("default_currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if value.strip().upper() not in currencies():
            raise ValueError("VOUCH_DEFAULT_CURRENCY must be an ISO 4217 code in circulation")
        return value.strip().upper()

    @model_validator(mode="after")
    def _production_secrets(self) -> Settings:
        if self.env is Env.PRODUCTION:
            problem = secret_weakness(self.secret_key.get_secret_value())
            if problem is not None:
                raise ValueError(
                    f"VOUCH_SECRET_KEY {problem}; in production set it to a random value of at "
                    "least 32 characters (e.g. `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(32))'`)"
                )
        return self

    @cached_property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.public_url.startswith("https://")

    @property
    def is_production(self) -> bool:
        return self.env is Env.PRODUCTION

    @property
    def public_origin(self) -> str:
        """VOUCH_PUBLIC_URL's scheme and host (a URL with a path, behind a proxy, is no origin)."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def allowed_origins(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]


def load_settings() -> Settings:
    """Read settings from the environment, turning validation errors into one clear line."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise SettingsError(f"{where}: {first['msg']}") from None


def derived_key(settings: Settings, purpose: str) -> bytes:
    """A separate key per purpose, so one leaked derived key exposes nothing else."""
    import hashlib
    import hmac

    secret = settings.secret_key.get_secret_value().encode()
    return hmac.new(secret, purpose.encode(), hashlib.sha256).digest()
