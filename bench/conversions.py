"""Benchmark `recordConversion` with milestone detection against the same without it.

    .venv/bin/python bench/conversions.py [--requests N] [--client httpx|raw] [--database-url URL]

Two live campaigns with the same reward rules and 40 advocates each; one keeps its default
milestone rules (conversions, revenue, first/5/10/25 successful referrals), the other has them
all switched off. Each request records a new friend's first order through GraphQL, so it
creates a referral, a conversion, a reward, a ledger entry and audit rows; on the milestone
campaign it also counts and, now and then, reaches a milestone and writes its outbox row.
Detection takes a row lock on the campaign, so the ratio also shows what serialising the end
of each conversion per campaign costs under 32 concurrent callers. Every response is checked
(ConversionRecorded, not replayed). Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import tempfile
from pathlib import Path

import _harness as h

CONVERT = """
mutation($input: RecordConversionInput!) {
  recordConversion(input: $input) {
    __typename ... on ConversionRecorded { replayed } ... on UserError { code message }
  }
}"""
ADVOCATES = 40


def setup(url: str) -> dict[str, list[str]]:
    """Both campaigns, their advocates' codes; the plain one has its milestone rules off."""
    from server.accounts.viewer import ANONYMOUS
    from server.advocates import service as advocates
    from server.audit.service import CLI
    from server.campaigns import service as campaigns
    from server.campaigns.models import Campaign, CampaignStatus
    from server.campaigns.service import CampaignChanges
    from server.clock import SystemClock
    from server.demo import DEMO_RULES
    from server.milestones.models import MilestoneRule
    from server.rewards import service as rewards
    from server.rewards.rules import Policy

    async def work() -> dict[str, list[str]]:
        clock, codes = SystemClock(), {}
        for slug in ("bench-plain", "bench-milestones"):
            campaign = await Campaign.get_or_none(slug=slug)
            if campaign is None:
                campaign = await campaigns.create(
                    changes=CampaignChanges(
                        name=slug, slug=slug, landing_url="https://shop.example.com/"
                    ),
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
            if slug == "bench-plain":
                await MilestoneRule.filter(campaign_id=campaign.id).update(enabled=False)
            codes[slug] = [
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
        return codes

    codes = asyncio.run(h._with_db(url, work))
    assert isinstance(codes, dict)
    return codes


def milestones_reached(url: str) -> int:
    from server.milestones.models import Milestone

    async def work() -> int:
        return await Milestone.filter(campaign__slug="bench-milestones").count()

    count = asyncio.run(h._with_db(url, work))
    assert isinstance(count, int)
    return count


def payload(codes: list[str], run: str, i: int) -> bytes:
    """The GraphQL body of request `i` of a run: a new friend's first order (50.00 USD) through
    one of the referral codes in turn. `run` keeps friends and orders apart between runs."""
    variables = {
        "input": {
            "friend": {
                "referralCode": codes[i % len(codes)],
                "email": f"{run}-{i}@friends.example.org",
            },
            "externalOrderId": f"{run}-{i}",
            "amount": 5000,
            "currency": "USD",
            "idempotencyKey": f"bench-{run}-{i:08d}",
        }
    }
    return json.dumps({"query": CONVERT, "variables": variables}).encode()


def sender(codes: list[str], run: str) -> h.Send:
    numbers = itertools.count()  # warm-up and measured runs both restart their own index

    async def send(client: h.Client, _i: int) -> tuple[bool, str]:
        r = await client.request("POST", "/graphql", payload(codes, run, next(numbers)))
        if r.status != 200:
            return False, str(r.status)
        try:
            result = json.loads(r.body)["data"]["recordConversion"]
        except (ValueError, KeyError, TypeError):
            return False, "bad body"
        if result.get("replayed"):
            return False, "replayed"
        if result.get("__typename") != "ConversionRecorded":
            return False, f"{result.get('code')}: {str(result.get('message'))[:60]}"
        return True, "recorded"

    return send


def main() -> int:
    import secrets

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    h.add_load_arguments(parser, requests=600)
    args = parser.parse_args()
    plan = h.Plan.from_args(args)
    run = secrets.token_hex(3)  # fresh friends and orders on a reused --database-url

    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as logs:
        h.prepare(database.url)
        codes = setup(database.url)
        auth = {"Authorization": f"Bearer {h.staff_token(database.url)}"}
        before = milestones_reached(database.url)
        print(f"database: {database.url}")
        print(h.RATE_LIMITS_NOTE)
        print(plan.describe())
        env = h.vouch_env(database.url)
        with h.running("vouch", ["--factory", "server.asgi:create"], env, Path(logs)) as server:
            plain_send = sender(codes["bench-plain"], f"p{run}")
            _, plain = h.load("conversions, milestones off", server, plain_send, plan, auth)
            on_send = sender(codes["bench-milestones"], f"m{run}")
            _, on = h.load("conversions, milestones on", server, on_send, plan, auth)
            problems = server.log_problems()
        reached = milestones_reached(database.url) - before

        print()
        h.report(plain, "recorded")
        h.report(on, "recorded")
        print(f"milestones reached during the run: {reached}")
        h.ratio_line("ratio milestones/plain req/s", on.rps, plain.rps)
        h.ratio_line("ratio milestones/plain p50 latency", on.pct(50), plain.pct(50))
        h.ratio_line(
            "ratio milestones/plain server CPU per request", on.server_cpu_us, plain.server_cpu_us
        )
        h.client_note([plain, on], plan.client)
        if problems:
            print(f"\nserver log has {len(problems)} error-looking lines, first ones:")
            print("\n".join(problems[:10]))
        failed = (plain.sent - plain.ok) + (on.sent - on.ok)
        if failed:
            print(f"\nFAIL: {failed} requests did not record a conversion")
            return 1
        print("\nOK: every request recorded a new conversion")
        return 0


if __name__ == "__main__":
    h.run_main(main)
