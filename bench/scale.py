"""Dashboards against the amount of data: stats, leaderboard and a 90-day timeseries of one
campaign at 1k, 100k and 1M events (clicks, referrals and conversions), p50/p99 of each. The
timeseries runs up to now (part of an hour at each end read from events), on whole hours
(rollup rows only) and on local days in UTC+05:30 (half an hour of events at each end), and
the stats over those local days too.

    .venv/bin/python bench/scale.py [--sizes 1000,100000,1000000] [--database-url URL]
    .venv/bin/python bench/scale.py --database-url postgres://USER:PASSWORD@HOST/DB  # + 10M

Events are generated and bulk-inserted 50,000 at a time (COPY on PostgreSQL, executemany in
one transaction per batch on SQLite) into the real, migrated schema, spread over 10 campaigns
(the measured one holds 10 %) and 180 days, then `rebuild.rebuild_campaign` fills the counters as
`vouch rollups rebuild` would (its time is printed too). Queries run in this process through
the analytics service, each --repeat times.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import statistics
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import _harness as h

CAMPAIGNS = 10
ADVOCATES = 20
DAYS = 180
BATCH = 50_000


async def _setup() -> dict[str, Any]:
    """Campaigns, advocates and one row of each event table to clone (every column filled)."""
    from server import db
    from server.advocates import service as advocates
    from server.audit.service import CLI
    from server.campaigns import service as campaigns
    from server.campaigns.models import CampaignStatus
    from server.campaigns.service import CampaignChanges
    from server.clock import FrozenClock
    from server.referrals import service as referrals
    from server.referrals.models import ReferralLink
    from server.referrals.service import FriendRef, Order

    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=DAYS)
    clock = FrozenClock(start)
    tag = secrets.token_hex(3)
    links: dict[int, list[int]] = {}
    for n in range(CAMPAIGNS):
        campaign = await campaigns.create(
            changes=CampaignChanges(
                name=f"scale {n}",
                slug=f"scale-{tag}-{n}",
                landing_url="https://shop.example.com/",
                objective_metric="conversions",
                objective_target=1000,
            ),
            default_currency="USD",
            actor=CLI,
            clock=clock,
        )
        await campaigns.transition(
            campaign_id=campaign.id, target=CampaignStatus.ACTIVE, actor=CLI, clock=clock
        )
        for i in range(ADVOCATES):
            await advocates.enroll(
                campaign_id=campaign.id,
                email=f"a{i}-{tag}-{n}@scale.example.com",
                name=None,
                external_id=None,
                vanity_code=None,
                actor=CLI,
                clock=clock,
            )
        links[campaign.id] = [
            int(x)
            for x in await ReferralLink.filter(campaign_id=campaign.id).values_list("id", flat=True)
        ]
    first = next(iter(links))
    link = await ReferralLink.get(id=links[first][0]).prefetch_related("campaign")
    click = await referrals.record_click(link=link, ip_hash="t" * 32, ua_hash="u" * 32, now=start)
    await referrals.record_signup(
        ref=FriendRef(visit_token=click.visit_token, email=f"tpl-{tag}@f.example"),
        name=None,
        occurred_at=None,
        actor=CLI,
        clock=clock,
    )
    done = await referrals.record_conversion(
        ref=FriendRef(campaign_id=first, email=f"tpl-{tag}@f.example"),
        order=Order(f"tpl-{tag}", 5000, "USD", None),
        idempotency_key=f"tpl-{tag}-000000",
        actor=CLI,
        clock=clock,
    )
    conn = db.connection()
    templates = {}
    for table, row_id in (
        ("click", None),
        ("referral", done.conversion.referral_id),
        ("conversion", done.conversion.id),
    ):
        where = f"visit_token = '{click.visit_token}'" if row_id is None else f"id = {row_id}"
        query = f"SELECT * FROM {table} WHERE {where}"  # noqa: S608 - our own fixed values
        templates[table] = (await conn.execute_query_dict(query))[0]
    return {"links": links, "templates": templates, "start": start, "measured": first, "tag": tag}


async def _bulk(table: str, template: dict[str, Any], rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows (template values where a row says nothing), BATCH at a time so 10M events
    never sit in memory: COPY on PostgreSQL, executemany in one transaction per batch on
    SQLite."""
    from tortoise.transactions import in_transaction

    from server import db

    columns = [c for c in template if c != "id"]
    postgres = db.dialect() == "postgres"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our own fixed names
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    batch: list[list[Any]] = []

    async def flush() -> None:
        if not batch:
            return
        if postgres:
            client: Any = db.connection()
            async with client.acquire_connection() as conn:
                await conn.copy_records_to_table(table, records=batch, columns=columns)
        else:
            async with in_transaction() as conn:
                await conn.execute_many(sql, batch)
        batch.clear()

    for r in rows:
        batch.append([r[c] if c in r else template[c] for c in columns])
        if len(batch) >= BATCH:
            await flush()
    await flush()


async def _max_id(table: str) -> int:
    from server import db

    found = await db.connection().execute_query_dict(
        f"SELECT COALESCE(MAX(id), 0) AS m FROM {table}"  # noqa: S608 - fixed name
    )
    return int(found[0]["m"])


async def _load(ctx: dict[str, Any], events: int, rng: random.Random, offset: int) -> None:
    """`events` more events: 80 % clicks, 12 % referrals, 8 % conversions (one per referral
    for two thirds of them); the measured campaign gets 10 % of each."""
    links, start, tag = ctx["links"], ctx["start"], ctx["tag"]
    ids = list(links)  # equally likely: the measured campaign gets 10 %

    def when() -> datetime:
        return start + timedelta(seconds=rng.randrange(DAYS * 86400))

    def campaign() -> int:
        return ids[rng.randrange(CAMPAIGNS)]

    def clicks() -> Iterator[dict[str, Any]]:
        for i in range(events * 80 // 100):
            cid = campaign()
            yield {
                "link_id": rng.choice(links[cid]),
                "campaign_id": cid,
                "occurred_at": when(),
                "ip_hash": f"{rng.getrandbits(64):032x}",
                "visit_token": f"s{tag}{offset + i:016d}",
            }

    def referrals() -> Iterator[dict[str, Any]]:
        for i in range(events * 12 // 100):
            cid = campaign()
            at = when()
            yield {
                "campaign_id": cid,
                "link_id": rng.choice(links[cid]),
                "click_id": None,
                "friend_email": f"f{tag}{offset + i}@scale.example",
                "created_at": at,
                "signed_up_at": at,
                "friend_external_id": None,
            }

    await _bulk("click", ctx["templates"]["click"], clicks())
    before = await _max_id("referral")
    await _bulk("referral", ctx["templates"]["referral"], referrals())
    from server import db

    fresh = await db.connection().execute_query_dict(
        "SELECT id, campaign_id, created_at FROM referral WHERE id > "  # noqa: S608 - ours
        + ("?" if db.dialect() == "sqlite" else "$1")
        + " ORDER BY id LIMIT "
        + str(events * 8 // 100),
        [before],
    )

    def conversions() -> Iterator[dict[str, Any]]:
        for i, r in enumerate(fresh):
            yield {
                "campaign_id": r["campaign_id"],
                "referral_id": r["id"],
                "external_order_id": f"o{tag}{offset + i}",
                "amount": rng.randrange(500, 20000),
                "occurred_at": r["created_at"],
                "idempotency_key": f"k{tag}{offset + i:016d}",
                "request_hash": "x",
                "created_at": r["created_at"],
            }

    await _bulk("conversion", ctx["templates"]["conversion"], conversions())


async def _analyze() -> None:
    """Planner statistics after a bulk load, as autovacuum would gather them a little later."""
    from server import db

    await db.connection().execute_script("ANALYZE")


async def _measure(cid: int, repeat: int) -> dict[str, list[float]]:
    from server.analytics import rules, service

    now = datetime.now(UTC)
    hours = now.replace(minute=0, second=0, microsecond=0)  # whole hours: rollup rows only
    # Local midnights in UTC+05:30: half an hour of events read at each end.
    offset = timedelta(hours=5, minutes=30)
    local = (now + offset).replace(hour=0, minute=0, second=0, microsecond=0) - offset
    day = rules.Interval.DAY
    calls = {
        "stats": lambda: service.stats([cid], None, None),
        "leaderboard": lambda: service.leaderboard(cid, 10, None),
        "timeseries 90d": lambda: service.timeseries(
            cid, "clicks", day, now - timedelta(days=90), now
        ),
        "timeseries 90d whole hours": lambda: service.timeseries(
            cid, "clicks", day, hours - timedelta(days=90), hours
        ),
        "timeseries 90d +05:30": lambda: service.timeseries(
            cid, "clicks", day, local - timedelta(days=90), local
        ),
        "stats 90d +05:30": lambda: service.stats([cid], local - timedelta(days=90), local),
    }
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for name, call in calls.items():
        await call()
        for _ in range(repeat):
            t = time.perf_counter()
            await call()
            timings[name].append((time.perf_counter() - t) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", help="default 1000,100000,1000000, and 10000000 on PostgreSQL (COPY)"
    )
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    postgres = (args.database_url or "").startswith("postgres")
    default = "1000,100000,1000000" + (",10000000" if postgres else "")
    sizes = [int(s) for s in (args.sizes or default).split(",")]

    with h.database(args.database_url) as database:
        h.prepare(database.url)
        print(f"database: {database.url}")

        async def work() -> list[tuple[int, float, float, dict[str, list[float]]]]:
            from tortoise.transactions import in_transaction

            from server.analytics import rebuild as rollups

            rng = random.Random(12)  # noqa: S311 - synthetic data
            ctx = await _setup()
            out, loaded = [], 0
            for size in sizes:
                t = time.perf_counter()
                await _load(ctx, size - loaded, rng, loaded)
                await _analyze()
                load_s = time.perf_counter() - t
                loaded = size
                t = time.perf_counter()
                for cid in ctx["links"]:  # this run's campaigns, as `vouch rollups rebuild` does
                    async with in_transaction() as conn:
                        await rollups.rebuild_campaign(conn, cid)
                await _analyze()
                rebuild_s = time.perf_counter() - t
                out.append((size, load_s, rebuild_s, await _measure(ctx["measured"], args.repeat)))
                _row(*out[-1])  # as each size completes: a long run shows its progress
            return out

        print(
            "\n| events | stats p50 / p99 | leaderboard p50 / p99 | 90-day timeseries p50 / p99 "
            "| the same on whole hours | the same, days in UTC+05:30 "
            "| 90-day stats, days in UTC+05:30 | bulk load | rollups rebuild |"
        )
        print("|---|---|---|---|---|---|---|---|---|", flush=True)
        results = asyncio.run(h._with_db(database.url, work))
        assert isinstance(results, list)
    return 0


def _row(size: int, load_s: float, rebuild_s: float, t: dict[str, list[float]]) -> None:
    cells = [
        f"{statistics.median(v):.2f} / {sorted(v)[max(int(len(v) * 0.99) - 1, 0)]:.2f} ms"
        for v in t.values()
    ]
    print(f"| {size:,} | {' | '.join(cells)} | {load_s:.1f} s | {rebuild_s:.1f} s |", flush=True)


if __name__ == "__main__":
    h.run_main(main)
