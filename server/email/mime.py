"""An e-mail as MIME (the standard library's `EmailMessage`), built with header objects that
are parsed once per distinct value where values repeat, and folded once per policy."""

from __future__ import annotations

import email.policy
import random
import re
import sys
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage as MimeMessage
from email.policy import Policy
from email.utils import format_datetime
from functools import lru_cache
from typing import Any

from server.email import render
from server.email.models import EmailMessage
from server.settings import Settings


class _Header(BaseHeader):
    """A header remembers its folded form for the last policy it was folded with (a shared
    header object is folded once, not once per message)."""

    def fold(self, *, policy: Policy) -> str:
        last = self.__dict__.get("_folded")
        if last is not None and last[0] is policy:
            return str(last[1])
        folded = str(super().fold(policy=policy))
        self._folded = (policy, folded)
        return folded


# Headers whose values repeat from message to message (the MIME parts', the constant ones,
# subjects, recipients): each value is parsed once and its header object shared, as header
# objects are immutable (replacing a parameter makes a new one). Per-message values (Date,
# Message-ID, a part boundary) are parsed as they come.
_REPEATED = frozenset(
    {
        "auto-submitted",
        "content-transfer-encoding",
        "content-type",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "mime-version",
        "subject",
        "to",
        "x-vouch-test",
    }
)


class _Headers(HeaderRegistry):
    """The standard registry creates a new header class for every header it parses (a third of
    a message's build); one class per header name is enough."""

    def __init__(self) -> None:
        super().__init__(base_class=_Header)
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if isinstance(value, str) and name.lower() in _REPEATED and "boundary=" not in value:
            return _repeated(self, name, value)
        return self[name](name, value)


@lru_cache(maxsize=1024)
def _repeated(headers: _Headers, name: str, value: str) -> BaseHeader:
    return headers[name](name, value)


# Long header lines stay unfolded (RFC 5322 allows 998): List-Unsubscribe must be a plain
# <url>, which folding would turn into an encoded word.
MESSAGE_POLICY = email.policy.default.clone(max_line_length=998, header_factory=_Headers())


@lru_cache(maxsize=256)
def _sender(display: str, addr_spec: str) -> BaseHeader:
    """A campaign's From header, parsed once."""
    header = MESSAGE_POLICY.header_factory(
        "From", Address(display_name=display, addr_spec=addr_spec)
    )
    assert isinstance(header, BaseHeader)
    return header


_BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))


def _boundary(*bodies: str) -> str:
    """A part boundary as the generator makes one when the message has none (random, of the
    same form), checked against the bodies by substring instead of by a regular expression
    compiled for each message (a fifth of flattening one). A boundary found nowhere in the
    bodies is in no encoded part either (no "==" in quoted-printable, no "-" in base64)."""
    while True:
        # Random, as the standard library's (not a secret: only never inside a part).
        token = random.randrange(sys.maxsize)  # noqa: S311
        boundary = "=" * 15 + f"{token:0{_BOUNDARY_DIGITS}d}=="
        if not any("--" + boundary in body for body in bodies):
            return boundary


# Line breaks and other control characters (C0, DEL, C1, Unicode line and paragraph
# separators): a header value is one line of text, whatever a campaign or template holds.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` for a header: each run of line breaks or control characters one space."""
    return _NOT_ONE_LINE.sub(" ", text).strip()


def build(
    settings: Settings, row: EmailMessage, done: render.Rendered, ctx: dict[str, object]
) -> MimeMessage:
    message = MimeMessage(policy=MESSAGE_POLICY)
    brand = ctx["brand"]
    assert isinstance(brand, dict)
    campaign = ctx["campaign"]
    assert isinstance(campaign, dict)
    display = one_line(str(brand.get("sender_name") or campaign["name"]))[:80]
    sender = settings.mail_from
    message["From"] = _sender(display, sender)
    message["To"] = row.to_address
    message["Subject"] = one_line(done.subject)
    message["Date"] = format_datetime(row.created_at)
    # The same id on every attempt: a message sent again after a crash is one to receivers.
    host = sender.rpartition("@")[2] or "vouch.invalid"
    message["Message-ID"] = f"<{row.dedupe_key.replace(':', '.')}.{row.id}@{host}>"
    message["Auto-Submitted"] = "auto-generated"
    unsubscribe_link = ctx.get("unsubscribe_url")
    if unsubscribe_link:
        message["List-Unsubscribe"] = f"<{unsubscribe_link}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if row.test:
        message["X-Vouch-Test"] = "true"
    message.set_content(done.text)
    message.make_alternative(boundary=_boundary(done.text, done.html))
    message.add_alternative(done.html, subtype="html")
    return message
