"""Where delivering one e-mail's CPU goes: `Deliverer.run_once` in-process under cProfile.

The demo seed leaves a few hundred e-mails pending (welcome, friend signed up, reward earned,
milestone ...). Each round sets every e-mail back to pending and drains them all into .eml
files (the development mailer), then prints CPU and statements per delivered e-mail.
`--out DIR` keeps the last round's files (and prints a digest of them, the random MIME
boundaries aside), so two commits can be compared byte for byte on the same database
(`--database-url`: the unsubscribe links made by the first run are reused by the next).
`--custom` gives every campaign its own templates (the defaults' words), which render in the
render process (server/email/isolated.py) instead of in this one.

    .venv/bin/python bench/emailprofile.py [--database-url URL] [--rounds 5] [--no-profile]
        [--custom]
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
from datetime import UTC, datetime
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
    parser.add_argument(
        "--custom",
        action="store_true",
        help="give every campaign its own templates (the defaults' text), rendered out of process",
    )
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
                if args.custom:
                    await _custom_templates()
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
                    renders = _render_process_cpu()
                    with trace.counting() as counted:
                        if not args.no_profile:
                            profile.enable()
                        made = await deliverer.run_once(clock=SystemClock())
                        profile.disable()
                    cpu = time.process_time() - cpu + _render_process_cpu(renders)
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


def _render_process_cpu(since: float = 0.0) -> float:
    """CPU seconds of this process's template render process (server/email/isolated.py)
    since `since`; 0 when there is none."""
    import os

    from server.email import isolated

    proc = isolated._process._proc
    if proc is None or proc.poll() is not None:
        return 0.0
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") - since


async def _custom_templates() -> None:
    """Every campaign's own template for every kind: the default's words, so the output is
    the same and only where it renders (the render process) differs."""
    from server.campaigns.models import Campaign
    from server.email import render, sandbox
    from server.email.models import EmailKind, EmailTemplate

    now = datetime.now(UTC)
    for campaign_id in await Campaign.all().values_list("id", flat=True):
        for kind in EmailKind:
            await EmailTemplate.update_or_create(
                campaign_id=campaign_id,
                kind=kind,
                defaults={
                    "subject": render.SUBJECTS[kind],
                    "text": (sandbox.TEMPLATES / f"{kind.value}.txt").read_text(),
                    "html": (sandbox.TEMPLATES / f"{kind.value}.html").read_text(),
                    "updated_at": now,
                },
            )


if __name__ == "__main__":
    h.run_main(main)
