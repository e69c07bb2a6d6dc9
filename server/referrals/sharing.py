"""Pure share helpers for an advocate's link: intent URLs for each channel and a QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, urlencode

import segno


class ShareChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    X = "x"
    LINKEDIN = "linkedin"
    FACEBOOK = "facebook"


@dataclass(frozen=True, slots=True)
class ShareIntent:
    channel: ShareChannel
    label: str
    url: str


def _query(params: dict[str, str]) -> str:
    # %20 rather than '+': mail and SMS apps do not all read '+' as a space.
    return urlencode(params, quote_via=quote)


def share_intents(
    *, share_url: str, email_subject: str, email_body: str, social_message: str
) -> list[ShareIntent]:
    """One ready-to-open URL per channel; the messages already hold the link (or get it)."""
    social = social_message if share_url in social_message else f"{social_message} {share_url}"
    social = social.strip()
    body = email_body if share_url in email_body else f"{email_body}\n\n{share_url}".strip()
    c = ShareChannel
    return [
        ShareIntent(
            c.EMAIL, "Email", f"mailto:?{_query({'subject': email_subject, 'body': body})}"
        ),
        ShareIntent(c.SMS, "Text message", f"sms:?{_query({'body': social})}"),
        ShareIntent(c.WHATSAPP, "WhatsApp", f"https://wa.me/?{_query({'text': social})}"),
        ShareIntent(c.X, "X", f"https://x.com/intent/post?{_query({'text': social})}"),
        ShareIntent(
            c.LINKEDIN,
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query({'url': share_url})}",
        ),
        ShareIntent(
            c.FACEBOOK,
            "Facebook",
            f"https://www.facebook.com/sharer/sharer.php?{_query({'u': share_url})}",
        ),
    ]


def qr_svg(url: str) -> str:
    """The link as a scalable SVG QR code (dark on white, quiet zone kept)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", xmldecl=False, omitsize=True, border=4, light="#fff", dark="#000"
    )
    return out.getvalue().decode("ascii")
