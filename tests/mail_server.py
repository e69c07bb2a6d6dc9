"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port) that keeps what it
receives and refuses recipients whose address starts with "bounce" (550)."""

from __future__ import annotations

import email
import email.policy
import socket
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?starttls=off"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.raw.append(bytes(envelope.original_content or envelope.content))
        return "250 Message accepted"

    def of_kind(self, subject_part: str) -> list[EmailMessage]:
        return [m for m in self.messages if subject_part in str(m["Subject"])]

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    @staticmethod
    def html(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("html",))
        assert part is not None
        return str(part.get_content())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _authenticator(login: bytes, password: bytes) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (login, password)
        # handled=False: aiosmtpd answers the failure itself (535); with the default (True) it
        # sends nothing after a refused AUTH PLAIN and the client waits for its timeout.
        return AuthResult(success=ok, handled=False)

    return check


@contextmanager
def smtp_server(login: tuple[str, str] | None = None) -> Iterator[Inbox]:
    """With `login`, the server refuses mail from clients that do not sign in with it."""
    inbox = Inbox(port=free_port())
    auth: dict[str, Any] = (
        {
            "auth_required": True,
            "auth_require_tls": False,
            "authenticator": _authenticator(login[0].encode(), login[1].encode()),
        }
        if login
        else {}
    )
    with warnings.catch_warnings():
        # A login without TLS is what the test wants (loopback only): aiosmtpd warns on every
        # connection, from its own thread, so the filter stays on while the server runs.
        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
        controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port, **auth)
        controller.start()
        try:
            yield inbox
        finally:
            controller.stop()
