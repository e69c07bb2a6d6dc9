"""Every row of issue 12's tables in one run: Vouch's hot paths as ratios against ceilings
measured in the same run, with SQL statements per request, server CPU per request, RSS and a
mixed-load row.

    .venv/bin/python bench/all.py [--client raw|httpx] [--database-url URL] [--requests N]

Ceilings: a bare Starlette 302; one raw INSERT + 302 (aiosqlite WAL/NORMAL, or asyncpg with a
PostgreSQL --database-url); Strawberry `{ hello }` with parser and validation caches. Each runs
as its own single uvicorn process, one at a time, then one Vouch process serves every Vouch row.
Statements per request are counted in-process by tracing (server.sql.trace), after the load.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib.util
import json
import secrets
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


def print_table(results: dict[str, h.Result], name: str, counts: dict[str, int]) -> None:
    """The issue's table: each Vouch row against the ceiling its goal names."""
    insert_row = results[name]
    hello_row = results["{hello} cached"]
    table = [
        ("GET /r/{code}", "GET /r/{code}", insert_row, "0.5"),
        ("campaign stats", "campaign stats", hello_row, "0.5"),
        ("{ __typename }", "{ __typename }", hello_row, "0.7"),
        ("recordConversion", "recordConversion", insert_row, "0.1"),
    ]
    print()
    print(
        "| path | vouch req/s | vs ceiling | goal | CPU us/req | CPU vs ceiling "
        "| SQL/req | p50 ms | p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, key, ceiling, goal in table:
        r = results[key]
        cpu, ccpu = r.server_cpu_us, ceiling.server_cpu_us
        print(
            f"| {label} | {r.rps:.0f} | {r.rps / ceiling.rps:.3f}x {ceiling.name} | >= {goal}x "
            f"| {cpu or 0:.0f} | {(cpu or 0) / (ccpu or 1):.1f}x | {counts[label]} "
            f"| {r.pct(50):.1f} | {r.pct(99):.1f} |"
        )
    for key in ("bare 302", name, "{hello} cached"):
        r = results[key]
        print(
            f"| ceiling: {key} | {r.rps:.0f} | | | {r.server_cpu_us or 0:.0f} | | "
            f"| {r.pct(50):.1f} | {r.pct(99):.1f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    h.add_load_arguments(parser, requests=2000)
    parser.set_defaults(client="raw", min_seconds=4)
    parser.add_argument("--mixed-seconds", type=float, default=8, help="mixed-load duration")
    parser.add_argument(
        "--only",
        choices=["mixed"],
        help="mixed: only the redirect alone and the mixed run (no ceilings, no other rows)",
    )
    args = parser.parse_args()
    plan = h.Plan.from_args(args)
    conv_plan = dataclasses.replace(plan, requests=max(200, plan.requests // 5))
    run = secrets.token_hex(3)

    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as logs:
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

        results: dict[str, h.Result] = {}
        settled: dict[str, h.Settled] = {}
        name = "asyncpg INSERT+302" if postgres else "aiosqlite INSERT+302"
        if not args.only:
            bare = ["--app-dir", str(h.BENCH_DIR), "_baseline_app:app"]
            with h.running("bare", bare, {}, log_dir) as server:
                _, results["bare 302"] = h.load("bare 302", server, redirect_sender(codes), plan)
            insert = ["--app-dir", str(h.BENCH_DIR / "ceilings"), "insert_302:app"]
            ceiling_db = database.url if postgres else f"sqlite:///{log_dir / 'ceiling.db'}"
            ceiling_env = {"CEILING_DATABASE_URL": ceiling_db}
            with h.running("insert", insert, ceiling_env, log_dir) as server:
                _, results[name] = h.load(name, server, redirect_sender(codes), plan)
            # Not bench/ itself: its graphql.py would shadow graphql-core.
            hello = ["--app-dir", str(h.BENCH_DIR / "ceilings"), "hello_graphql:app"]
            with h.running("hello", hello, {}, log_dir) as server:
                _, results["{hello} cached"] = h.load(
                    "{hello} cached", server, graphql_sender(HELLO), plan
                )

        env = h.vouch_env(database.url)
        with h.running("vouch", ["--factory", "server.asgi:create"], env, log_dir) as server:
            rows = [
                ("GET /r/{code}", redirect_sender(codes), plan, None),
                ("campaign stats", graphql_sender(STATS), plan, auth),
                ("{ __typename }", graphql_sender(TYPENAME), plan, auth),
                ("recordConversion", conversions.sender(conv_codes, f"a{run}"), conv_plan, auth),
            ]
            if args.only:
                rows = rows[:1]
            # The seed's e-mails first (no row's cost), then after each row what it enqueued,
            # so no row is measured while the server delivers an earlier one's backlog.
            print(f"before the Vouch rows: {h.settle_outbox(database.url, server).describe()}")
            for label, send, row_plan, headers in rows:
                _, results[label] = h.load(label, server, send, row_plan, headers)
                settled[label] = h.settle_outbox(database.url, server)
            rss_before_mixed = rss_mb(server)

            async def mixed() -> tuple[h.Result, h.Result]:
                red, conv = h.Result("redirect, mixed"), h.Result("conversions, mixed")
                mixed_conv = conversions.sender(conv_codes, f"m{run}")
                await asyncio.gather(
                    h._drive(
                        server,
                        redirect_sender(codes),
                        plan,
                        0,
                        red,
                        min_seconds=args.mixed_seconds,
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

            results["redirect, mixed"], results["conversions, mixed"] = asyncio.run(mixed())
            rss_after = rss_mb(server)
            problems = server.log_problems()

        print()
        for r in results.values():
            h.report(r, r.labels.most_common(1)[0][0] if r.labels else "")
        if not args.only:
            print_table(results, name, statements(database.url, codes, conv_codes, token))
        alone, mixed_row = results["GET /r/{code}"], results["redirect, mixed"]
        conv_mixed = results["conversions, mixed"]
        print(
            f"\nmixed load ({args.mixed_seconds:g} s, {plan.concurrency} redirect + 8 conversion "
            f"connections): redirect p99 {mixed_row.pct(99):.1f} ms vs {alone.pct(99):.1f} ms "
            f"alone = {mixed_row.pct(99) / alone.pct(99):.2f}x (goal <= 3x); redirect p50 "
            f"{mixed_row.pct(50):.1f} ms; {mixed_row.rps:.0f} redirects/s and "
            f"{conv_mixed.rps:.0f} conversions/s together"
        )
        for label, done in settled.items():
            if done.delivered or done.left:
                per = ""
                if done.cpu_seconds is not None and results[label].ok:
                    per = f" = {done.cpu_seconds * 1e6 / results[label].ok:,.0f} us per request"
                print(f"after {label}: {done.describe()}{per} (not in its row)")
        print(
            f"vouch RSS: {rss_before_mixed or 0:.0f} MB before the mixed run, "
            f"{rss_after or 0:.0f} MB after"
        )
        h.client_note(list(results.values()), plan.client)
        if problems:
            print(f"\nvouch server log has {len(problems)} error-looking lines, first ones:")
            print("\n".join(problems[:10]))
        failed = {k: r.sent - r.ok for k, r in results.items() if r.sent != r.ok}
        if failed:
            print(f"\nFAIL: requests without the expected answer: {failed}")
            return 1
        return 0


if __name__ == "__main__":
    h.run_main(main)
