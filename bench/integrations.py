"""Benchmark inbound Stripe webhooks against `recordConversion` through GraphQL, same run.

    .venv/bin/python bench/integrations.py [--requests N] [--concurrency C] [--database-url URL]

One live campaign with the demo reward rules and 40 advocates; the Stripe integration is
connected through `configureIntegration`. Both targets record a new friend's first order by
referral code: GraphQL `recordConversion` (a signed-in staff caller), and a signed
`checkout.session.completed` event POSTed to /integrations/stripe (verified with the stripe
library, claimed by event id, then the same use-case). Events are signed before the clock
starts. Every answer is checked; exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _harness as h
import httpx

CONVERT = """
mutation($input: RecordConversionInput!) {
  recordConversion(input: $input) {
    __typename ... on ConversionRecorded { replayed } ... on UserError { code message }
  }
}"""
CONFIGURE = """
mutation($input: ConfigureIntegrationInput!) {
  configureIntegration(input: $input) { __typename ... on UserError { code message } }
}"""
SECRET = "whsec_" + secrets.token_hex(16)
ADVOCATES = 40

Request = tuple[str, bytes, dict[str, str]]


def setup(url: str) -> list[str]:
    from server.accounts.viewer import ANONYMOUS
    from server.advocates import service as advocates
    from server.audit.service import CLI
    from server.campaigns import service as campaigns
    from server.campaigns.models import CampaignStatus
    from server.campaigns.service import CampaignChanges
    from server.clock import SystemClock
    from server.demo import DEMO_RULES
    from server.rewards import service as rewards
    from server.rewards.rules import Policy

    async def work() -> list[str]:
        clock, slug = SystemClock(), "bench-in-" + secrets.token_hex(3)
        campaign = await campaigns.create(
            changes=CampaignChanges(name=slug, slug=slug, landing_url="https://shop.example.com/"),
            default_currency="USD",
            actor=CLI,
            clock=clock,
        )
        await campaigns.transition(
            campaign_id=campaign.id, target=CampaignStatus.ACTIVE, actor=CLI, clock=clock
        )
        await rewards.set_rules(
            campaign_id=campaign.id,
            rules_=DEMO_RULES,
            policy=Policy(auto_approve_max=1000),
            viewer=ANONYMOUS,
            actor=CLI,
            clock=clock,
        )
        return [
            (
                await advocates.enroll(
                    campaign_id=campaign.id,
                    email=f"{slug}-{i}@bench.example.com",
                    name=f"Bench {i}",
                    external_id=None,
                    vanity_code=None,
                    actor=CLI,
                    clock=clock,
                )
            ).link.code
            for i in range(ADVOCATES)
        ]

    codes = asyncio.run(h._with_db(url, work))
    assert isinstance(codes, list)
    return codes


def graphql_requests(codes: list[str], run: str, n: int, token: str) -> list[Request]:
    out = []
    for i in range(n):
        variables = {
            "input": {
                "friend": {"referralCode": codes[i % len(codes)], "email": f"g{run}-{i}@x.org"},
                "externalOrderId": f"g{run}-{i}",
                "amount": 5000,
                "currency": "USD",
                "idempotencyKey": f"bench-{run}-{i:08d}",
            }
        }
        body = json.dumps({"query": CONVERT, "variables": variables}).encode()
        out.append(("/graphql", body, {"authorization": f"Bearer {token}"}))
    return out


def stripe_requests(codes: list[str], run: str, n: int) -> list[Request]:
    out, now = [], int(time.time())
    for i in range(n):
        event = {
            "id": f"evt_{run}{i:08d}",
            "object": "event",
            "api_version": "2024-06-20",
            "created": now,
            "type": "checkout.session.completed",
            "livemode": False,
            "data": {
                "object": {
                    "id": f"cs_{run}{i}",
                    "object": "checkout.session",
                    "mode": "payment",
                    "payment_status": "paid",
                    "amount_total": 5000,
                    "currency": "usd",
                    "client_reference_id": codes[i % len(codes)],
                    "customer": None,
                    "customer_details": {"email": f"s{run}-{i}@x.org"},
                    "payment_intent": f"pi_{run}{i}",
                    "metadata": {},
                    "discounts": [],
                }
            },
        }
        body = json.dumps(event).encode()
        v1 = hmac.new(SECRET.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
        out.append(("/integrations/stripe", body, {"stripe-signature": f"t={now},v1={v1}"}))
    return out


def graphql_ok(reply: httpx.Response) -> bool:
    result = reply.json().get("data", {}).get("recordConversion") or {}
    return result.get("__typename") == "ConversionRecorded" and not result.get("replayed")


def stripe_ok(reply: httpx.Response) -> bool:
    return reply.status_code == 200 and reply.json().get("status") == "processed"


async def drive(
    base: str, requests: list[Request], concurrency: int, ok: Callable[[httpx.Response], bool]
) -> tuple[float, int, list[float]]:
    queue = list(reversed(requests))
    latencies: list[float] = []
    failed = 0

    async def worker() -> None:
        nonlocal failed
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            while queue:
                path, body, headers = queue.pop()
                started = time.perf_counter()
                reply = await client.post(
                    path, content=body, headers={"content-type": "application/json", **headers}
                )
                latencies.append(time.perf_counter() - started)
                if not ok(reply):
                    failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, failed, sorted(latencies)


def line(label: str, seconds: float, failed: int, latencies: list[float]) -> float:
    rate = len(latencies) / seconds
    p50 = latencies[len(latencies) // 2] * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(
        f"{label:34} {rate:8.1f} events/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   failed {failed}"
    )
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    run = secrets.token_hex(3)
    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as logs:
        h.prepare(database.url)
        codes = setup(database.url)
        token = h.staff_token(database.url)
        print(f"database: {database.url}")
        print(h.RATE_LIMITS_NOTE)
        print(f"load avg before: {os.getloadavg()}")
        env = h.vouch_env(database.url)
        with h.running("vouch", ["--factory", "server.asgi:create"], env, Path(logs)) as server:
            configured = httpx.post(
                f"{server.base}/graphql",
                json={
                    "query": CONFIGURE,
                    "variables": {"input": {"provider": "STRIPE", "signingSecrets": [SECRET]}},
                },
                headers={"authorization": f"Bearer {token}"},
                timeout=30,
            ).json()
            assert configured["data"]["configureIntegration"]["__typename"] == "Integration"
            total = args.warmup + args.requests
            gql = graphql_requests(codes, run, total, token)
            hooks = stripe_requests(codes, run, total)

            async def measure() -> tuple[float, float, int]:
                """Warm both up, then alternate (GraphQL, webhook, GraphQL, webhook) so a
                change in the machine's load hits both alike; the better round of each counts."""
                await drive(server.base, gql[: args.warmup], args.concurrency, graphql_ok)
                await drive(server.base, hooks[: args.warmup], args.concurrency, stripe_ok)
                half = args.warmup + args.requests // 2
                rates: dict[str, list[float]] = {"g": [], "s": []}
                failed = 0
                print()
                for part in (slice(args.warmup, half), slice(half, total)):
                    g = await drive(server.base, gql[part], args.concurrency, graphql_ok)
                    rates["g"].append(line("recordConversion (GraphQL)", *g))
                    s = await drive(server.base, hooks[part], args.concurrency, stripe_ok)
                    rates["s"].append(line("Stripe webhook (/integrations/stripe)", *s))
                    failed += g[1] + s[1]
                return max(rates["g"]), max(rates["s"]), failed

            g_rate, s_rate, failed = asyncio.run(measure())
            problems = server.log_problems()
        print(f"best rounds: GraphQL {g_rate:.1f}/s, webhook {s_rate:.1f}/s")
        print(f"ratio webhook/GraphQL events/s: {s_rate / g_rate:.2f}")
        print(f"load avg after: {os.getloadavg()}")
        if problems:
            print(f"\nserver log has {len(problems)} error-looking lines, first ones:")
            print("\n".join(problems[:10]))
        if failed:
            print(f"\nFAIL: {failed} requests did not record a conversion")
            return 1
        print("\nOK: every request recorded a new conversion")
        return 0


if __name__ == "__main__":
    h.run_main(main)
