"""A real PostgreSQL stopped under a real `vouch serve`: what API clients and a friend clicking
a share link see during the outage, and that both recover when the database is back."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from server.referrals.rules import CODE_ALPHABET
from tests.e2e.procs import data, env_for, pg_cluster, post, prepare, serving, share_link
from tests.factories import CONVERT

pytestmark = pytest.mark.skipif(
    not os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL pass (it starts and stops a cluster of its own)",
)
CAMPAIGNS = "{ campaigns(first: 5) { nodes { id slug } } }"
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on UserError { code } } }"""


def another_code(code: str) -> str:
    """A well-formed code no link has (so only the database could say it is unknown)."""
    i = CODE_ALPHABET.index(code[-1])
    return code[:-1] + CODE_ALPHABET[(i + 1) % len(CODE_ALPHABET)]


def assert_unavailable(response: httpx.Response) -> None:
    """What a client sees during an outage: typed, retryable, never a bare 500."""
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    assert response.headers["content-type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors and all(e["extensions"]["code"] == "SERVICE_UNAVAILABLE" for e in errors)
    assert "Traceback" not in response.text


def test_postgres_outage_degrades_and_recovers(tmp_path: Path) -> None:
    with pg_cluster() as pg:
        env = env_for(pg.url, VOUCH_RATE_LIMITS="false")
        prepare(env, tmp_path)
        with serving(env, tmp_path) as server:
            token = server.login()
            code = share_link(server, token)
            friend = httpx.Client(base_url=server.base, timeout=30)
            before = friend.get(f"/r/{code}")
            assert before.status_code == 302 and "vt=" in before.headers["location"]

            pg.stop()
            started = time.monotonic()
            # An authenticated query: authentication itself needs the database.
            assert_unavailable(post(server, CAMPAIGNS, token))
            # A mutation that needs no credentials fails inside execution: same answer.
            assert_unavailable(
                post(server, 'mutation { login(email: "a@b.co", password: "x") { __typename } }')
            )
            # A friend clicking a link this worker has served still reaches the shop,
            # carrying the code in `ref` and the cookie; the click is counted as lost.
            for _ in range(3):
                clicked = httpx.get(f"{server.base}/r/{code}", timeout=30)
                assert clicked.status_code == 302, clicked.text
                target = urlsplit(clicked.headers["location"])
                assert target.netloc == "shop.example.com"
                assert parse_qs(target.query)["ref"] == [code]
                assert "vt" not in parse_qs(target.query)
                assert "vouch_ref=" in clicked.headers["set-cookie"]
            # A link it has never seen cannot be resolved: a page asking to retry, not a 500.
            unknown = httpx.get(f"{server.base}/r/{another_code(code)}", timeout=30)
            assert unknown.status_code == 503, unknown.text
            assert int(unknown.headers["retry-after"]) > 0
            outage = time.monotonic() - started

            pg.start()
            for _ in range(100):  # the pool reconnects on its own
                answer = post(server, CAMPAIGNS, token)
                if answer.status_code == 200:
                    break
                assert_unavailable(answer)
                time.sleep(0.2)
            assert data(answer)["campaigns"]["nodes"][0]["slug"] == "give-10"
            after = friend.get(f"/r/{code}")
            assert after.status_code == 302 and "vt=" in after.headers["location"]
            friend.close()
        log = server.output()
    # Lost clicks are logged once per interval, not once per click.
    assert log.count("clicks not recorded") == 1, log
    assert "Traceback" not in log, log
    print(f"outage answered in {outage:.1f} s for 2 API calls and 4 clicks")


def test_postgres_taking_no_writes_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    """PostgreSQL read-only (a standby after a failover, maintenance, a provider's full-disk
    guard): writes are SERVICE_UNAVAILABLE (a conversion and a link redirect were 500s, a
    login `data: null` with the database's message), readiness says so, and both recover."""
    with pg_cluster() as pg:
        env = env_for(pg.url, VOUCH_RATE_LIMITS="false")
        prepare(env, tmp_path)
        with serving(env, tmp_path) as server:
            token = server.login()
            code = share_link(server, token)

            def read_only(on: bool) -> None:
                setting = "SET default_transaction_read_only = on" if on else "RESET ALL"
                pg.sql(f"ALTER SYSTEM {setting}")
                pg.sql("SELECT pg_reload_conf()")

            read_only(True)
            conversion = {
                "friend": {"email": "buyer@example.org", "referralCode": code},
                "externalOrderId": "order-1",
                "amount": 5000,
                "currency": "USD",
                "idempotencyKey": "order-1-key",
            }
            for _ in range(50):  # the reload reaches every session at its next statement
                answer = post(server, CONVERT, token, input=conversion)
                if answer.status_code != 200:
                    break
                time.sleep(0.1)
            assert_unavailable(answer)
            assert_unavailable(post(server, LOGIN, e="boss@example.com", p="not-the-password"))
            clicked = httpx.get(f"{server.base}/r/{code}", timeout=30)
            assert clicked.status_code == 302, clicked.text  # the friend reaches the shop
            assert parse_qs(urlsplit(clicked.headers["location"]).query)["ref"] == [code]
            ready = httpx.get(f"{server.base}/readyz", timeout=30)
            assert ready.status_code == 503 and ready.json()["database"] == "read-only"
            assert data(post(server, CAMPAIGNS, token))["campaigns"]["nodes"]  # reads go on

            read_only(False)
            for _ in range(50):
                answer = post(server, CONVERT, token, input=conversion)
                if answer.status_code == 200:
                    break
                time.sleep(0.1)
            assert data(answer)["recordConversion"]["__typename"] == "ConversionRecorded"
            assert httpx.get(f"{server.base}/readyz", timeout=30).status_code == 200
        log = server.output()
    assert "Traceback" not in log, log
