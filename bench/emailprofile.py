"""Where delivering one e-mail's CPU goes: `Deliverer.run_once` in-process under cProfile.

The demo seed leaves a few hundred e-mails pending (welcome, friend signed up, reward earned,
milestone ...). Each round sets every e-mail back to pending and drains them all into .eml
files (the development mailer), then prints CPU and statements per delivered e-mail.
`--out DIR` keeps the last round's files (and prints a digest of them, the random MIME
boundaries aside), so two commits can be compared byte for byte on the same database
(`--database-url`: the unsubscribe links made by the first run are reused by the next).

    .venv/bin/python bench/emailprofile.py [--database-url URL] [--rounds 5] [--no-profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import io
import os
import pstats
import re
import statistics
import tempfile
import time
from pathlib import Path

import _harness as h

# The MIME boundary is random on every build: left out of the digest.
BOUNDARY = re.compile(rb"=+\d+==")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--no-profile", action="store_true", help="only time the rounds")
    parser.add_argument("--out", help="write the last round's .eml files here")
    parser.add_argument("--save", help="also write the profile here (for pstats callers/callees)")
    args = parser.parse_args()
    with h.database(args.database_url) as database, tempfile.TemporaryDirectory() as tmp:
        h.prepare(database.url)
        os.environ.update(h.vouch_env(database.url))
        from tortoise import Tortoise

        from server import db
        from server.clock import SystemClock
        from server.email.models import EmailMessage
        from server.email.sender import FileMailer
        from server.jobs import email_deliverer
        from server.outbox.lease import OutboxStatus
        from server.settings import load_settings
        from server.sql import trace

        settings = load_settings()

        async def run() -> None:
            await Tortoise.init(config=db.tortoise_config(settings))
            try:
                deliverer = email_deliverer(settings)
                profile = cProfile.Profile()
                cpus: list[float] = []
                for n in range(args.rounds):
                    folder = Path(args.out if args.out and n == args.rounds - 1 else tmp) / "mail"
                    deliverer.mailer = deliverer.test_mailer = FileMailer(folder)
                    await EmailMessage.all().update(
                        status=OutboxStatus.PENDING,
                        claims=0,
                        lease_token=None,
                        lease_expires_at=None,
                        next_attempt_at=None,
                        outcome="",
                        message_id="",
                        sent_at=None,
                    )
                    cpu = time.process_time()
                    with trace.counting() as counted:
                        if not args.no_profile:
                            profile.enable()
                        made = await deliverer.run_once(clock=SystemClock())
                        profile.disable()
                    cpu = time.process_time() - cpu
                    per = cpu / max(made, 1) * 1e6
                    cpus.append(per)
                    statements = sum(counted.values()) / max(made, 1)
                    print(f"round {n}: {made} e-mails, {per:.0f} us CPU/e-mail, "
                          f"{statements:.1f} SQL/e-mail")  # fmt: skip
                print(f"median: {statistics.median(cpus):.0f} us CPU per delivered e-mail")
                print(f"statements, last round: {dict(sorted(counted.items()))}")
                if args.out:
                    digest = hashlib.sha256()
                    files = sorted((Path(args.out) / "mail").glob("*.eml"))
                    for path in files:
                        body = BOUNDARY.sub(b"=====boundary==", path.read_bytes())
                        digest.update(path.name.encode() + body)
                    print(
                        f"{len(files)} .eml files, sha256 {digest.hexdigest()} (boundaries aside)"
                    )
                if args.save and not args.no_profile:
                    profile.dump_stats(args.save)
                for order in () if args.no_profile else ("cumulative", "tottime"):
                    out = io.StringIO()
                    pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
                    print(out.getvalue())
            finally:
                await Tortoise.close_connections()

        asyncio.run(run())
    return 0


if __name__ == "__main__":
    h.run_main(main)
