"""Several real processes on one database: two servers writing to one SQLite file, four
`vouch jobs run-once` at once, `vouch serve --workers 2`, a restart right after SIGKILL, and
three `vouch migrate` at once on PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.procs import (
    VOUCH,
    Server,
    env_for,
    free_port,
    pg_cluster,
    prepare,
    serving,
    start,
    stop,
    wait_healthy,
)
from tests.factories import CONVERT, CREATE, ENROLL, LAUNCH


def gql(server: Server, token: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{server.base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    return body


def test_two_servers_on_one_sqlite_file_and_four_job_runners(tmp_path: Path) -> None:
    env = env_for(f"sqlite://{tmp_path / 'vouch.db'}", VOUCH_RATE_LIMITS="false")
    prepare(env, tmp_path)
    with serving(env, tmp_path) as one, serving(env, tmp_path) as two:
        token = one.login()
        made = gql(
            one,
            token,
            CREATE,
            input={"name": "Give 10", "slug": "give-10", "landingUrl": "https://shop.example.com/"},
        )["data"]["createCampaign"]
        gql(one, token, LAUNCH, id=made["id"])
        code = gql(one, token, ENROLL, input={"campaignId": made["id"], "email": "a@example.com"})[
            "data"
        ]["enrollAdvocate"]["link"]["code"]

        def work(i: int) -> list[httpx.Response]:
            server = (one, two)[i % 2]
            enrolled = httpx.post(
                f"{server.base}/graphql",
                json={
                    "query": ENROLL,
                    "variables": {
                        "input": {"campaignId": made["id"], "email": f"friend{i}@example.com"}
                    },
                },
                headers={"authorization": f"Bearer {token}"},
                timeout=60,
            )
            clicked = httpx.get(f"{server.base}/r/{code}", timeout=60)
            converted = httpx.post(
                f"{server.base}/graphql",
                json={
                    "query": CONVERT,
                    "variables": {
                        "input": {
                            "friend": {"email": f"buyer{i}@example.org", "referralCode": code},
                            "externalOrderId": f"order-{i}",
                            "amount": 5000,
                            "currency": "USD",
                            "idempotencyKey": f"key-{i:06d}",
                        }
                    },
                },
                headers={"authorization": f"Bearer {token}"},
                timeout=60,
            )
            return [enrolled, clicked, converted]

        with ThreadPoolExecutor(max_workers=16) as pool:
            responses = [r for pair in pool.map(work, range(120)) for r in pair]
    for response in responses:
        assert "database is locked" not in response.text
        # Write transactions wait for the lock (BEGIN IMMEDIATE + busy_timeout) instead of
        # failing at their first write: not even a typed 503 (deferred BEGIN gave ~1 in 9).
        assert response.status_code in (200, 302), response.text
        if response.status_code == 200:
            body = response.json()
            assert not body.get("errors"), body
            payload = next(iter(body["data"].values()))
            assert payload["__typename"] in ("Enrollment", "ConversionRecorded"), body
    print(f"{len(responses)} concurrent requests (2/3 writes) on two processes, all answered")
    with sqlite3.connect(tmp_path / "vouch.db") as check:
        clicks = check.execute("SELECT COUNT(*) FROM click").fetchone()[0]
    assert clicks == sum(1 for r in responses if r.status_code == 302)

    runners = [
        subprocess.Popen(
            [*VOUCH, "jobs", "run-once"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for runner in runners:
        out, err = runner.communicate(timeout=120)
        assert runner.returncode == 0, err
        assert "Traceback" not in err and "campaigns_ended" in out


def _children(pid: int) -> list[str]:
    """Command lines of the direct children of `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append((stat.parent / "cmdline").read_text().replace("\0", " "))
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_serve_with_two_workers_elects_one_job_runner(tmp_path: Path) -> None:
    env = env_for(f"sqlite://{tmp_path / 'vouch.db'}")
    prepare(env, tmp_path)
    with serving(env, tmp_path, extra=["--workers", "2"]) as server:
        workers = [c for c in _children(server.proc.pid) if "spawn_main" in c]
        assert len(workers) == 2, _children(server.proc.pid)
        for _ in range(10):
            assert httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200
        for _ in range(100):  # each worker tries to become the runner as it starts
            with sqlite3.connect(tmp_path / "vouch.db") as check:
                leases = check.execute("SELECT holder FROM runner_lease").fetchall()
            if leases:
                break
            time.sleep(0.1)
        assert len(leases) == 1
        holder_pid = int(leases[0][0].split("-")[0])
        assert holder_pid != server.proc.pid  # a worker, not the supervisor


def test_serve_restarts_on_its_port_right_after_sigkill(tmp_path: Path) -> None:
    env = env_for(f"sqlite://{tmp_path / 'vouch.db'}")
    prepare(env, tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "first.log"
    with log.open("w") as out:
        first = start(["serve", "--port", str(port)], env, tmp_path, out)
    keep_alive = httpx.Client(timeout=10)
    try:
        wait_healthy(base, first, log)
        # An open connection: killed, it leaves the port's socket behind in the kernel.
        assert keep_alive.get(f"{base}/healthz").status_code == 200
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        log = tmp_path / "second.log"
        with log.open("w") as out:
            second = start(["serve", "--port", str(port)], env, tmp_path, out)
        try:
            wait_healthy(base, second, log)
        finally:
            stop(second)
        assert "in use" not in log.read_text()
    finally:
        keep_alive.close()
        stop(first)


def test_a_stopped_server_hands_its_job_runner_lease_back(tmp_path: Path) -> None:
    """Stopped with SIGTERM, the runner lets go of its lease before the database closes, so a
    server started right after runs the jobs at once instead of waiting for the lease to run
    out (and nothing about it is logged)."""
    env = env_for(f"sqlite://{tmp_path / 'vouch.db'}")
    prepare(env, tmp_path)
    with serving(env, tmp_path) as server:
        for _ in range(100):
            with sqlite3.connect(tmp_path / "vouch.db") as check:
                held = check.execute("SELECT holder FROM runner_lease").fetchall()
            if held:
                break
            time.sleep(0.1)
        assert held, "the server never became the job runner"
    with sqlite3.connect(tmp_path / "vouch.db") as check:
        assert check.execute("SELECT holder FROM runner_lease").fetchall() == []
    assert "could not release the runner lease" not in server.output()


@pytest.mark.skipif(
    not os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL pass (it starts a cluster of its own)",
)
def test_migrations_started_at_once_on_postgres_run_one_after_the_other(tmp_path: Path) -> None:
    """Two deploys' release steps (and an operator) at once on a new database: each waits for
    the one before and finds nothing left to do (the second used to fail creating the same
    tables: a traceback and status 1)."""
    with pg_cluster() as pg:
        env = env_for(pg.url)
        runs = [
            subprocess.Popen(
                [*VOUCH, "migrate"],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        for run in runs:
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0 and "Migrations applied." in out, err
            assert "Traceback" not in err
        checked = subprocess.run(
            [*VOUCH, "verify-ledger"], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr


def test_sigterm_drains_before_it_stops(tmp_path: Path) -> None:
    """VOUCH_DRAIN_SECONDS: on SIGTERM /readyz says draining (503) at once, so a load balancer
    polling it stops sending traffic, while requests on new connections are still answered;
    then the server shuts down as before, without a traceback. Without a drain it stopped
    listening at once, and requests the balancer still routed there were refused."""
    env = env_for(f"sqlite://{tmp_path / 'vouch.db'}", VOUCH_DRAIN_SECONDS="3")
    prepare(env, tmp_path)
    with serving(env, tmp_path) as server:
        assert httpx.get(f"{server.base}/readyz", timeout=10).status_code == 200
        sent = time.monotonic()
        os.killpg(server.proc.pid, signal.SIGTERM)
        ready = httpx.get(f"{server.base}/readyz", timeout=10)
        for _ in range(50):
            if ready.status_code == 503:
                break
            time.sleep(0.02)
            ready = httpx.get(f"{server.base}/readyz", timeout=10)
        assert (ready.status_code, ready.json()) == (503, {"status": "draining"})
        assert server.login(), "signing in while draining"
        assert httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200
        server.proc.wait(timeout=30)
        took = time.monotonic() - sent
    assert 2.5 <= took < 20, took
    assert "Traceback" not in server.output(), server.output()
    assert "draining: /readyz answers 503 for 3s" in server.output(), server.output()
