"""Real processes for operations tests: `vouch` servers, a throwaway PostgreSQL cluster and a
redis-server, all on 127.0.0.1 and free ports, stopped by the test that started them."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from tests.factories import CREATE, ENROLL, LAUNCH

VOUCH = [sys.executable, "-m", "server.cli"]
PASSWORD = "tidal-lantern-9-orbit"
ADMIN = "boss@example.com"
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on SignedIn { token } ... on UserError { code message retryAfter } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def env_for(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOUCH_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=database_url,
        VOUCH_ENV="test",
        VOUCH_SECRET_KEY="ops-test-secret-key-long-enough-0000000",
        VOUCH_ADMIN_PASSWORD=PASSWORD,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def vouch(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VOUCH, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def prepare(env: dict[str, str], cwd: Path) -> None:
    """Migrate and create the admin."""
    for args in (["migrate"], ["create-admin", "--email", ADMIN]):
        done = vouch(args, env, cwd)
        assert done.returncode == 0, done


@dataclass
class Server:
    proc: subprocess.Popen[str]
    base: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def login(self) -> str:
        body = httpx.post(
            f"{self.base}/graphql",
            json={"query": LOGIN, "variables": {"e": ADMIN, "p": PASSWORD}},
            timeout=10,
        ).json()
        token: str = body["data"]["login"]["token"]
        return token


def wait_healthy(base: str, proc: subprocess.Popen[str], log: Path, seconds: int = 60) -> None:
    for _ in range(seconds * 10):
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        if proc.poll() is not None:
            pytest.fail(f"server exited {proc.returncode}:\n{log.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"server did not answer within {seconds} s:\n{log.read_text()}")


@contextlib.contextmanager
def serving(
    env: dict[str, str], cwd: Path, *, port: int | None = None, extra: list[str] | None = None
) -> Iterator[Server]:
    port = port or free_port()
    log = cwd / f"server-{port}-{time.monotonic_ns()}.log"
    with log.open("w") as out:
        proc = start(["serve", "--port", str(port), *(extra or [])], env, cwd, out)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, log)
        yield Server(proc, base, log)
    finally:
        stop(proc)


def start(args: list[str], env: dict[str, str], cwd: Path, out: IO[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*VOUCH, *args],
        env=env,
        cwd=cwd,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so stop() reaches uvicorn's worker processes too
    )


def stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


# ---- GraphQL over HTTP --------------------------------------------------------------------


def post(server: Server, query: str, token: str | None = None, **variables: Any) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.post(
        f"{server.base}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=30,
    )


def data(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    result: dict[str, Any] = body["data"]
    return result


def share_link(server: Server, token: str) -> str:
    campaign = {"name": "Give 10", "slug": "give-10", "landingUrl": "https://shop.example.com/join"}
    made = data(post(server, CREATE, token, input=campaign))["createCampaign"]
    data(post(server, LAUNCH, token, id=made["id"]))
    advocate = {"campaignId": made["id"], "email": "ada@example.com"}
    enrolled = data(post(server, ENROLL, token, input=advocate))["enrollAdvocate"]
    code: str = enrolled["link"]["code"]
    return code


# ---- PostgreSQL ------------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


@dataclass
class PgCluster:
    """A throwaway cluster (trust auth on 127.0.0.1) the test may stop and start at will."""

    root: Path
    bin: Path
    port: int
    as_postgres: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"postgres://vouch:vouch@127.0.0.1:{self.port}/vouch"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, *args], check=True, capture_output=True, timeout=120, cwd="/"
        )

    def sql(self, statement: str) -> None:
        """One statement as the superuser (e.g. ALTER SYSTEM)."""
        self._run(
            str(self.bin / "psql"),
            *("-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
            *("-d", "postgres", "-c", statement),
        )

    def start(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.root / "data"),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.root / "log"),
            "start",
        )

    def stop(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.root / "data"),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "stop",
        )


@contextlib.contextmanager
def pg_cluster() -> Iterator[PgCluster]:
    pg_bin = _pg_bin()
    if pg_bin is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    as_postgres: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="vouch-pg-", dir="/tmp"))
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    root.chmod(0o700)
    cluster = PgCluster(root, pg_bin, free_port(), as_postgres)
    try:
        cluster._run(
            str(pg_bin / "initdb"),
            "-D",
            str(root / "data"),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--auth=trust",
        )
        with (root / "data" / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {cluster.port}\n"
                f"unix_socket_directories = '{root}'\nfsync = off\nmax_connections = 50\n"
            )
        cluster.start()
        psql = [str(pg_bin / "psql"), "-X", "-q", "-h", "127.0.0.1", "-p", str(cluster.port)]
        cluster._run(
            *psql,
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            "CREATE ROLE vouch LOGIN PASSWORD 'vouch'",
        )
        cluster._run(
            *psql, "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE vouch OWNER vouch"
        )
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            cluster._run(
                str(pg_bin / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "-w", "stop"
            )
        shutil.rmtree(root, ignore_errors=True)


# ---- Redis -----------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_server(port: int | None = None) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed")
    port = port or free_port()
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.05)
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)
