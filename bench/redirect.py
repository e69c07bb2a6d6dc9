"""Benchmark `GET /r/{code}` (lookup + click INSERT + 302) against a bare Starlette 302.

    .venv/bin/python bench/redirect.py [--requests N] [--client httpx|raw] [--database-url URL]

Both servers run as single uvicorn processes on 127.0.0.1, one at a time, driven by the same
asyncio client in this process (httpx, or with --client raw a minimal HTTP/1.1 client that costs
far less CPU). Vouch runs with rate limits off (VOUCH_RATE_LIMITS=false): one IP sending
thousands of redirects would otherwise measure the limiter. Prints req/s, p50/p99 latency,
server CPU per request and the vouch/baseline ratios, then checks that the click table grew by
exactly the number of 302s Vouch sent (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import _harness as h


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    h.add_load_arguments(parser, requests=3000)
    args = parser.parse_args()
    plan = h.Plan.from_args(args)

    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as logs:
        log_dir = Path(logs)
        seeded = h.prepare(database.url)
        if seeded:
            print("seeded demo data: " + ", ".join(f"{v} {k}" for k, v in seeded.items()))
        codes = h.live_codes(database.url)
        if not codes:
            print(
                "no link of a live campaign in the database; nothing to redirect", file=sys.stderr
            )
            return 2
        print(f"database: {database.url}  ({len(codes)} live codes)")
        print(h.RATE_LIMITS_NOTE)
        print(plan.describe())

        async def to_baseline(client: h.Client, i: int) -> tuple[bool, str]:
            r = await client.request("GET", f"/r/{codes[i % len(codes)]}")
            return r.status == 302, str(r.status)

        async def to_vouch(client: h.Client, i: int) -> tuple[bool, str]:
            r = await client.request("GET", f"/r/{codes[i % len(codes)]}")
            if r.status != 302:
                return False, str(r.status)
            # A click was recorded only if the visit token is in the target.
            return True, "302" if "vt=" in r.headers.get("location", "") else "302 without vt"

        baseline_app = ["--app-dir", str(h.BENCH_DIR), "_baseline_app:app"]
        with h.running("baseline", baseline_app, {}, log_dir) as server:
            _, base = h.load("baseline (bare 302)", server, to_baseline, plan)
            base_problems = server.log_problems()

        before = h.click_count(database.url)
        env = h.vouch_env(database.url)
        vouch_app = ["--factory", "server.asgi:create"]
        with h.running("vouch", vouch_app, env, log_dir) as server:
            warm, vouch = h.load("vouch GET /r/{code}", server, to_vouch, plan)
        vouch_problems = server.log_problems()
        after = h.click_count(database.url)

        print()
        h.report(base, "302")
        h.report(vouch, "302")
        h.ratio_line("ratio vouch/baseline req/s", vouch.rps, base.rps)
        h.ratio_line("ratio vouch/baseline p50 latency", vouch.pct(50), base.pct(50))
        h.ratio_line(
            "ratio vouch/baseline server CPU per request", vouch.server_cpu_us, base.server_cpu_us
        )
        h.client_note([base, vouch], plan.client)

        for name, problems in (("baseline", base_problems), ("vouch", vouch_problems)):
            if problems:
                print(f"\n{name} server log has {len(problems)} error-looking lines, first ones:")
                print("\n".join(problems[:10]))

        redirects = warm.ok + vouch.ok
        grew = after - before
        print(
            f"\nclick rows: {before} -> {after} (+{grew}); successful Vouch redirects "
            f"(warm-up + measured): {redirects}"
        )
        if grew != redirects:
            print("FAIL: click rows did not grow by exactly the number of redirects")
            return 1
        print("OK: one click row per redirect")
        return 0


if __name__ == "__main__":
    h.run_main(main)
