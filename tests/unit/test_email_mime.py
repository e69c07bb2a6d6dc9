"""An e-mail built with shared, pre-parsed header objects is byte for byte the message the
standard library builds from scratch, whatever the headers hold and however often they repeat."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage as MimeMessage
from email.utils import format_datetime
from types import SimpleNamespace
from typing import Any, cast

import pytest

from server.email import mime
from server.email.render import Rendered
from server.email.sender import SMTP_POLICY

PLAIN = email.policy.default.clone(max_line_length=998)
LONG_URL = "https://vouch.example.com/unsubscribe/" + "x" * 200


def _reference(row: Any, done: Rendered, display: str, unsubscribe: str | None) -> MimeMessage:
    """The message as the standard library builds it, with nothing shared or cached."""
    message = MimeMessage(policy=PLAIN)
    message["From"] = Address(display_name=display, addr_spec="vouch@example.com")
    message["To"] = row.to_address
    message["Subject"] = done.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = f"<{row.dedupe_key.replace(':', '.')}.{row.id}@example.com>"
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if row.test:
        message["X-Vouch-Test"] = "true"
    message.set_content(done.text)
    message.add_alternative(done.html, subtype="html")
    return message


CASES = [
    ("Ada Lovelace", "ada@example.com", "You earned $10.00", "Hi Ada,\n", "<p>Hi</p>\n", None),
    ("Ünïcode Shop", "zoë@example.com", "Tu as gagné 10,00 €", "Grüße\n", "<p>é</p>\n", LONG_URL),
    ("Shop, Inc.", "b@example.com", "S" * 300, "line\n" * 3 + "y" * 1200 + "\n", "<b>x</b>", None),
    ("Ada Lovelace", "ada@example.com", "You earned $10.00", "--===============1==\n", "", None),
]


@pytest.mark.parametrize("test_mode", [False, True])
@pytest.mark.parametrize(("display", "to", "subject", "text", "html", "unsubscribe"), CASES)
def test_built_message_is_the_standard_librarys_byte_for_byte(
    display: str, to: str, subject: str, text: str, html: str, unsubscribe: str | None,
    test_mode: bool,
) -> None:  # fmt: skip
    settings = cast(Any, SimpleNamespace(mail_from="vouch@example.com"))
    done = Rendered(subject=subject, text=text, html=html)
    ctx: dict[str, object] = {
        "brand": {"sender_name": display},
        "campaign": {"name": "ignored"},
        "unsubscribe_url": unsubscribe,
    }
    for n in range(3):  # the second and third builds reuse the first one's header objects
        row = cast(Any, SimpleNamespace(
            id=40 + n, to_address=to, dedupe_key=f"reward_earned:Reward:{n}:a7", test=test_mode,
            created_at=datetime(2026, 11, 15, 15, 51, 8, tzinfo=UTC),
        ))  # fmt: skip
        built = mime.build(settings, row, done, ctx)
        expected = _reference(row, done, display, unsubscribe)
        expected.set_boundary(str(built.get_boundary()))
        assert bytes(built) == bytes(expected)
        assert built.as_bytes(policy=SMTP_POLICY) == expected.as_bytes(policy=SMTP_POLICY)
        assert f"--{built.get_boundary()}" not in text + html
