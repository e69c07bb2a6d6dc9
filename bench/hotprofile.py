"""Where one hot path's CPU goes: the app in-process under cProfile, driven through ASGI.

No sockets and no HTTP parsing (they cost Vouch and its ceilings alike): requests are ASGI
calls, `--concurrency` in flight at a time, so group commit and the read connection behave as
they do under load. Prints the top functions by cumulative and by own time, per request.

    .venv/bin/python bench/hotprofile.py redirect --requests 3000
    .venv/bin/python bench/hotprofile.py stats|typename|conversion
    .venv/bin/python bench/hotprofile.py conversion --instructions --requests 300

`--instructions` reruns itself under valgrind's callgrind, instrumentation switched on only
around the measured requests, and prints machine instructions per request: unlike CPU time on
a shared machine (which moved conversions by +-25 % between runs minutes apart), the count
repeats within about 1 %, so an A/B of a change shows a few per cent. About 50 times slower.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

import _harness as h

_spec = importlib.util.spec_from_file_location("conversions", h.BENCH_DIR / "conversions.py")
assert _spec is not None and _spec.loader is not None
conversions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conversions)

STATS = """{ campaign(slug: "give-10-get-10") { stats { clicks uniqueVisitors referrals signups
  conversions revenue { amount currency } conversionRate objectiveProgress } } }"""


def _engine_line(profile: cProfile.Profile, requests: int) -> str:
    """SQLite's own time (its C calls: execute, fetch, commit), which no Python change removes:
    the floor of a path's CPU while it writes what it writes (profiling adds to the Python
    around it, hardly to these calls)."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    engine = sum(row[2] for (_f, _l, name), row in stats.items() if "'sqlite3." in name)
    per = engine / requests * 1e6
    return f"{per:.0f} us/request inside SQLite's C calls (execute, fetch, commit): the floor"


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }


async def _call(app: Any, method: str, path: str, headers: list[Any], body: bytes) -> int:
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await app(_scope(method, path, headers), receive, send)
    return status


_UNDER_CALLGRIND = "VOUCH_BENCH_UNDER_CALLGRIND"


def _instrument(state: str) -> None:
    control = shutil.which("callgrind_control") or "callgrind_control"
    subprocess.run(  # noqa: S603 - valgrind's own tool, fixed arguments
        [control, "-i", state, str(os.getpid())], check=True, capture_output=True
    )


def _count_instructions(requests: int) -> int:
    """This script again under callgrind (instrumenting only the measured requests): prints
    the instructions per request."""
    valgrind = shutil.which("valgrind")
    if not valgrind:
        raise h.SetupFailed("--instructions needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="vouch-callgrind-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        tool = [valgrind, "--tool=callgrind", "--instr-atstart=no"]
        command = [*tool, f"--callgrind-out-file={out}", sys.executable, *sys.argv]
        done = subprocess.run(  # noqa: S603 - this script again, its own arguments
            command, env={**os.environ, _UNDER_CALLGRIND: "1"}, capture_output=True, text=True
        )
        print(done.stdout, end="")
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        with open(out) as f:
            totals = [line for line in f if line.startswith(("summary:", "totals:"))]
        instructions = int(totals[-1].split()[1])
    print(f"{instructions / requests:,.0f} instructions/request (callgrind, {requests} requests)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", choices=["redirect", "stats", "typename", "conversion"])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--database-url")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--no-profile", action="store_true", help="only time the requests")
    parser.add_argument("--save", help="also write the profile here (for pstats callers/callees)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count machine instructions per request under valgrind (implies --no-profile)",
    )
    args = parser.parse_args()
    if args.instructions and not os.environ.get(_UNDER_CALLGRIND):
        return _count_instructions(args.requests)
    counting = bool(os.environ.get(_UNDER_CALLGRIND))
    args.no_profile = args.no_profile or counting
    with h.database(args.database_url) as database, tempfile.TemporaryDirectory():
        h.prepare(database.url)
        codes = h.live_codes(database.url)
        token = h.staff_token(database.url)
        # The plain campaign of bench/conversions.py (milestone rules off), as bench/all.py.
        conv_codes: list[str] = []
        if args.path == "conversion":
            conv_codes = conversions.setup(database.url)["bench-plain"]
        # The seed's e-mails delivered first: the app would deliver them during the profile.
        print(f"outbox delivered before profiling: {h.deliver_outbox(database.url)} attempts")
        os.environ.update(h.vouch_env(database.url))
        from server.asgi import create

        app = create()
        auth = [(b"authorization", f"Bearer {token}".encode())]
        gql = [*auth, (b"content-type", b"application/json")]

        def request(i: int) -> tuple[str, str, list[Any], bytes]:
            if args.path == "redirect":
                return "GET", f"/r/{codes[i % len(codes)]}", [(b"user-agent", b"bench")], b""
            if args.path == "conversion":
                return "POST", "/graphql", gql, conversions.payload(conv_codes, "profile", i)
            query = STATS if args.path == "stats" else "{ __typename }"
            return "POST", "/graphql", gql, json.dumps({"query": query}).encode()

        async def run() -> None:
            async with app.router.lifespan_context(app):
                for i in range(200):  # warm caches and connections
                    await _call(app, *request(1_000_000 + i))
                profile = cProfile.Profile()
                statuses: dict[int, int] = {}
                queue = iter(range(args.requests))

                async def worker() -> None:
                    for i in queue:
                        code = await _call(app, *request(i))
                        statuses[code] = statuses.get(code, 0) + 1

                started, cpu = time.perf_counter(), time.process_time()
                if counting:
                    _instrument("on")
                if not args.no_profile:
                    profile.enable()
                await asyncio.gather(*(worker() for _ in range(args.concurrency)))
                profile.disable()
                if counting:
                    _instrument("off")
                took = time.perf_counter() - started
                if args.save and not args.no_profile:
                    profile.dump_stats(args.save)
                cpu = time.process_time() - cpu
                print(f"{args.requests} requests in {took:.2f} s: {statuses}")
                kind = "" if args.no_profile else "profiled, "
                print(f"{took / args.requests * 1e6:.0f} us/request ({kind}wall)")
                # Process CPU (all threads: SQLite's too) is steadier than wall on a busy machine.
                print(f"{cpu / args.requests * 1e6:.0f} us/request ({kind}CPU)")
                if not args.no_profile:
                    print(_engine_line(profile, args.requests))
                for order in () if args.no_profile else ("cumulative", "tottime"):
                    out = io.StringIO()
                    pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
                    print(out.getvalue())

        asyncio.run(run())
    return 0


if __name__ == "__main__":
    h.run_main(main)
