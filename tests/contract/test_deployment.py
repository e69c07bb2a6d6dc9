"""The container files: compose.yaml's structure and the Dockerfile's key lines. No Docker
engine runs here; when one does, the image is also built."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import REQUIRED as BOT_REQUIRED
from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return data


def _settings_names() -> set[str]:
    return {str(f.alias) for f in Settings.model_fields.values() if f.alias}


def _dockerfile() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_compose_runs_postgres_redis_migrations_web_and_bot() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "migrate", "web", "bot"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["migrate"]["command"] == ["vouch", "migrate"]
    assert services["bot"]["command"] == ["python", "-m", "bot"]
    web = services["web"]
    assert web["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "redis": {"condition": "service_healthy"},
    }
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["bot"]["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert _compose()["volumes"] == {"pgdata": None}


def test_compose_healthchecks() -> None:
    services = _compose()["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    web = " ".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/readyz" in web
    assert services["bot"]["healthcheck"] == {"disable": True}  # Socket Mode has no port


def test_compose_environment_names_real_settings() -> None:
    services = _compose()["services"]
    web = services["web"]["environment"]
    known = _settings_names() | {"WEB_CONCURRENCY"}
    assert set(web) <= known, set(web) - known
    assert set(services["migrate"]["environment"]) <= known
    assert (
        web["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in web["DATABASE_URL"]
    )
    assert web["VOUCH_RATE_LIMIT_STORAGE"].startswith("async+redis://redis:6379")
    assert (web["VOUCH_ENV"], web["VOUCH_LOG_FORMAT"]) == ("production", "json")
    assert "VOUCH_WORKERS" in web["WEB_CONCURRENCY"]
    assert ":?" in web["VOUCH_SECRET_KEY"]  # compose refuses to start without it
    assert {"FORWARDED_ALLOW_IPS", "VOUCH_METRICS_TOKEN"} <= set(web)
    bot = services["bot"]["environment"]
    assert set(BOT_REQUIRED) <= set(bot)
    assert bot["VOUCH_API_URL"] == "http://web:8000/graphql"


def test_dockerfile_is_small_non_root_and_health_checked() -> None:
    lines = _dockerfile()
    froms = [line for line in lines if line.startswith("FROM ")]
    assert len(froms) == 2 and all("-slim" in line for line in froms)  # build stage + runtime
    assert any(line.startswith("COPY --from=build ") for line in lines)
    user = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert user and user[-1] not in {"root", "0"}
    health = next(line for line in lines if line.startswith("HEALTHCHECK "))
    assert "/healthz" in health
    cmd = next(line for line in lines if line.startswith("CMD "))
    assert "uvicorn --factory server.asgi:create" in cmd and "--host 0.0.0.0" in cmd
    assert "EXPOSE 8000" in lines
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "*.db"} <= set(ignored)


def test_the_image_builds_when_docker_is_available() -> None:
    docker = shutil.which("docker")
    ready = docker and subprocess.run([docker, "info"], capture_output=True, check=False)
    if not ready or ready.returncode != 0:
        pytest.skip("no Docker engine on this machine")
    assert docker is not None
    built = subprocess.run(
        [docker, "build", "-q", "-t", "vouch:test", str(ROOT)], capture_output=True, check=False
    )
    assert built.returncode == 0, built.stderr.decode()[-2000:]
    user = subprocess.run(
        [docker, "run", "--rm", "--entrypoint", "id", "vouch:test", "-u"],
        capture_output=True,
        check=True,
    )
    assert re.fullmatch(rb"\d+\s*", user.stdout) and user.stdout.strip() != b"0"
