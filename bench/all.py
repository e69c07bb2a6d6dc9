"""Every row of issue 12's tables in one run: Vouch's hot paths as ratios against ceilings
measured in the same run, with SQL statements per request, server CPU per request, RSS and a
mixed-load row.

    .venv/bin/python bench/all.py [--client raw|httpx] [--database-url URL] [--requests N]

Ceilings: a bare Starlette 302; one raw INSERT + 302 (aiosqlite WAL/NORMAL, or asyncpg with a
PostgreSQL --database-url); Strawberry `{ hello }` with parser and validation caches. Each runs
as its own single uvicorn process and one Vouch process serves every Vouch row; all are up
throughout, and only one is loaded at a time. Every row runs `--rounds` times (3), the order
reversed each round, so that a machine whose speed drifts over minutes moves a ratio's two
sides alike; the table gives medians over rounds of each round's ratio. Statements per request
are counted in-process by tracing (server.sql.trace), after the load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import importlib.util
import json
import secrets
import statistics
import tempfile
from pathlib import Path

import _harness as h

# _harness took bench/ off sys.path (it holds a graphql.py): load the sibling script by path.
_spec = importlib.util.spec_from_file_location("conversions", h.BENCH_DIR / "conversions.py")
assert _spec is not None and _spec.loader is not None
conversions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conversions)

STATS = """{ campaign(slug: "give-10-get-10") { stats { clicks uniqueVisitors referrals signups
  conversions revenue { amount currency } conversionRate objectiveProgress } } }"""
TYPENAME = "{ __typename }"
HELLO = "{ hello }"


def graphql_sender(query: str) -> h.Send:
    body = json.dumps({"query": query}).encode()

    async def send(client: h.Client, _i: int) -> tuple[bool, str]:
        r = await client.request("POST", "/graphql", body)
        if r.status != 200:
            return False, str(r.status)
        payload = json.loads(r.body)
        return ("errors" not in payload and payload.get("data") is not None), "200"

    return send


def redirect_sender(codes: list[str]) -> h.Send:
    async def send(client: h.Client, i: int) -> tuple[bool, str]:
        r = await client.request("GET", f"/r/{codes[i % len(codes)]}")
        return r.status == 302, str(r.status)

    return send


def rss_mb(server: h.Server) -> float | None:
    try:
        for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def statements(url: str, codes: list[str], conv_codes: list[str], token: str) -> dict[str, int]:
    """SQL statements per request, counted by tracing in this process on the same database."""
    import httpx

    from server.app import create_app
    from server.referrals import queries
    from server.sql import trace

    async def work() -> dict[str, int]:
        settings = h._settings(url)
        app = create_app(
            settings.model_copy(update={"rate_limits_enabled": False}),
            manage_db=False,
            run_jobs=False,
        )
        transport = httpx.ASGITransport(app=app)
        auth = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as c:
            run = secrets.token_hex(3)

            async def conversion(i: int) -> None:
                variables = {
                    "input": {
                        "friend": {"referralCode": conv_codes[i], "email": f"s{run}{i}@f.example"},
                        "externalOrderId": f"s{run}-{i}",
                        "amount": 5000,
                        "currency": "USD",
                        "idempotencyKey": f"stmt-{run}-{i:04d}",
                    }
                }
                body = {"query": conversions.CONVERT, "variables": variables}
                await c.post("/graphql", json=body, headers=auth)

            calls = {
                # The same link twice: the second click meets a warm campaign cache.
                "GET /r/{code}": lambda _i: c.get(f"/r/{codes[0]}"),
                "campaign stats": lambda _i: c.post(
                    "/graphql", json={"query": STATS}, headers=auth
                ),
                "{ __typename }": lambda _i: c.post(
                    "/graphql", json={"query": TYPENAME}, headers=auth
                ),
                "recordConversion": conversion,
            }
            links = queries.notified_links()  # PostgreSQL: the redirect's link cache, whose
            for _ in range(500):  # listener connects in the background (as at a server's start)
                if links is None or links.listening:
                    break
                await asyncio.sleep(0.01)
            counts = {}
            for name, call in calls.items():
                await call(0)  # warm: caches, the session's last-used touch
                with trace.counting() as counted:
                    await call(1)
                counts[name] = sum(counted.values())
            return counts

    result = asyncio.run(h._with_db(url, work))
    assert isinstance(result, dict)
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(rounds: list[dict[str, h.Result]], name: str, counts: dict[str, int]) -> None:
    """The issue's table: each Vouch row against the ceiling its goal names, as the median over
    rounds of the ratio within a round (the two measured minutes apart, not a run apart)."""
    table = [
        ("GET /r/{code}", name, "0.5"),
        ("campaign stats", "{hello} cached", "0.5"),
        ("{ __typename }", "{hello} cached", "0.7"),
        ("recordConversion", name, "0.1"),
    ]
    print()
    print(
        "| path | vouch req/s | vs ceiling (median; each round) | goal | CPU us/req "
        "| CPU vs ceiling | SQL/req | p50 ms | p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, ceiling, goal in table:
        ratios = [r[label].rps / r[ceiling].rps for r in rounds if r[ceiling].rps]
        cpus = [r[label].server_cpu_us or 0.0 for r in rounds]
        cpu_ratios = [
            (r[label].server_cpu_us or 0.0) / (r[ceiling].server_cpu_us or 1.0) for r in rounds
        ]
        each = " / ".join(f"{x:.3f}" for x in ratios)
        print(
            f"| {label} | {median([r[label].rps for r in rounds]):.0f} "
            f"| {median(ratios):.3f}x {ceiling} ({each}) | >= {goal}x "
            f"| {median(cpus):.0f} | {median(cpu_ratios):.1f}x | {counts[label]} "
            f"| {median([r[label].pct(50) for r in rounds]):.1f} "
            f"| {median([r[label].pct(99) for r in rounds]):.1f} |"
        )
    for key in ("bare 302", name, "{hello} cached"):
        print(
            f"| ceiling: {key} | {median([r[key].rps for r in rounds]):.0f} | | "
            f"| {median([r[key].server_cpu_us or 0.0 for r in rounds]):.0f} | | "
            f"| {median([r[key].pct(50) for r in rounds]):.1f} "
            f"| {median([r[key].pct(99) for r in rounds]):.1f} |"
        )


Row = tuple[str, h.Server, h.Send, h.Plan, dict[str, str] | None]


def measure(
    rows: list[Row], vouch: h.Server, url: str
) -> tuple[dict[str, h.Result], dict[str, h.Settled]]:
    """One round: each row once, in the order given; after each Vouch row, what it left in the
    outboxes is delivered before the next row is measured."""
    results: dict[str, h.Result] = {}
    settled: dict[str, h.Settled] = {}
    for label, server, send, plan, headers in rows:
        _, results[label] = h.load(label, server, send, plan, headers)
        if server is vouch:
            settled[label] = h.settle_outbox(url, vouch)
    return results, settled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    h.add_load_arguments(parser, requests=2000)
    parser.set_defaults(client="raw", min_seconds=4)
    parser.add_argument("--mixed-seconds", type=float, default=8, help="mixed-load duration")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of every row; the order reverses each round; the table shows medians",
    )
    parser.add_argument(
        "--only",
        choices=["mixed"],
        help="mixed: only the redirect alone and the mixed run (no ceilings, no other rows)",
    )
    args = parser.parse_args()
    plan = h.Plan.from_args(args)
    conv_plan = dataclasses.replace(plan, requests=max(200, plan.requests // 5))
    run = secrets.token_hex(3)

    with (
        h.database(args.database_url) as database,
        tempfile.TemporaryDirectory() as logs,
        contextlib.ExitStack() as servers,
    ):
        log_dir = Path(logs)
        h.prepare(database.url)
        codes = h.live_codes(database.url)
        conv_codes = conversions.setup(database.url)["bench-plain"]
        token = h.staff_token(database.url)
        auth = {"Authorization": f"Bearer {token}"}
        postgres = database.url.startswith("postgres")
        print(f"database: {database.url}  ({len(codes)} live codes)")
        print(h.RATE_LIMITS_NOTE)
        print(plan.describe())
        print(
            f"{args.rounds} rounds, every server up throughout, the order of the rows reversed "
            "each round (a machine that drifts over minutes moves both sides of a ratio)"
        )

        name = "asyncpg INSERT+302" if postgres else "aiosqlite INSERT+302"
        ceilings: list[Row] = []
        if not args.only:
            bare = servers.enter_context(
                h.running("bare", ["--app-dir", str(h.BENCH_DIR), "_baseline_app:app"], {}, log_dir)
            )
            ceiling_db = database.url if postgres else f"sqlite:///{log_dir / 'ceiling.db'}"
            insert = servers.enter_context(
                h.running(
                    "insert",
                    ["--app-dir", str(h.BENCH_DIR / "ceilings"), "insert_302:app"],
                    {"CEILING_DATABASE_URL": ceiling_db},
                    log_dir,
                )
            )
            # Not bench/ itself: its graphql.py would shadow graphql-core.
            hello = servers.enter_context(
                h.running(
                    "hello",
                    ["--app-dir", str(h.BENCH_DIR / "ceilings"), "hello_graphql:app"],
                    {},
                    log_dir,
                )
            )
            ceilings = [
                ("bare 302", bare, redirect_sender(codes), plan, None),
                (name, insert, redirect_sender(codes), plan, None),
                ("{hello} cached", hello, graphql_sender(HELLO), plan, None),
            ]
        env = h.vouch_env(database.url)
        server = servers.enter_context(
            h.running("vouch", ["--factory", "server.asgi:create"], env, log_dir)
        )
        # The seed's e-mails first (no row's cost), then after each row what it enqueued,
        # so no row is measured while the server delivers an earlier one's backlog.
        print(f"before the Vouch rows: {h.settle_outbox(database.url, server).describe()}")
        rounds: list[dict[str, h.Result]] = []
        settled: dict[str, list[h.Settled]] = {}
        for number in range(args.rounds):
            vouch_rows: list[Row] = [
                ("GET /r/{code}", server, redirect_sender(codes), plan, None),
                ("campaign stats", server, graphql_sender(STATS), plan, auth),
                ("{ __typename }", server, graphql_sender(TYPENAME), plan, auth),
                (
                    "recordConversion",
                    server,
                    conversions.sender(conv_codes, f"a{run}r{number}"),
                    conv_plan,
                    auth,
                ),
            ]
            if args.only:
                vouch_rows = vouch_rows[:1]
            order = ceilings + vouch_rows
            found, after = measure(order if number % 2 == 0 else order[::-1], server, database.url)
            rounds.append(found)
            for label, done in after.items():
                settled.setdefault(label, []).append(done)
        rss_before_mixed = rss_mb(server)

        async def mixed() -> tuple[h.Result, h.Result]:
            red, conv = h.Result("redirect, mixed"), h.Result("conversions, mixed")
            mixed_conv = conversions.sender(conv_codes, f"m{run}")
            await asyncio.gather(
                h._drive(
                    server, redirect_sender(codes), plan, 0, red, min_seconds=args.mixed_seconds
                ),
                h._drive(
                    server,
                    mixed_conv,
                    dataclasses.replace(plan, concurrency=8),
                    0,
                    conv,
                    min_seconds=args.mixed_seconds,
                    headers=auth,
                ),
            )
            return red, conv

        mixed_row, conv_mixed = asyncio.run(mixed())
        rss_after = rss_mb(server)
        problems = server.log_problems()

        print()
        for number, found in enumerate(rounds, 1):
            print(f"round {number}:")
            for r in found.values():
                h.report(r, r.labels.most_common(1)[0][0] if r.labels else "")
        for r in (mixed_row, conv_mixed):
            h.report(r, r.labels.most_common(1)[0][0] if r.labels else "")
        if not args.only:
            print_table(rounds, name, statements(database.url, codes, conv_codes, token))
        alone = median([r["GET /r/{code}"].pct(99) for r in rounds])
        print(
            f"\nmixed load ({args.mixed_seconds:g} s, {plan.concurrency} redirect + 8 conversion "
            f"connections): redirect p99 {mixed_row.pct(99):.1f} ms vs {alone:.1f} ms alone "
            f"(median of the rounds) = {mixed_row.pct(99) / alone:.2f}x (goal <= 3x); redirect "
            f"p50 {mixed_row.pct(50):.1f} ms; {mixed_row.rps:.0f} redirects/s and "
            f"{conv_mixed.rps:.0f} conversions/s together"
        )
        for label, dones in settled.items():
            for number, done in enumerate(dones, 1):
                if not (done.delivered or done.left):
                    continue
                ok = rounds[number - 1][label].ok
                per = ""
                if done.cpu_seconds is not None and ok:
                    per = f" = {done.cpu_seconds * 1e6 / ok:,.0f} us per request"
                print(f"after {label} (round {number}): {done.describe()}{per} (not in its row)")
        print(
            f"vouch RSS: {rss_before_mixed or 0:.0f} MB before the mixed run, "
            f"{rss_after or 0:.0f} MB after"
        )
        every = [r for found in rounds for r in found.values()] + [mixed_row, conv_mixed]
        h.client_note(every, plan.client)
        if problems:
            print(f"\nvouch server log has {len(problems)} error-looking lines, first ones:")
            print("\n".join(problems[:10]))
        failed: dict[str, int] = {}
        for found in rounds:
            for k, r in found.items():
                if r.sent != r.ok:
                    failed[k] = failed.get(k, 0) + r.sent - r.ok
        for r in (mixed_row, conv_mixed):
            if r.sent != r.ok:
                failed[r.name] = r.sent - r.ok
        if failed:
            print(f"\nFAIL: requests without the expected answer: {failed}")
            return 1
        return 0


if __name__ == "__main__":
    h.run_main(main)
