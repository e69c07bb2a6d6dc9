"""Evaluate the fraud controls on a seeded, labelled corpus driven through the GraphQL API.

    .venv/bin/python bench/fraud_eval.py [--seed N] [--mix default|heldout|farm=2,...]
                                         [--cost] [--database-url URL] [--verbose]

A fresh migrated database (a temporary SQLite file unless --database-url) and the real app
in-process (Starlette over httpx's ASGI transport) with an injected clock that the script sets
to each event's time. Three live campaigns with their default fraud settings, ~90 advocates
enrolled with their own session, the operator's blocklist, then every signup and order of the
corpus in time order. Afterwards each referral's risk is read back through `referral(id)`.

A fraud referral counts as caught when it ended flagged (review queue), confirmed or rejected,
or when the API refused to record it. A legitimate one counts as a false flag on the same
terms. Prints recall per fraud class, the false-flag rate per legitimate class and overall;
exit status 1 below the goal (recall >= 95 %, false flags <= 2 %).

--cost runs the same corpus a second time on a fresh database with every fraud rule off and
prints the CPU time per signup and per order of both runs (process time of this process,
which runs client and server alike: the difference is what screening costs).

Tuning seed 7 with the default mix; held-out seed 9001 with --mix heldout (never tuned on).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _fraud_classes  # noqa: F401  (imports the corpus module too, before _harness runs)
import _fraud_classes2  # noqa: F401  (the classes added later, likewise)
import _fraud_corpus as corpus
import _harness  # noqa: F401  (drops bench/ from sys.path so graphql-core imports)
import httpx

GOAL_RECALL, GOAL_FALSE = 0.95, 0.02
RISKY = {"FLAGGED", "CONFIRMED_FRAUD"}
FIELDS = "risk { reviewStatus signals { rule } }"
BENCH_KEY = "bench-secret-key-that-is-long-enough-0000"
BENCH_PASSWORD = "tidal-lantern-9-orbit"  # noqa: S105 - a throwaway database

CREATE = """mutation($input: CreateCampaignInput!) { createCampaign(input: $input) {
  __typename ... on Campaign { id } ... on UserError { code message } } }"""
LAUNCH = """mutation($id: ID!) { launchCampaign(id: $id) { __typename } }"""
REWARDS = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on UserError { code message } } }"""
ENROLL = """mutation($input: EnrollAdvocateInput!) { enrollAdvocate(input: $input) {
  __typename ... on Enrollment { link { code advocate { id } } }
  ... on UserError { code message field } } }"""
BLOCK = """mutation($input: AddBlocklistEntryInput!) { addBlocklistEntry(input: $input) {
  __typename ... on UserError { code message } } }"""
FRAUD_RULES = """mutation($input: SetFraudRulesInput!) { setFraudRules(input: $input) {
  __typename ... on UserError { code message } } }"""
SIGNUP = """mutation($input: RecordSignupInput!) { recordSignup(input: $input) {
  __typename ... on Referral { id } ... on UserError { code message field } } }"""
CONVERT = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  __typename ... on ConversionRecorded { conversion { referral { id } } }
  ... on UserError { code message field } } }"""
INPUT_FIELDS = """query($name: String!) { __type(name: $name) { inputFields { name } } }"""
RULE_NAMES = """{ __type(name: "FraudRule") { enumValues { name } } }"""
REWARD_RULES = [
    {
        "key": "give",
        "recipient": "ADVOCATE",
        "trigger": "FIRST_PURCHASE",
        "kind": "CASH",
        "currency": "USD",
        "fixedAmount": 1000,
    },
]


Verdicts = tuple[dict[str, bool], dict[str, list[str]]]


@dataclass
class Run:
    outcome: dict[str, str] = field(default_factory=dict)  # corpus key -> referral id or ""
    errors: Counter[str] = field(default_factory=Counter)
    cpu: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


class Api:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"GraphQL failed: {response.status_code} {body}")
        data: dict[str, Any] = body["data"]
        return data

    async def fields(self, name: str) -> set[str]:
        found = (await self(INPUT_FIELDS, name=name))["__type"]
        return {f["name"] for f in found["inputFields"]}


def _session(p: corpus.Person, accepted: set[str], ip: str | None = None) -> dict[str, Any]:
    """The optional evidence a shop would send, as far as this server's API accepts it."""
    wanted = {
        "ipAddress": ip or p.ip,
        "userAgent": p.ua,
        "deviceId": p.device,
        "phone": p.phone,
        "address": p.address,
    }
    return {k: v for k, v in wanted.items() if k in accepted and v is not None}


async def drive(c: corpus.Corpus, api: Api, clock: Any, *, rules_off: bool) -> Run:
    run = Run()
    clock.set(corpus.START - corpus.timedelta(days=1))
    signup_fields = await api.fields("RecordSignupInput")
    convert_fields = await api.fields("RecordConversionInput")
    enroll_fields = await api.fields("EnrollAdvocateInput")
    campaigns = []
    for i in range(corpus.CAMPAIGNS):
        made = await api(
            CREATE,
            input={
                "name": f"Give 10 #{i}",
                "slug": f"give-{i}",
                "landingUrl": "https://shop.example.com/join",
            },
        )
        cid = made["createCampaign"]["id"]
        await api(REWARDS, input={"campaignId": cid, "rules": REWARD_RULES, "autoApproveMax": 5000})
        await api(LAUNCH, id=cid)
        if rules_off:
            names = (await api(RULE_NAMES))["__type"]["enumValues"]
            await api(
                FRAUD_RULES,
                input={
                    "campaignId": cid,
                    "rules": [{"rule": n["name"], "mode": "OFF"} for n in names],
                },
            )
        campaigns.append(cid)
    codes: dict[tuple[int, int], str] = {}
    advocate_ids: dict[int, str] = {}
    for camp, adv in c.enrolments:
        a = c.advocates[adv]
        data = {
            "campaignId": campaigns[camp],
            "email": a.email,
            "name": a.name,
            **_session(a, enroll_fields),
        }
        if "paymentFingerprint" in enroll_fields and a.card:
            data["paymentFingerprint"] = a.card
        done = (await api(ENROLL, input=data))["enrollAdvocate"]
        if done["__typename"] != "Enrollment":
            raise RuntimeError(f"enrolment failed: {done}")
        codes[camp, adv] = done["link"]["code"]
        advocate_ids[adv] = done["link"]["advocate"]["id"]
    blocks = [("EMAIL", e) for e in c.blocked_emails] + [("IP_HASH", ip) for ip in c.blocked_ips]
    blocks += [("ADVOCATE", advocate_ids[a]) for a in c.blocked_advocates]
    for kind, value in blocks:
        await api(BLOCK, input={"kind": kind, "value": value, "reason": "known abuser"})
    for n, ev in enumerate(c.events):
        clock.set(ev.at)
        friend = {"referralCode": codes[ev.campaign, ev.advocate], "email": ev.friend.email}
        if ev.kind == "signup":
            data = {"friend": friend, "name": ev.friend.name, **_session(ev.friend, signup_fields)}
            started = time.process_time()
            out = (await api(SIGNUP, input=data))["recordSignup"]
            run.cpu["signup"].append(time.process_time() - started)
            ok = out["__typename"] == "Referral"
            run.outcome[ev.key] = out["id"] if ok else ""
        else:
            if run.outcome.get(ev.key) == "":
                continue  # refused at signup: the shop would not report the order
            data = {
                "friend": friend,
                "externalOrderId": f"order-{n}",
                "amount": ev.amount,
                "currency": "USD",
                "idempotencyKey": f"order-key-{n:06d}",
                **_session(ev.friend, convert_fields, ev.order_ip),
            }
            if "paymentFingerprint" in convert_fields and ev.friend.card:
                data["paymentFingerprint"] = ev.friend.card
            started = time.process_time()
            out = (await api(CONVERT, input=data))["recordConversion"]
            run.cpu["convert"].append(time.process_time() - started)
            ok = out["__typename"] == "ConversionRecorded"
        if not ok:
            run.errors[f"{ev.kind}:{out.get('code')}:{ev.label}:{out.get('message')}"[:150]] += 1
    return run


async def verdicts(api: Api, ids: list[str]) -> tuple[dict[str, bool], dict[str, list[str]]]:
    """Referral id -> flagged, rejected or confirmed; and the rules that fired for it."""
    out: dict[str, bool] = {}
    fired: dict[str, list[str]] = {}
    for start in range(0, len(ids), 25):
        chunk = ids[start : start + 25]
        parts = [
            f'r{i}: referral(id: "{rid}") {{ id status {FIELDS} }}' for i, rid in enumerate(chunk)
        ]
        data = await api("{ " + " ".join(parts) + " }")
        for r in data.values():
            out[r["id"]] = r["status"] == "REJECTED" or r["risk"]["reviewStatus"] in RISKY
            fired[r["id"]] = [s["rule"] for s in r["risk"]["signals"]]
    return out, fired


async def evaluate_once(c: corpus.Corpus, url: str, *, rules_off: bool) -> tuple[Run, Verdicts]:
    from tortoise import Tortoise

    from server import db
    from server.accounts import service as accounts
    from server.accounts import sessions
    from server.accounts.models import Role
    from server.app import create_app
    from server.audit.service import CLI
    from server.clock import FrozenClock
    from server.settings import Settings

    settings = Settings(
        DATABASE_URL=url,
        VOUCH_ENV="test",
        VOUCH_RATE_LIMITS=False,
        VOUCH_SECRET_KEY=BENCH_KEY,
        VOUCH_PUBLIC_URL="https://vouch.example.com",
        VOUCH_SESSION_IDLE_MINUTES=60 * 24 * 365,
        VOUCH_SESSION_MAX_HOURS=24 * 365,
    )
    await db.migrate(settings)
    await Tortoise.close_connections()
    await Tortoise.init(config=db.tortoise_config(settings), _enable_global_fallback=True)
    try:
        clock = FrozenClock(corpus.START - corpus.timedelta(days=1))
        app = create_app(settings, clock=clock, manage_db=False, run_jobs=False)
        services = app.state.services
        await accounts.create_user(
            email="bench@example.com",
            name="Bench",
            role=Role.OWNER,
            password=BENCH_PASSWORD,
            passwords=services.passwords,
            actor=CLI,
            clock=clock,
        )
        login = await sessions.login(
            email="bench@example.com",
            password=BENCH_PASSWORD,
            passwords=services.passwords,
            policy=services.session_policy,
            actor=CLI,
            clock=clock,
        )
        transport = httpx.ASGITransport(app=app, client=("192.0.2.1", 4242))
        async with httpx.AsyncClient(
            transport=transport,
            base_url="https://vouch.example.com",
            headers={"authorization": f"Bearer {login.token}"},
        ) as hc:
            api = Api(hc)
            run = await drive(c, api, clock, rules_off=rules_off)
            ids = sorted({rid for rid in run.outcome.values() if rid})
            judged = await verdicts(api, ids)
    finally:
        await Tortoise.close_connections()
    return run, judged


def report(c: corpus.Corpus, run: Run, judged: Verdicts, verbose: bool) -> bool:
    flagged, fired = judged
    caught: dict[str, list[bool]] = defaultdict(list)
    why: dict[str, Counter[str]] = defaultdict(Counter)
    for key, (label, _fraud) in c.labels.items():
        rid = run.outcome.get(key)
        if rid is None:
            continue  # never reached (its signup was refused earlier under another key)
        hit = rid == "" or flagged.get(rid, False)
        caught[label].append(hit)
        if hit != _fraud:
            why[label].update(["+".join(sorted(fired.get(rid, []))) or "nothing"])
    print(f"{'class':<24}{'n':>5}  rate")
    fraud_hits = [x for label in corpus.FRAUD for x in caught[label]]
    legit_hits = [x for label in corpus.LEGIT for x in caught[label]]
    print("-- fraud: recall (caught / fraud referrals)")
    for label in corpus.FRAUD:
        hits = caught[label]
        print(f"{label:<24}{len(hits):>5}  {_pct(hits)}")
    print("-- legitimate: false-flag rate")
    for label in corpus.LEGIT:
        hits = caught[label]
        print(f"{label:<24}{len(hits):>5}  {_pct(hits)}")
    recall, false = _rate(fraud_hits), _rate(legit_hits)
    print(
        f"overall recall {recall:.1%} of {len(fraud_hits)} fraud referrals; "
        f"false flags {false:.1%} of {len(legit_hits)} legitimate ones"
    )
    if verbose:
        print("refusals:", dict(run.errors))
        for label, counts in why.items():
            print(f"  {label} {'missed' if c.labels_fraud(label) else 'flagged'}:", dict(counts))
    return recall >= GOAL_RECALL and false <= GOAL_FALSE


def _rate(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0


def _pct(hits: list[bool]) -> str:
    return f"{_rate(hits):6.1%}" if hits else "     -"


def _cpu_line(name: str, run: Run) -> str:
    def ms(xs: list[float]) -> str:
        return f"{1000 * sum(xs) / len(xs):6.2f} ms" if xs else "     -"

    return f"{name:<18} signup {ms(run.cpu['signup'])}  order {ms(run.cpu['convert'])}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", default="default")
    parser.add_argument("--cost", action="store_true", help="also run with every rule off")
    parser.add_argument("--database-url", help="a database to wipe and use (default: temp SQLite)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    c = corpus.generate(args.seed, corpus.parse_mix(args.mix))
    signups = sum(e.kind == "signup" for e in c.events)
    print(
        f"seed {args.seed}, mix {args.mix}: {signups} referrals, "
        f"{len(c.events) - signups} orders, {len(c.enrolments)} enrolments, "
        f"{sum(f for _, f in c.labels.values())} fraud"
    )
    with tempfile.TemporaryDirectory(prefix="vouch-fraud-eval-") as tmp:
        runs = {}
        for name, off in (("fraud rules on", False), ("fraud rules off", True)):
            if off and not args.cost:
                break
            url = args.database_url or f"sqlite://{Path(tmp) / f'eval-{int(off)}.db'}"
            if args.database_url:
                asyncio.run(_wipe(url))
            runs[name] = asyncio.run(evaluate_once(c, url, rules_off=off))
        run, judged = runs["fraud rules on"]
        good = report(c, run, judged, args.verbose)
        if args.cost:
            print("CPU per request (client + server, one process):")
            for name, (r, _) in runs.items():
                print("  " + _cpu_line(name, r))
            print(f"  machine load: {os.getloadavg()[0]:.1f} (1-min average)")
    print("goal met" if good else "goal NOT met", file=sys.stderr)
    return 0 if good else 1


async def _wipe(url: str) -> None:
    from tortoise import Tortoise

    from server import db
    from server.settings import Settings

    settings = Settings(
        DATABASE_URL=url,
        VOUCH_ENV="test",
        VOUCH_SECRET_KEY=BENCH_KEY,
    )
    if db.dialect_of(settings) == "postgres":
        await Tortoise.init(config=db.tortoise_config(settings))
        await db.connection().execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.close_connections()


if __name__ == "__main__":
    sys.exit(main())
