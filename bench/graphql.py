"""Benchmark a realistic dashboard query on `POST /graphql` against `{ __typename }`.

    .venv/bin/python bench/graphql.py [--requests N] [--client httpx|raw] [--database-url URL]

One Vouch uvicorn process on 127.0.0.1 with the demo data and rate limits off. The API needs a
signed-in caller, so the script creates a staff OWNER account (bench@example.com) and a session,
and every request, baseline included, carries `Authorization: Bearer <token>`. The baseline is
the trivial query on the same server in the same run, so the ratio is what resolving the
dashboard (campaign page, stats, objective progress, first links with their advocates) costs
over GraphQL's own overhead and authentication. Every response is checked: HTTP 200, JSON
without `errors`, and for the dashboard the expected campaigns. Exit status 1 if any request
failed.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import _harness as h

DASHBOARD = """
query Dashboard {
  campaigns(first: 20) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name slug phase testMode currency
      stats {
        clicks uniqueVisitors referrals signups conversions
        revenue { amount currency }
        conversionRate objectiveProgress
      }
      objective { metric target deadline progress { current target ratio reached } }
      links(first: 5) {
        nodes { id code displayCode shareUrl status advocate { id email name } }
      }
    }
  }
}
"""
TRIVIAL = "{ __typename }"


def check(body: bytes, dashboard: bool) -> str | None:
    """None when the response is a good answer, else a short label for the histogram."""
    try:
        doc = json.loads(body)
    except ValueError:
        return "not JSON"
    if not isinstance(doc, dict):
        return "not a JSON object"
    if doc.get("errors"):
        first = doc["errors"][0]
        code = (first.get("extensions") or {}).get("code")
        prefix = f"GraphQL error {code}: " if code else "GraphQL error: "
        return prefix + str(first.get("message", "?"))[:80]
    data = doc.get("data") or {}
    if dashboard:
        nodes = (data.get("campaigns") or {}).get("nodes")
        if not nodes:
            return "no campaigns"
    elif data.get("__typename") != "Query":
        return "wrong data"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    h.add_load_arguments(parser, requests=1000)
    args = parser.parse_args()
    plan = h.Plan.from_args(args)
    payloads = {query: json.dumps({"query": query}).encode() for query in (DASHBOARD, TRIVIAL)}

    def sender(query: str) -> h.Send:
        payload, dashboard = payloads[query], query is DASHBOARD

        async def send(client: h.Client, _i: int) -> tuple[bool, str]:
            r = await client.request("POST", "/graphql", payload)
            if r.status != 200:
                return False, str(r.status)
            problem = check(r.body, dashboard)
            return problem is None, problem or "200"

        return send

    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as logs:
        seeded = h.prepare(database.url)
        if seeded:
            print("seeded demo data: " + ", ".join(f"{v} {k}" for k, v in seeded.items()))
        auth = {"Authorization": f"Bearer {h.staff_token(database.url)}"}
        print(f"database: {database.url}")
        print(f"auth: staff session of {h.BENCH_EMAIL} (owner) on every request, baseline too")
        print(h.RATE_LIMITS_NOTE)
        print(plan.describe())
        env = h.vouch_env(database.url)
        with h.running("vouch", ["--factory", "server.asgi:create"], env, Path(logs)) as server:
            sample = h.httpx.post(
                server.base + "/graphql", json={"query": DASHBOARD}, headers=auth, timeout=30
            )
            problem = check(sample.content, dashboard=True) if sample.status_code == 200 else None
            if sample.status_code != 200 or problem:
                print(f"the dashboard query fails: {sample.status_code} {problem or ''}")
                print(sample.text[:2000])
                return 1
            nodes = sample.json()["data"]["campaigns"]["nodes"]
            links = sum(len(n["links"]["nodes"]) for n in nodes)
            print(
                f"dashboard answer: {len(nodes)} campaigns, {links} links, "
                f"{len(sample.content)} bytes"
            )
            _, trivial = h.load("baseline { __typename }", server, sender(TRIVIAL), plan, auth)
            _, dash = h.load("dashboard query", server, sender(DASHBOARD), plan, auth)
            problems = server.log_problems()

        print()
        h.report(trivial, "200")
        h.report(dash, "200")
        h.ratio_line("ratio dashboard/baseline req/s", dash.rps, trivial.rps)
        h.ratio_line("ratio dashboard/baseline p50 latency", dash.pct(50), trivial.pct(50))
        h.ratio_line(
            "ratio dashboard/baseline server CPU per request",
            dash.server_cpu_us,
            trivial.server_cpu_us,
        )
        h.client_note([trivial, dash], plan.client)
        if problems:
            print(f"\nserver log has {len(problems)} error-looking lines, first ones:")
            print("\n".join(problems[:10]))
        failed = (trivial.sent - trivial.ok) + (dash.sent - dash.ok)
        if failed:
            print(f"\nFAIL: {failed} requests did not get a good answer")
            return 1
        print("\nOK: every response was a 200 with data and no errors")
        return 0


if __name__ == "__main__":
    h.run_main(main)
