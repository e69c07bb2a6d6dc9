"""Join and sign-in-link requests survive a crash: the answer only writes a join-request row,
and the email worker completes it exactly once — after a worker died holding it, after one
died half-way (enrolled, link not yet written), and when a stalled worker wakes up after
another took its row over. Each inbox still gets at most three sign-in links in ten
minutes (INBOX_LIMIT): the limit is decided with the answer and sealed into the row."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from server.advocates.models import Advocate
from server.audit.models import AuditEvent
from server.clock import FrozenClock
from server.email import requests, rules
from server.email.models import EmailKind, EmailMessage, JoinRequest, PortalSignIn
from server.email.sender import Deliverer, FileMailer, SmtpMailer
from server.outbox import lease
from server.outbox.lease import OutboxStatus
from server.secretbox import SecretBox
from tests.conftest import gql
from tests.factories import live_campaign
from tests.integration.test_email_join import REQUEST, form_token, join
from tests.mail_server import Inbox


class Crash(BaseException):
    """The process dies here: nothing after it runs, no handler catches it."""


def fresh_worker(app: Starlette, inbox: Inbox, tmp_path: Path) -> Deliverer:
    """A worker of a process started after the crash."""
    return Deliverer(
        settings=app.state.settings,
        mailer=SmtpMailer(inbox.url, timeout=10),
        test_mailer=FileMailer(tmp_path / "mail"),
    )


async def worker_dies_holding_the_row(clock: FrozenClock) -> lease.Leased[JoinRequest]:
    """A worker claims the one due request and dies holding it (its lease runs on)."""
    held = await lease.claim(JoinRequest, limit=5, lease_seconds=rules.LEASE_SECONDS,
                             now=clock.now(), max_attempts=rules.RETRY.max_attempts)  # fmt: skip
    assert len(held.rows) == 1
    return held


async def assert_one_join_delivered(inbox: Inbox) -> None:
    assert await Advocate.all().count() == 1
    assert await PortalSignIn.all().count() == 1
    assert sorted(m.kind for m in await EmailMessage.all()) == [
        EmailKind.SIGN_IN,
        EmailKind.WELCOME,
    ]
    assert len(inbox.of_kind("Welcome to Give 10")) == 1
    assert len(inbox.of_kind("sign-in link")) == 1
    assert await AuditEvent.filter(action="advocate.join").count() == 1
    assert await JoinRequest.filter(status=OutboxStatus.DELIVERED, sealed="").count() == 1


async def test_a_join_answered_before_a_crash_is_still_delivered_once(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    app: Starlette,
    clock: FrozenClock,
    inbox: Inbox,
    tmp_path: Path,
) -> None:
    await live_campaign(client)
    assert (await join(anonymous, clock, "ada@example.com"))["__typename"] == "JoinAccepted"
    # The process dies after answering: nothing but the request row was written.
    assert await Advocate.all().count() == 0 and await EmailMessage.all().count() == 0
    # A worker claims the row and dies holding it.
    held = await worker_dies_holding_the_row(clock)
    restarted = fresh_worker(app, inbox, tmp_path)
    assert await restarted.run_once(clock=clock) == 0  # the lease still runs
    clock.advance(timedelta(seconds=rules.LEASE_SECONDS + 1))
    assert await restarted.run_once(clock=clock) == 2
    await assert_one_join_delivered(inbox)
    # The stalled worker wakes up: its lease is gone, so its work is rolled back.
    with pytest.raises(requests._LeaseLost):
        await requests.complete(held.rows[0], held.lease_token,
                                box=SecretBox.from_settings(app.state.settings), clock=clock)  # fmt: skip
    assert await restarted.run_once(clock=clock) == 0
    await assert_one_join_delivered(inbox)


async def test_a_worker_dying_half_way_neither_enrols_nor_emails_twice(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    app: Starlette,
    clock: FrozenClock,
    inbox: Inbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await live_campaign(client)
    assert (await join(anonymous, clock, "ada@example.com"))["__typename"] == "JoinAccepted"
    real = requests._sign_in_link

    async def dies_before_commit(*args: object, **kwargs: object) -> None:
        await real(*args, **kwargs)  # type: ignore[arg-type]
        raise Crash

    monkeypatch.setattr(requests, "_sign_in_link", dies_before_commit)
    with pytest.raises(Crash):
        await fresh_worker(app, inbox, tmp_path).run_once(clock=clock)
    # Enrolled (its own transaction, with the welcome), but the link was rolled back.
    assert await Advocate.all().count() == 1 and await PortalSignIn.all().count() == 0
    monkeypatch.setattr(requests, "_sign_in_link", real)
    clock.advance(timedelta(seconds=rules.LEASE_SECONDS + 1))
    assert await fresh_worker(app, inbox, tmp_path).run_once(clock=clock) == 2
    await assert_one_join_delivered(inbox)
    assert await AuditEvent.filter(action="advocate.enroll").count() == 1


async def test_a_request_whose_every_lease_ran_out_is_given_up_and_forgets_the_address(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    app: Starlette,
    clock: FrozenClock,
    inbox: Inbox,
    tmp_path: Path,
) -> None:
    await live_campaign(client)
    assert (await join(anonymous, clock, "ada@example.com"))["__typename"] == "JoinAccepted"
    # A request that kills its worker every time: each attempt ends with the lease running out.
    for _ in range(rules.RETRY.max_attempts):
        await worker_dies_holding_the_row(clock)
        clock.advance(timedelta(seconds=rules.LEASE_SECONDS + 1))
    assert await fresh_worker(app, inbox, tmp_path).run_once(clock=clock) == 0
    row = await JoinRequest.get()
    assert (row.status, row.next_attempt_at, row.sealed) == (OutboxStatus.FAILED, None, "")
    assert row.last_error == lease.ABANDONED
    assert await Advocate.all().count() == 0 and await EmailMessage.all().count() == 0


async def test_an_inbox_gets_at_most_three_sign_in_links_in_ten_minutes(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    app: Starlette,
    clock: FrozenClock,
    inbox: Inbox,
    tmp_path: Path,
) -> None:
    await live_campaign(client)
    assert (await join(anonymous, clock, "ada@example.com"))["__typename"] == "JoinAccepted"
    answers = []
    for _ in range(3):
        token = await form_token(anonymous)
        clock.advance(timedelta(seconds=5))
        data = {"slug": "give-10", "email": "ada@example.com", "formToken": token}
        answers.append((await gql(anonymous, REQUEST, input=data))["requestPortalLink"])
    assert all(a["__typename"] == "JoinAccepted" for a in answers), answers
    worker = fresh_worker(app, inbox, tmp_path)
    await worker.run_once(clock=clock)
    assert len(inbox.of_kind("sign-in link")) == 3  # the join's and two asked for
    assert await PortalSignIn.all().count() == 3
