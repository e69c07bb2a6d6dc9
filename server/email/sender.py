"""The email delivery worker: claims due messages through the outbox lease
(server/outbox/lease.py), so any number of workers (each `serve` process, `vouch jobs
run-once`) can run it at once; renders them, sends over SMTP (aiosmtplib) or writes .eml files
(development, and every test-mode campaign's mail), retries with backoff, and suppresses an
address the receiving server refuses for good (5xx at RCPT)."""

from __future__ import annotations

import asyncio
import email.policy
import hashlib
import logging
import ssl
from dataclasses import dataclass
from email.message import EmailMessage as MimeMessage
from functools import cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib
from jinja2 import TemplateError
from tortoise.exceptions import DoesNotExist

from server import metrics
from server.clock import Clock
from server.email import batch, mime, render, requests, rules, suppression, unsubscribe
from server.email.models import EmailKind, EmailMessage, SuppressionReason
from server.outbox import lease
from server.secretbox import SecretBox
from server.settings import Settings

log = logging.getLogger("vouch.email")
SMTP_POLICY = email.policy.SMTP.clone(max_line_length=998)


@cache
def _tls() -> ssl.SSLContext:
    """aiosmtplib's default TLS context (the system's roots, certificates and host names
    checked), made once per process: it made one for every message, tens of milliseconds of
    CPU loading the roots."""
    return ssl.create_default_context(ssl.Purpose.SERVER_AUTH)


class Mailer(Protocol):
    async def send(self, message: MimeMessage) -> None: ...


@dataclass(frozen=True, slots=True)
class SmtpMailer:
    """VOUCH_SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered; ?starttls=required
    insists, ?starttls=off never), smtps://user:pass@host:465 (TLS from the start)."""

    url: str
    timeout: float = rules.SMTP_TIMEOUT_SECONDS

    def options(self) -> dict[str, Any]:
        parts = urlsplit(self.url)
        implicit = parts.scheme == "smtps"
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        starttls = query.get("starttls", "auto")
        return {
            "hostname": parts.hostname or "localhost",
            "port": parts.port or (465 if implicit else 587),
            "username": unquote(parts.username) if parts.username else None,
            "password": unquote(parts.password) if parts.password else None,
            "use_tls": implicit,
            "start_tls": None if implicit or starttls == "auto" else starttls == "required",
            "timeout": self.timeout,
            "tls_context": _tls(),
        }

    async def send(self, message: MimeMessage) -> None:
        # Flattened here, not by aiosmtplib (its 78-column policy would fold List-Unsubscribe
        # into an encoded word that mail clients do not read as a URL).
        await aiosmtplib.send(
            message.as_bytes(policy=SMTP_POLICY),
            sender=message["From"].addresses[0].addr_spec,
            recipients=[message["To"]],
            **self.options(),
        )


@dataclass(frozen=True, slots=True)
class FileMailer:
    """Development: each message becomes an .eml file in VOUCH_MAIL_DIR."""

    folder: Path

    async def send(self, message: MimeMessage) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: MimeMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:16]
        final = self.folder / f"{name}.eml"
        partial = final.with_suffix(".part")
        partial.write_bytes(bytes(message))
        partial.replace(final)


def mailer_from(settings: Settings) -> Mailer:
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url.get_secret_value())
    return FileMailer(Path(settings.mail_dir))


@dataclass
class Deliverer:
    settings: Settings
    mailer: Mailer
    # A test-mode campaign's mail never goes over SMTP: it is written here instead.
    test_mailer: Mailer

    async def run_once(self, *, clock: Clock) -> int:
        """Complete the join and sign-in-link requests waiting (server/email/requests.py),
        then deliver until nothing is due now; returns the delivery attempts made."""
        await requests.run_once(box=SecretBox.from_settings(self.settings), clock=clock)
        reads = batch.Reads()  # what the batch being delivered needs
        return await lease.drain(
            EmailMessage,
            lambda row, token: self.attempt(row, token, clock, reads),
            prepare=reads.load,
            limit=rules.BATCH,
            lease_seconds=rules.LEASE_SECONDS,
            now=clock.now,
            max_attempts=rules.RETRY.max_attempts,
        )

    async def attempt(
        self, row: EmailMessage, token: str, clock: Clock, reads: batch.Reads
    ) -> None:
        if not rules.may_send(row.kind, reads.suppressed.get(row.to_key)):
            await self._settle(row, token, clock, outcome="suppressed")
            return
        try:
            message = await self.compose(row, reads, await self._unsubscribe(row, reads, clock))
        except (TemplateError, DoesNotExist, ValueError) as exc:
            # A campaign template that fails on this message, its subject was deleted (a
            # rehearsal reset), or a value the email library refuses: it will not get better
            # by retrying, and it must not stop the messages after it.
            await self._fail(row, token, clock, f"cannot render: {exc}", give_up=True)
            return
        try:
            await (self.test_mailer if row.test else self.mailer).send(message)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            if codes and all(rules.is_hard_bounce(c) for c in codes):
                await self._bounce(row, token, clock, f"refused: {exc}")
                # Later messages of the batch to this address are not sent.
                reads.suppressed[row.to_key] = SuppressionReason.BOUNCED
                return
            await self._fail(row, token, clock, f"refused: {exc}")
            return
        except aiosmtplib.SMTPDataError as exc:
            # Refused for good after the recipient was accepted (e.g. the content): no point
            # retrying, and the address itself is fine.
            give_up = rules.is_hard_bounce(exc.code)
            await self._fail(row, token, clock, f"data refused: {exc}", give_up=give_up)
            return
        except (aiosmtplib.SMTPException, OSError) as exc:
            await self._fail(row, token, clock, f"{type(exc).__name__}: {exc}")
            return
        outcome = "file" if row.test or isinstance(self.mailer, FileMailer) else "smtp"
        await self._settle(row, token, clock, outcome=outcome, message_id=message["Message-ID"])

    async def _unsubscribe(self, row: EmailMessage, reads: batch.Reads, clock: Clock) -> str | None:
        """The unsubscribe URL of a message that has one (its link row made on first use)."""
        if row.kind is EmailKind.SIGN_IN or row.advocate_id not in reads.advocates:
            return None
        pair = (reads.campaign(row.campaign_id).id, row.advocate_id)
        found = reads.unsubscribe.get(pair)
        if found is None:
            found = await unsubscribe.link(campaign_id=pair[0], advocate_id=pair[1], clock=clock)
            reads.unsubscribe[pair] = found
        return unsubscribe.url(self.settings, found)

    async def compose(self, row: EmailMessage, reads: batch.Reads, link: str | None) -> MimeMessage:
        campaign = reads.campaign(row.campaign_id)
        advocate = reads.advocates.get(row.advocate_id) if row.advocate_id is not None else None
        data = dict(row.data)
        ctx = render.fill(
            settings=self.settings,
            kind=row.kind,
            campaign=campaign,
            advocate=advocate,
            data=data,
            unsubscribe_url=link,
            link_code=reads.codes.get((campaign.id, advocate.id)) if advocate else None,
            brand_values=render.brand(reads.brands.get(campaign.id)),
            reward=reads.reward(data),
            milestone=reads.milestone(data),
        )
        done = await render.rendered(row.kind, ctx, reads.templates.get((campaign.id, row.kind)))
        return mime.build(self.settings, row, done, ctx)

    async def _settle(
        self, row: EmailMessage, token: str, clock: Clock, *, outcome: str, message_id: str = ""
    ) -> None:
        now = clock.now()
        await lease.settle(
            EmailMessage,
            row_id=row.id,
            lease_token=token,
            now=now,
            outcome=outcome,
            message_id=str(message_id)[:200],
            sent_at=now,
        )
        metrics.EMAILS.labels(outcome=outcome, kind=row.kind.value).inc()

    async def _fail(
        self, row: EmailMessage, token: str, clock: Clock, error: str, *, give_up: bool = False
    ) -> None:
        log.warning("email %s failed (attempt %s): %s", row.id, row.claims, error)
        await lease.fail(
            EmailMessage,
            row_id=row.id,
            lease_token=token,
            attempts=rules.RETRY.max_attempts if give_up else row.claims,
            error=error,
            policy=rules.RETRY,
            now=clock.now(),
        )
        metrics.EMAILS.labels(outcome="failed", kind=row.kind.value).inc()

    async def _bounce(self, row: EmailMessage, token: str, clock: Clock, error: str) -> None:
        """A hard bounce: given up at once, and the address is suppressed."""
        log.warning("email %s bounced: %s", row.id, error)
        await lease.fail(
            EmailMessage,
            row_id=row.id,
            lease_token=token,
            attempts=rules.RETRY.max_attempts,
            error=error,
            policy=rules.RETRY,
            now=clock.now(),
        )
        await EmailMessage.filter(id=row.id).update(outcome="bounced")
        await suppression.suppress(
            address=row.to_address, reason=SuppressionReason.BOUNCED, detail=error, clock=clock
        )
        metrics.EMAILS.labels(outcome="bounced", kind=row.kind.value).inc()
