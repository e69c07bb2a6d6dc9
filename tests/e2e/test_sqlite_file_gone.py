"""The SQLite file taken from under a running `vouch serve` (its directory removed): SQLite
would go on committing into the unlinked file, so every write acknowledged from then on
would vanish at the next start. Writes answer SERVICE_UNAVAILABLE instead, health and
readiness say the database is down, and a friend clicking a link still reaches the shop."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from tests.e2e.procs import env_for, post, prepare, serving, share_link
from tests.factories import CONVERT, ENROLL

CAMPAIGNS = "{ campaigns(first: 5) { nodes { id } } }"


def test_writes_refuse_once_the_sqlite_file_is_gone(tmp_path: Path) -> None:
    home = tmp_path / "data"
    home.mkdir()
    env = env_for(f"sqlite://{home / 'vouch.db'}", VOUCH_RATE_LIMITS="false")
    prepare(env, tmp_path)
    with serving(env, tmp_path) as server:
        token = server.login()
        code = share_link(server, token)
        campaign = post(server, CAMPAIGNS, token).json()["data"]["campaigns"]["nodes"][0]["id"]
        assert httpx.get(f"{server.base}/readyz", timeout=10).status_code == 200

        shutil.rmtree(home)
        conversion = {
            "friend": {"email": "buyer@example.org", "referralCode": code},
            "externalOrderId": "order-1",
            "amount": 5000,
            "currency": "USD",
            "idempotencyKey": "order-1-key",
        }
        for query, variables in (
            (CONVERT, {"input": conversion}),
            (ENROLL, {"input": {"campaignId": campaign, "email": "bea@example.com"}}),
        ):
            answer = post(server, query, token, **variables)
            assert answer.status_code == 503, answer.text  # was 200: recorded, then lost
            [error] = answer.json()["errors"]
            assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        for probe in ("/healthz", "/readyz"):
            down = httpx.get(f"{server.base}{probe}", timeout=10)
            assert down.status_code == 503 and down.json()["database"] == "down", down.text
        clicked = httpx.get(f"{server.base}/r/{code}", timeout=10)
        assert clicked.status_code == 302 and "vt=" not in clicked.headers["location"]
    assert "Traceback" not in server.output()
