"""Fixtures of the e-mail tests: an SMTP server on 127.0.0.1 (tests/mail_server.py) and the
e-mail worker sending to it (test-mode messages go to files). The webhook tests define their own
`deliverer` (the webhook worker), which takes precedence in their modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from server.email.sender import Deliverer, FileMailer, SmtpMailer
from tests.mail_server import Inbox, smtp_server


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def deliverer(app: Starlette, inbox: Inbox, tmp_path: Path) -> Deliverer:
    return Deliverer(
        settings=app.state.settings,
        mailer=SmtpMailer(inbox.url, timeout=10),
        test_mailer=FileMailer(tmp_path / "mail"),
    )
