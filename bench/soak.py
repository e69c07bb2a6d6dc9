"""Soak: minutes of mixed load on one Vouch worker while its memory (RSS) is sampled.

Redirects, recordConversion, campaign stats and `{ __typename }` run side by side, each on its
own connections, for `--minutes` (10 by default). Every `--interval` seconds (10) the server's
RSS is read from /proc. At the end it prints the samples, the least-squares slope in MB per
minute over the samples after the warm-up, and the growth: the median of the last three
samples minus the median of the first three after the warm-up (`--warmup-seconds`, 60). It
exits 1 when the growth is over `--max-growth-mb` (24 MB) or any request failed, so a leak
(a cache without a bound, per-request objects kept alive) fails it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import importlib.util
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import _harness as h

_spec = importlib.util.spec_from_file_location("all_rows", h.BENCH_DIR / "all.py")
assert _spec is not None and _spec.loader is not None
rows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rows)
conversions = rows.conversions


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) samples, in MB per minute."""
    if len(samples) < 2:
        return 0.0
    xs, ys = [t for t, _ in samples], [m for _, m in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if not var:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var * 60


def growth_mb(samples: list[tuple[float, float]]) -> float:
    if len(samples) < 2:
        return 0.0
    head = statistics.median(m for _, m in samples[:3])
    tail = statistics.median(m for _, m in samples[-3:])
    return tail - head


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="length of the mixed load")
    parser.add_argument("--interval", type=float, default=10, help="seconds between samples")
    parser.add_argument("--warmup-seconds", type=float, default=60, help="not judged")
    parser.add_argument("--max-growth-mb", type=float, default=24, help="allowed RSS growth")
    parser.add_argument("--client", choices=h.CLIENTS, default="raw")
    parser.add_argument("--database-url", help="use this database instead of a temporary SQLite")
    args = parser.parse_args()
    seconds = args.minutes * 60
    plan = h.Plan(args.client, 0, 0, 16, seconds, seconds + 60)
    run = secrets.token_hex(3)

    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as logs:
        h.prepare(database.url)
        codes = h.live_codes(database.url)
        conv_codes = conversions.setup(database.url)["bench-plain"]
        auth = {"Authorization": f"Bearer {h.staff_token(database.url)}"}
        print(f"database: {database.url}  ({len(codes)} live codes)")
        print(h.RATE_LIMITS_NOTE)
        print(
            f"{args.minutes:g} min: 16 redirect, 4 conversion, 2 stats and 2 typename connections"
            f" ({args.client} client); RSS every {args.interval:g} s"
        )
        env = h.vouch_env(database.url)
        with h.running("vouch", ["--factory", "server.asgi:create"], env, Path(logs)) as server:
            samples: list[tuple[float, float]] = []
            results = {
                name: h.Result(name)
                for name in ("redirect", "recordConversion", "stats", "typename")
            }

            async def sample(started: float, done: asyncio.Event) -> None:
                while not done.is_set():
                    mb = rows.rss_mb(server)
                    if mb is not None:
                        at = time.perf_counter() - started
                        samples.append((at, mb))
                        print(f"  {at:6.0f} s  RSS {mb:6.1f} MB", flush=True)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(done.wait(), args.interval)

            async def soak() -> None:
                done = asyncio.Event()
                sampler = asyncio.create_task(sample(time.perf_counter(), done))
                few = dataclasses.replace(plan, concurrency=4)
                two = dataclasses.replace(plan, concurrency=2)
                await asyncio.gather(
                    h._drive(
                        server,
                        rows.redirect_sender(codes),
                        plan,
                        0,
                        results["redirect"],
                        min_seconds=seconds,
                    ),
                    h._drive(
                        server,
                        conversions.sender(conv_codes, f"s{run}"),
                        few,
                        0,
                        results["recordConversion"],
                        min_seconds=seconds,
                        headers=auth,
                    ),
                    h._drive(
                        server,
                        rows.graphql_sender(rows.STATS),
                        two,
                        0,
                        results["stats"],
                        min_seconds=seconds,
                        headers=auth,
                    ),
                    h._drive(
                        server,
                        rows.graphql_sender(rows.TYPENAME),
                        two,
                        0,
                        results["typename"],
                        min_seconds=seconds,
                        headers=auth,
                    ),
                )
                done.set()
                await sampler

            asyncio.run(soak())
            problems = server.log_problems()

        print()
        for r in results.values():
            r.server_cpu = None  # one process served all four streams: no per-stream CPU
            h.report(r, r.labels.most_common(1)[0][0] if r.labels else "")
        judged = [s for s in samples if s[0] >= args.warmup_seconds] or samples
        first, last = samples[0][1], samples[-1][1]
        grew = growth_mb(judged)
        print(
            f"\nRSS: first {first:.1f} MB, last {last:.1f} MB; after the {args.warmup_seconds:g} s"
            f" warm-up: slope {slope_mb_per_min(judged):+.2f} MB/min, growth {grew:+.1f} MB "
            f"(bound {args.max_growth_mb:g} MB)"
        )
        if problems:
            print(f"vouch server log has {len(problems)} error-looking lines, first ones:")
            print("\n".join(problems[:10]))
        failed = {k: r.sent - r.ok for k, r in results.items() if r.sent != r.ok}
        if failed:
            print(f"FAIL: requests without the expected answer: {failed}")
            return 1
        if grew > args.max_growth_mb:
            print("FAIL: memory grew beyond the bound")
            return 1
        print("ok: memory flat within the bound")
        return 0


if __name__ == "__main__":
    h.run_main(main)
