"""`vouch up` started twice at the same moment on one SQLite file or PostgreSQL database (a double-click, two
terminals, a supervisor and an operator): both migrated at once, and the second failed with a
traceback ('table ... already exists') or 'busy, try again'. Now the second waits for the
first's preparation, then serves on its own port, or says in one line that the port is taken."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.procs import ADMIN, PASSWORD, VOUCH, env_for, free_port, pg_cluster, start, stop

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on SignedIn { token } } }"""


def _answers(port: int) -> bool:
    try:
        body = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": LOGIN, "variables": {"e": ADMIN, "p": PASSWORD}},
            timeout=5,
        ).json()
    except httpx.TransportError:
        return False
    return bool(body["data"]["login"]["__typename"] == "SignedIn")


def test_two_ups_at_once_on_one_file(tmp_path: Path) -> None:
    _two_ups_at_once(tmp_path, f"sqlite://{tmp_path / 'vouch.db'}")


@pytest.mark.skipif(
    not os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL pass (it starts a cluster of its own)",
)
def test_two_ups_at_once_on_one_postgresql_database(tmp_path: Path) -> None:
    """PostgreSQL serialised only the migrations: both then found no staff account and the
    second failed creating the same admin ('VOUCH_ADMIN_EMAIL: A staff account with this email
    exists.'), or both loaded the demo data."""
    with pg_cluster() as cluster:
        # Real password hashing, as a real start has: the window between the check for staff
        # and the admin's insert is as wide as it is in production.
        _two_ups_at_once(tmp_path, cluster.url, VOUCH_ENV="development")


def _two_ups_at_once(tmp_path: Path, url: str, **extra: str) -> None:
    env = {**env_for(url, VOUCH_ADMIN_EMAIL=ADMIN), **extra}
    shared, own = free_port(), free_port()
    logs = [tmp_path / f"up-{n}.log" for n in range(3)]
    procs: list[subprocess.Popen[str]] = []
    try:
        for log, port in zip(logs, (shared, shared, own), strict=True):
            with log.open("w") as out:
                procs.append(start(["up", "--port", str(port)], env, tmp_path, out))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            exited = [p for p in procs[:2] if p.poll() is not None]
            if len(exited) == 1 and _answers(shared) and _answers(own):
                break
            if len(exited) == 2 or procs[2].poll() is not None:
                break
            time.sleep(0.2)
        outputs = [log.read_text() for log in logs]
        assert [p.poll() is None for p in procs].count(False) == 1, outputs
        assert _answers(shared) and _answers(own), outputs
        loser = next(n for n, p in enumerate(procs) if p.poll() is not None)
    finally:
        for proc in procs:
            stop(proc)
    outputs = [log.read_text() for log in logs]
    assert loser in (0, 1) and procs[loser].returncode == 1, outputs
    last = outputs[loser].strip().splitlines()[-1]
    assert last == f"vouch: port {shared} on 127.0.0.1 is already in use; pick another with --port"
    everything = "".join(outputs)
    assert "Traceback" not in everything and "busy" not in everything, outputs
    # The preparation ran once: one admin, one load of demo data; the others waited for it.
    assert everything.count(f"Created the first admin: {ADMIN}") == 1, outputs
    assert everything.count("Loaded demo data") == 1, outputs


def test_three_migrates_at_once_on_one_file(tmp_path: Path) -> None:
    env = env_for(f"sqlite://{tmp_path / 'vouch.db'}")
    procs = [
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
    ends = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert all(status == 0 and "Migrations applied." in out for status, out, _ in ends), ends
    assert not any("Traceback" in err or "vouch:" in err for _, _, err in ends), ends
