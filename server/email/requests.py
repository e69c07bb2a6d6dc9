"""Join and sign-in-link requests from the hosted pages, kept durable: the request writes one
`JoinRequest` row of the same shape for every address (the address sealed, nothing looked up),
and the email worker does the work through the outbox lease — enrols (idempotent), then in one
transaction writes the magic link, its email (keyed by the request, so a replay after a crash
writes nothing twice), the audit entry and the row's settlement."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import DoesNotExist
from tortoise.transactions import in_transaction

from server.advocates import service as advocates
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns.models import Campaign
from server.clock import Clock
from server.email import events, rules
from server.email.models import EmailKind, JoinRequest, PortalSignIn
from server.errors import DomainError
from server.identity import canonical_email
from server.outbox import lease
from server.referrals.models import ReferralLink
from server.secretbox import SecretBox

log = logging.getLogger("vouch.email")
_PAD = 512


class _LeaseLost(Exception):
    """Another worker holds the row now: this attempt's transaction is rolled back."""


@dataclass(frozen=True, slots=True)
class Accepted:
    """A checked join or sign-in-link request: what the worker needs to complete it."""

    reason: str  # "join" or "request"
    campaign_id: int
    email: str
    name: str | None
    send: bool
    request_id: str | None = None
    ip_hash: str | None = None

    def seal(self, box: SecretBox) -> str:
        """Padded to a multiple of `_PAD` bytes: the row's size does not tell the address."""
        plain = json.dumps([self.email, self.name, self.send, self.request_id, self.ip_hash],
                           separators=(",", ":"))  # fmt: skip
        return box.seal(plain + " " * (-len(plain.encode()) % _PAD))

    @classmethod
    def open(cls, box: SecretBox, row: JoinRequest) -> Accepted:
        email, name, send, request_id, ip_hash = json.loads(box.open(row.sealed))
        return cls(row.reason, row.campaign_id, email, name, send, request_id, ip_hash)

    @property
    def actor(self) -> Actor:
        return Actor(request_id=self.request_id, ip_hash=self.ip_hash)


async def write(accepted: Accepted, *, box: SecretBox, now: datetime) -> None:
    """The request's only write, in its own transaction: one row, whatever the address."""
    await JoinRequest.create(
        reason=accepted.reason,
        campaign_id=accepted.campaign_id,
        sealed=accepted.seal(box),
        created_at=now,
        updated_at=now,
    )


async def run_once(*, box: SecretBox, clock: Clock) -> int:
    """Complete every due request; returns how many were attempted."""

    async def attempt(row: JoinRequest, token: str) -> None:
        await _attempt(row, token, box=box, clock=clock)

    return await lease.drain(
        JoinRequest,
        attempt,
        limit=rules.BATCH,
        lease_seconds=rules.LEASE_SECONDS,
        now=clock.now,
        max_attempts=rules.RETRY.max_attempts,
        given_up={"sealed": ""},  # the address is not kept
    )


async def _attempt(row: JoinRequest, token: str, *, box: SecretBox, clock: Clock) -> None:
    try:
        await complete(row, token, box=box, clock=clock)
    except _LeaseLost:
        log.info("join request %s was taken over by another worker", row.id)
    except (DomainError, DoesNotExist, ValueError) as exc:
        # The campaign closed or went meanwhile, the key changed: retrying will not help.
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        log.warning("%s %s not completed: %s", row.reason, row.id, message)
        await _fail(row, token, clock, message, give_up=True)
    except Exception as exc:
        log.exception("join request %s failed (attempt %s)", row.id, row.claims)
        await _fail(row, token, clock, f"{type(exc).__name__}: {exc}")


async def complete(row: JoinRequest, token: str, *, box: SecretBox, clock: Clock) -> None:
    """Enrol (a join; enrolling twice returns the same link) or find the enrolment (a
    request), then settle the row with the magic link, its email and the audit entry."""
    accepted = Accepted.open(box, row)
    now = clock.now()
    link: ReferralLink | None
    if accepted.reason == "join":
        campaign = await Campaign.get(id=accepted.campaign_id)
        done = await advocates.enroll(
            campaign_id=campaign.id,
            email=accepted.email,
            name=accepted.name,
            external_id=None,
            vanity_code=None,
            actor=accepted.actor,
            clock=clock,
            test_data=campaign.test_mode,
        )
        link = done.link
    else:
        link = (
            await ReferralLink.filter(
                campaign_id=accepted.campaign_id,
                advocate__email_key=canonical_email(accepted.email),
            )
            .order_by("id")
            .first()
        )
    async with in_transaction() as conn:
        if link is not None and (accepted.reason == "join" or accepted.send):
            await _sign_in_link(row, link, accepted, now=now, conn=conn)
        settled = await lease.settle(
            JoinRequest, row_id=row.id, lease_token=token, now=now, conn=conn, sealed=""
        )
        if not settled:
            raise _LeaseLost


async def _sign_in_link(
    row: JoinRequest, link: ReferralLink, accepted: Accepted, *, now: datetime,
    conn: BaseDBAsyncClient,
) -> None:  # fmt: skip
    """Audit the join or request and, with `send`, write a magic link and its email."""
    changes: dict[str, object] = {
        "reason": [None, accepted.reason],
        "emailed": [None, accepted.send],
    }
    if accepted.reason == "join":
        changes["consent"] = [None, True]  # kept in the audit trail with the join
    if accepted.send:
        sign_in = await PortalSignIn.create(
            link_id=link.id, created_at=now, expires_at=now + rules.SIGN_IN_TTL, using_db=conn
        )
        await events.enqueue(
            kind=EmailKind.SIGN_IN,
            key=rules.dedupe_key(EmailKind.SIGN_IN, "JoinRequest", row.id, link.advocate_id),
            campaign_id=link.campaign_id,
            advocate_id=link.advocate_id,
            link_id=link.id,
            data={"sign_in_id": sign_in.id},
            now=now,
            conn=conn,
        )
    await audit.record(
        actor=accepted.actor,
        action="advocate.join" if accepted.reason == "join" else "portal.sign_in_link",
        target=link,
        now=now,
        changes=changes,
        using=conn,
    )


async def _fail(
    row: JoinRequest, token: str, clock: Clock, error: str, *, give_up: bool = False
) -> None:
    now = clock.now()
    _, retry = await lease.fail(
        JoinRequest,
        row_id=row.id,
        lease_token=token,
        attempts=rules.RETRY.max_attempts if give_up else row.claims,
        error=error,
        policy=rules.RETRY,
        now=now,
    )
    if retry is None:  # given up: the address is not kept
        await JoinRequest.filter(id=row.id, next_attempt_at=None).update(sealed="")
