"""VOUCH_SMTP_URL as aiosmtplib options: schemes, ports, STARTTLS choice, credentials."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from server.email.sender import SmtpMailer


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mail.example.com",
            {
                "hostname": "mail.example.com",
                "port": 587,
                "use_tls": False,
                "start_tls": None,
                "username": None,
                "password": None,
            },
        ),
        (
            "smtp://u:p%40ss@mail.example.com:2525?starttls=required",
            {"port": 2525, "start_tls": True, "username": "u", "password": "p@ss"},
        ),
        ("smtp://127.0.0.1:1025?starttls=off", {"port": 1025, "start_tls": False}),
        (
            "smtps://me%40example.com:secret@smtp.example.com",
            {
                "port": 465,
                "use_tls": True,
                "start_tls": None,
                "username": "me@example.com",
                "password": "secret",
            },
        ),
    ],
)
def test_smtp_url_options(url: str, expected: dict[str, Any]) -> None:
    options = SmtpMailer(url).options()
    assert {k: options[k] for k in expected} == expected


def test_one_tls_context_that_checks_certificates_and_host_names() -> None:
    first = SmtpMailer("smtps://mail.example.com").options()["tls_context"]
    assert first is SmtpMailer("smtp://other.example.com").options()["tls_context"]
    assert first.verify_mode is ssl.CERT_REQUIRED
    assert first.check_hostname
