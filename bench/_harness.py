"""Shared pieces of the benchmarks: a seeded database, uvicorn subprocesses and a load client.

Not a benchmark itself. Everything listens on and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import httpx

if TYPE_CHECKING:
    from server.settings import Settings

HOST = "127.0.0.1"
BENCH_DIR = Path(__file__).resolve().parent

# `python bench/graphql.py` puts bench/ first on sys.path, where graphql.py would shadow the
# graphql-core package that strawberry imports. The scripts have imported us by now: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
# A plain `kill` acts like Ctrl-C: the `finally` blocks that stop the servers still run.
signal.signal(signal.SIGTERM, signal.default_int_handler)


def run_main(main: Callable[[], int]) -> None:
    try:
        code = main()
    except (ServerFailed, SetupFailed) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # no "exception never retrieved"
        print("\ninterrupted; servers stopped", file=sys.stderr)
        code = 130
    sys.exit(code)


class SetupFailed(RuntimeError):
    """The benchmark could not prepare its database or its staff sign-in."""


# ---- database --------------------------------------------------------------------------------


@dataclass
class Database:
    url: str
    temporary: bool


@contextlib.contextmanager
def database(url: str | None) -> Iterator[Database]:
    """A DATABASE_URL to benchmark against: `url` as given, or a SQLite file in a temp dir."""
    if url:
        yield Database(url=url, temporary=False)
        return
    with tempfile.TemporaryDirectory(prefix="vouch-bench-") as tmp:
        yield Database(url=f"sqlite:///{Path(tmp) / 'bench.db'}", temporary=True)


def _settings(url: str) -> Settings:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("VOUCH_ENV", "development")
    from server.settings import load_settings

    return load_settings()


async def _with_db(url: str, work: Callable[[], Awaitable[object]]) -> object:
    from tortoise import Tortoise

    from server import db

    settings = _settings(url)
    try:
        await Tortoise.init(config=db.tortoise_config(settings))
        return await work()
    finally:
        await Tortoise.close_connections()


def prepare(url: str) -> dict[str, int]:
    """Apply migrations and load the demo data unless the database already has campaigns."""
    from tortoise import Tortoise

    from server import db, demo
    from server.clock import SystemClock

    settings = _settings(url)

    async def migrate() -> None:
        try:
            await db.migrate(settings)
        finally:
            await Tortoise.close_connections()

    asyncio.run(migrate())

    async def seed() -> dict[str, int]:
        if not await demo.is_empty():
            return {}
        return await demo.seed(clock=SystemClock())

    counts = asyncio.run(_with_db(url, seed))
    assert isinstance(counts, dict)
    return counts


def live_codes(url: str) -> list[str]:
    """Codes of every active link whose campaign is LIVE now (each redirect records a click)."""
    from server.campaigns import rules
    from server.referrals.models import LinkStatus, ReferralLink

    async def work() -> list[str]:
        from datetime import UTC, datetime

        now = datetime.now(UTC)
        links = await ReferralLink.filter(status=LinkStatus.ACTIVE).select_related("campaign")
        return sorted(
            link.code
            for link in links
            if rules.phase(
                link.campaign.status, link.campaign.starts_at, link.campaign.ends_at, now
            )
            is rules.Phase.LIVE
        )

    codes = asyncio.run(_with_db(url, work))
    assert isinstance(codes, list)
    return codes


# A staff account the GraphQL benchmark signs in with. The password only guards a throwaway
# SQLite file (or a --database-url the user chose to hand over).
BENCH_EMAIL = "bench@example.com"
BENCH_PASSWORD = "tidal-lantern-9-orbit"  # noqa: S105 - benchmark account, not a secret


def staff_token(url: str) -> str:
    """A session token for the benchmark's OWNER account, created first if it does not exist."""
    from datetime import timedelta

    from server.accounts import service as accounts
    from server.accounts import sessions
    from server.accounts.models import Role
    from server.accounts.passwords import Passwords
    from server.audit.service import CLI
    from server.clock import SystemClock
    from server.errors import Conflict, DomainError

    async def work() -> str:
        passwords, clock = Passwords(), SystemClock()
        with contextlib.suppress(Conflict):
            await accounts.create_user(
                email=BENCH_EMAIL,
                name="Bench",
                role=Role.OWNER,
                password=BENCH_PASSWORD,
                passwords=passwords,
                actor=CLI,
                clock=clock,
            )
        policy = sessions.SessionPolicy(idle=timedelta(hours=2), absolute=timedelta(hours=12))
        try:
            done = await sessions.login(
                email=BENCH_EMAIL,
                password=BENCH_PASSWORD,
                passwords=passwords,
                policy=policy,
                actor=CLI,
                clock=clock,
            )
        except DomainError as exc:
            raise SetupFailed(
                f"cannot sign in as {BENCH_EMAIL}: {exc.message} (an existing account with "
                "that email needs the benchmark's password)"
            ) from None
        return done.token

    token = asyncio.run(_with_db(url, work))
    assert isinstance(token, str)
    return token


def vouch_env(url: str) -> dict[str, str]:
    """Environment of a benchmarked Vouch server. Rate limits are off: they would cap the
    measurement (the callers below are one IP and one account sending thousands of requests)."""
    return {"DATABASE_URL": url, "VOUCH_ENV": "development", "VOUCH_RATE_LIMITS": "false"}


RATE_LIMITS_NOTE = "rate limits: disabled for this run (VOUCH_RATE_LIMITS=false)"


def click_count(url: str) -> int:
    from server.referrals.models import Click

    async def work() -> int:
        return await Click.all().count()

    n = asyncio.run(_with_db(url, work))
    assert isinstance(n, int)
    return n


# ---- servers ---------------------------------------------------------------------------------


class ServerFailed(RuntimeError):
    """A server did not start; the message ends with the tail of its output."""


def _tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float | None:
        """User+system CPU time of the server process (all threads), Linux only."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_problems(self) -> list[str]:
        """Lines of the server's own output that look like errors."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        keys = ("Traceback", "ERROR", "Error", "Exception", "WARNING")
        return [line for line in text.splitlines() if any(k in line for k in keys)]


def start(
    name: str, app: list[str], env: dict[str, str], log_dir: Path, health: str = "/healthz"
) -> Server:
    """Run `uvicorn <app>` on a free port and wait until `health` answers 200."""
    port = free_port()
    log_path = log_dir / f"{name}.log"
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        *app,
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            cmd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=log_dir
        )
    server = Server(name=name, proc=proc, port=port, log_path=log_path)
    deadline = time.monotonic() + 90  # a loaded machine starts slowly
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerFailed(
                f"{name} exited with {proc.returncode}; its output ends:\n{_tail(log_path)}"
            )
        try:
            if httpx.get(server.base + health, timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    stop(server)
    raise ServerFailed(f"{name} was not ready within 90 s; its output ends:\n{_tail(log_path)}")


def stop(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=5)


@contextlib.contextmanager
def running(
    name: str, app: list[str], env: dict[str, str], log_dir: Path, health: str = "/healthz"
) -> Iterator[Server]:
    server = start(name, app, env, log_dir, health)
    try:
        yield server
    finally:
        stop(server)


# The outboxes the server delivers itself (Slack notifications are the bot's: not here).
OUTBOX_TABLES = ("email_message", "webhook_delivery")


@dataclass(frozen=True, slots=True)
class Settled:
    rows: dict[str, int]  # per table, outbox rows delivered (or given up) while waiting
    seconds: float
    cpu_seconds: float | None  # the server's CPU meanwhile
    left: int  # rows still due when the wait ended (stuck, or the timeout)

    @property
    def delivered(self) -> int:
        return sum(self.rows.values())

    def describe(self) -> str:
        cpu = f", {self.cpu_seconds:.2f} s server CPU" if self.cpu_seconds is not None else ""
        left = f"; {self.left} left (not draining)" if self.left else ""
        rows = ", ".join(f"{n} {table}" for table, n in self.rows.items() if n) or "no rows"
        return f"{rows} delivered in {self.seconds:.1f} s{cpu}{left}"


def settle_outbox(url: str, server: Server, *, timeout: float = 180, stuck: float = 10) -> Settled:
    """Wait until `server` has delivered what the outboxes hold (e-mails, webhooks, Slack
    notifications). The server delivers them itself, on the worker that answers requests: a
    backlog left by the seed or by an earlier row is no row's cost, and would otherwise be
    delivered while the next row is measured. Stops when nothing is due, when the backlog has
    not shrunk for `stuck` seconds (e.g. rows waiting for a later retry) or after `timeout`."""
    from tortoise import connections

    query = " UNION ALL ".join(
        f"SELECT '{t}' AS t, COUNT(*) AS n FROM {t}"  # noqa: S608 - fixed names
        " WHERE status IN ('pending', 'claimed')"
        for t in OUTBOX_TABLES
    )

    async def backlog() -> dict[str, int]:
        rows = await connections.get("default").execute_query_dict(query)
        return {str(r["t"]): int(r["n"]) for r in rows}

    async def work() -> tuple[dict[str, int], dict[str, int]]:
        first = left = await backlog()
        best, since = sum(first.values()), time.monotonic()
        deadline = since + timeout
        while sum(left.values()) and time.monotonic() < deadline:
            await asyncio.sleep(0.25)
            left = await backlog()
            if sum(left.values()) < best:
                best, since = sum(left.values()), time.monotonic()
            elif time.monotonic() - since > stuck:
                break
        return first, left

    cpu, began = server.cpu_seconds(), time.monotonic()
    outcome = asyncio.run(_with_db(url, work))
    assert isinstance(outcome, tuple)
    first, left = outcome
    after = server.cpu_seconds()
    spent = after - cpu if after is not None and cpu is not None else None
    rows = {t: first[t] - left[t] for t in OUTBOX_TABLES}
    return Settled(rows, time.monotonic() - began, spent, sum(left.values()))


def deliver_outbox(url: str) -> int:
    """Deliver in this process what the outboxes hold (the seed's e-mails), as a server would,
    until nothing is due now; returns the attempts made. For in-process profiles, which should
    not profile the seed's backlog."""
    from server.clock import SystemClock
    from server.jobs import email_deliverer, webhook_deliverer

    async def work() -> int:
        settings = _settings(url)
        made = 0
        for stream in (email_deliverer(settings), webhook_deliverer(settings)):
            while attempts := await stream.run_once(clock=SystemClock()):
                made += attempts
        return made

    made = asyncio.run(_with_db(url, work))
    assert isinstance(made, int)
    return made


# ---- load ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes


class Client(Protocol):
    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply: ...

    async def aclose(self) -> None: ...


class HttpxClient:
    """httpx.AsyncClient with a pool of one connection (one per worker: httpx's shared pool
    slows down sharply as it grows, so 32 one-connection clients beat one 32-connection pool)."""

    def __init__(self, base: str, headers: Mapping[str, str] | None = None) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._client = httpx.AsyncClient(
            base_url=base,
            limits=limits,
            follow_redirects=False,
            timeout=10,
            headers=dict(headers or {}),  # sent with every request
        )

    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        headers = {"content-type": "application/json"} if body is not None else None
        r = await self._client.request(method, path, content=body, headers=headers)
        return Reply(r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.content)

    async def aclose(self) -> None:
        await self._client.aclose()


class RawClient:
    """Minimal HTTP/1.1 keep-alive client on asyncio streams: 127.0.0.1 only, no TLS, no
    redirects. Roughly ten times cheaper per request than httpx, so the server is the limit."""

    def __init__(self, port: int, headers: Mapping[str, str] | None = None) -> None:
        self._port = port
        self._conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        extra = ""
        for name, value in (headers or {}).items():
            if any(c in name + value for c in "\r\n") or not name or ":" in name:
                raise ValueError(f"bad header {name!r}")
            extra += f"{name}: {value}\r\n"
        self._extra = extra  # sent with every request

    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        if self._conn is None:
            self._conn = await asyncio.wait_for(asyncio.open_connection(HOST, self._port), 10)
        reader, writer = self._conn
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self._port}\r\nUser-Agent: bench\r\n"
            + self._extra
        )
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"\r\n" + (body or b""))
        try:
            return await asyncio.wait_for(self._read(reader), 10)
        except BaseException:
            await self.aclose()
            raise

    async def _read(self, reader: asyncio.StreamReader) -> Reply:
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readuntil(b"\r\n")
            body = b"".join(chunks)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.aclose()
        return Reply(status, headers, body)

    async def aclose(self) -> None:
        if self._conn is not None:
            writer = self._conn[1]
            self._conn = None
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


CLIENTS = ("httpx", "raw")

# One request by worker-owned `client`; returns (ok, label) where `label` goes into the
# response histogram ("302", "200", "500", "GraphQL error", ...).
Send = Callable[[Client, int], Awaitable[tuple[bool, str]]]


def make_client(kind: str, server: Server, headers: Mapping[str, str] | None = None) -> Client:
    """A client that sends `headers` (e.g. Authorization) with every request."""
    if kind == "raw":
        return RawClient(server.port, headers)
    return HttpxClient(server.base, headers)


@dataclass
class Result:
    name: str
    sent: int = 0
    ok: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float | None = None
    latencies: list[float] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    truncated: bool = False

    @property
    def rps(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        """Latency percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def server_cpu_us(self) -> float | None:
        """Server CPU microseconds per request."""
        if self.server_cpu is None or not self.sent:
            return None
        return self.server_cpu / self.sent * 1e6


@dataclass(frozen=True, slots=True)
class Plan:
    client: str
    requests: int
    warmup: int
    concurrency: int
    min_seconds: float
    time_limit: float

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Plan:
        return cls(
            args.client,
            args.requests,
            args.warmup,
            args.concurrency,
            args.min_seconds,
            args.time_limit,
        )

    def describe(self) -> str:
        return (
            f"at least {self.requests} requests and {self.min_seconds:g} s per target after "
            f"{self.warmup} warm-up, {self.concurrency} workers/connections, {self.client} client"
        )


def add_load_arguments(parser: argparse.ArgumentParser, requests: int) -> None:
    parser.add_argument("--requests", type=int, default=requests, help="measured, per target")
    parser.add_argument("--warmup", type=int, default=300, help="unmeasured requests first")
    parser.add_argument("--concurrency", type=int, default=32, help="workers, one connection each")
    parser.add_argument("--client", choices=CLIENTS, default="httpx", help="load client")
    parser.add_argument(
        "--min-seconds", type=float, default=2, help="keep a fast target busy at least this long"
    )
    parser.add_argument("--time-limit", type=float, default=40, help="seconds per run, at most")
    parser.add_argument(
        "--database-url",
        help="use this database (e.g. postgres://...) instead of a temporary SQLite file; "
        "it is migrated, seeded if it has no campaigns, and gains rows",
    )


async def _drive(
    server: Server,
    send: Send,
    plan: Plan,
    n: int,
    result: Result,
    *,
    min_seconds: float = 0.0,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send `n` requests, and keep going until `min_seconds` have passed, within the limit.

    Clients are built before the clock starts; `result` gets the elapsed wall time, this
    process's CPU time and the server's CPU time over the requests alone.
    """
    clients = [make_client(plan.client, server, headers) for _ in range(plan.concurrency)]
    counter = itertools.count()

    async def worker(client: Client) -> None:
        for i in counter:
            now = time.perf_counter()
            if i >= n and now - started >= min_seconds:
                return
            if now > stop_at:
                result.truncated = True
                return
            try:
                ok, label = await send(client, i)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, httpx.HTTPError) as exc:
                ok, label = False, type(exc).__name__
                result.examples.setdefault(label, repr(exc)[:300])
            result.latencies.append(time.perf_counter() - now)
            result.sent += 1
            result.ok += ok
            result.labels[label] += 1

    try:
        cpu0, client0 = server.cpu_seconds(), time.process_time()
        started = time.perf_counter()
        stop_at = started + plan.time_limit
        await asyncio.gather(*(worker(c) for c in clients))
        result.elapsed = time.perf_counter() - started
        result.client_cpu = time.process_time() - client0
        cpu1 = server.cpu_seconds()
        if cpu0 is not None and cpu1 is not None:
            result.server_cpu = cpu1 - cpu0
    finally:
        for c in clients:
            await c.aclose()


def load(
    name: str,
    server: Server,
    send: Send,
    plan: Plan,
    headers: Mapping[str, str] | None = None,
) -> tuple[Result, Result]:
    """A warm-up run, then the measured run, every request with `headers`.
    Returns (warm-up, measured)."""
    warm = Result(name=f"{name} warm-up")
    asyncio.run(_drive(server, send, plan, plan.warmup, warm, headers=headers))
    result = Result(name=name)
    asyncio.run(
        _drive(
            server,
            send,
            plan,
            plan.requests,
            result,
            min_seconds=plan.min_seconds,
            headers=headers,
        )
    )
    return warm, result


def report(result: Result, expected: str) -> None:
    cpu = result.server_cpu_us
    cpu_text = f"  server CPU {cpu:5.0f} us/req" if cpu is not None else ""
    print(
        f"{result.name:<26} {result.rps:7.0f} req/s  "
        f"p50 {result.pct(50):6.1f} ms  p99 {result.pct(99):6.1f} ms  "
        f"ok {result.ok}/{result.sent}{cpu_text}"
    )
    bad = {k: v for k, v in result.labels.items() if k != expected}
    if bad:
        print(f"{'':<26} unexpected responses: {bad}")
        for label, example in result.examples.items():
            print(f"{'':<26} e.g. {label}: {example}")
    if result.truncated:
        print(f"{'':<26} stopped early at the time limit")


def ratio_line(label: str, num: float | None, den: float | None) -> None:
    print(f"{label:<48} {num / den:7.3f}" if num and den else f"{label:<48}     n/a")


def client_note(results: list[Result], kind: str) -> None:
    """Say when the load client, not the server, was probably the limit."""
    for r in results:
        share = r.client_cpu / r.elapsed if r.elapsed else 0.0
        if share > 0.8:
            hint = "" if kind == "raw" else "; --client raw costs far less"
            print(
                f"note: the client used {share:.0%} of a core during '{r.name}' "
                f"({os.cpu_count()} CPUs here), so that req/s is partly client-bound and the "
                f"req/s ratio understates the gap: the CPU-per-request ratio does not{hint}"
            )
