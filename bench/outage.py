"""What an API client and a friend clicking a share link see during a 10 s PostgreSQL outage.

Starts a throwaway PostgreSQL cluster and a real `vouch serve` on it, then for 30 s runs two
loops side by side: a signed-in API client querying campaigns and a friend following a share
link, one request every 50 ms each. The cluster is stopped at t=5 s and started again at
t=15 s. Prints, per phase (before, during, after), each loop's answers by status and code, the
slowest answer, and how long after the restart the first good answer came.

    .venv/bin/python bench/outage.py [--outage 10] [--total 30]

Needs PostgreSQL's server binaries (`initdb`, as the tests do). Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

# bench/graphql.py would shadow graphql-core: drop bench/ from the path, add the repository.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(_BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _BENCH]

from tests.e2e.procs import env_for, pg_cluster, prepare, serving  # noqa: E402
from tests.e2e.test_outage import CAMPAIGNS, share_link  # noqa: E402

TOKEN = secrets.token_urlsafe(32)  # this run's /metrics credential


@dataclass
class Answer:
    at: float
    status: int
    code: str
    seconds: float


@dataclass
class Loop:
    name: str
    answers: list[Answer] = field(default_factory=list)


def _api(base: str, token: str, loop: Loop, t0: float, stop: threading.Event) -> None:
    with httpx.Client(timeout=30) as http:
        while not stop.is_set():
            started = time.monotonic()
            try:
                r = http.post(
                    f"{base}/graphql",
                    json={"query": CAMPAIGNS},
                    headers={"authorization": f"Bearer {token}"},
                )
                body = r.json()
                errors = body.get("errors") or []
                code = errors[0].get("extensions", {}).get("code", "UNCODED") if errors else "ok"
                if r.status_code == 503:
                    code += f" retry-after={r.headers.get('retry-after')}"
                status = r.status_code
            except (httpx.HTTPError, ValueError) as exc:
                status, code = 0, type(exc).__name__
            loop.answers.append(Answer(started - t0, status, code, time.monotonic() - started))
            time.sleep(0.05)


def _friend(base: str, code: str, loop: Loop, t0: float, stop: threading.Event) -> None:
    with httpx.Client(timeout=30) as http:
        while not stop.is_set():
            started = time.monotonic()
            try:
                r = http.get(f"{base}/r/{code}")
                where = r.headers.get("location", "")
                if r.status_code == 302:
                    kind = "to shop, click recorded" if "vt=" in where else "to shop, click lost"
                else:
                    kind = "no redirect"
                status = r.status_code
            except httpx.HTTPError as exc:
                status, kind = 0, type(exc).__name__
            loop.answers.append(Answer(started - t0, status, kind, time.monotonic() - started))
            time.sleep(0.05)


def _report(loop: Loop, phases: list[tuple[str, float, float]], restart: float) -> None:
    print(f"\n{loop.name}")
    for phase, start, end in phases:
        answers = [a for a in loop.answers if start <= a.at < end]
        if not answers:
            continue
        seen = Counter(f"{a.status} {a.code}" for a in answers)
        slow = max(a.seconds for a in answers)
        p50 = statistics.median(a.seconds for a in answers)
        print(f"  {phase:<7} {len(answers):>4} answers, p50 {p50 * 1000:.0f} ms, max {slow:.2f} s")
        for what, n in seen.most_common():
            print(f"          {n:>4} x {what}")
    good = [a for a in loop.answers if a.at >= restart and a.status in (200, 302)]
    good = [a for a in good if a.code in ("ok", "to shop, click recorded")]
    if good:
        print(f"  first normal answer {good[0].at - restart:.1f} s after the database restarted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=10.0)
    parser.add_argument("--total", type=float, default=30.0)
    args = parser.parse_args()
    down_at, up_at = 5.0, 5.0 + args.outage
    with tempfile.TemporaryDirectory() as tmp, pg_cluster() as pg:
        cwd = Path(tmp)
        env = env_for(pg.url, VOUCH_RATE_LIMITS="false", VOUCH_METRICS_TOKEN=TOKEN)
        prepare(env, cwd)
        with serving(env, cwd) as server:
            token = server.login()
            code = share_link(server, token)
            stop = threading.Event()
            api, friend = Loop("API client (signed-in campaigns query)"), Loop("friend (/r/CODE)")
            t0 = time.monotonic()
            threads = [
                threading.Thread(target=_api, args=(server.base, token, api, t0, stop)),
                threading.Thread(target=_friend, args=(server.base, code, friend, t0, stop)),
            ]
            for t in threads:
                t.start()
            time.sleep(down_at)
            stopped = time.monotonic() - t0  # from the moment the stop begins
            pg.stop()
            time.sleep(max(0.0, up_at - (time.monotonic() - t0)))
            pg.start()
            restarted = time.monotonic() - t0
            time.sleep(max(0.0, args.total - (time.monotonic() - t0)))
            stop.set()
            for t in threads:
                t.join()
            metrics = httpx.get(
                f"{server.base}/metrics", headers={"authorization": f"Bearer {TOKEN}"}
            ).text
            log = server.output()
    phases = [("before", 0.0, stopped), ("during", stopped, restarted), ("after", restarted, 1e9)]
    print(f"database stopped at {stopped:.1f} s, started again at {restarted:.1f} s")
    for loop in (api, friend):
        _report(loop, phases, restarted)
    lost = [line for line in metrics.splitlines() if line.startswith("vouch_lost_clicks_total")]
    print(f"\nmetrics: {lost[0] if lost else 'vouch_lost_clicks_total absent'}")
    print(f"server log: {log.count('Traceback')} tracebacks, "
          f"{log.count('clicks not recorded')} lost-click warnings")  # fmt: skip


if __name__ == "__main__":
    main()
