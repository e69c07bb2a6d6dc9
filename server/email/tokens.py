"""Signed tokens (itsdangerous) for the join form, magic sign-in links and unsubscribe links.
Each purpose has its own key derived from VOUCH_SECRET_KEY; the time comes from the injected
clock, never from the signer."""

from __future__ import annotations

from datetime import UTC, datetime

from itsdangerous import BadSignature, TimestampSigner, URLSafeSerializer

from server.errors import InvalidInput
from server.settings import Settings, derived_key


class _ClockSigner(TimestampSigner):
    def __init__(self, key: bytes, salt: str, now: datetime) -> None:
        super().__init__(key, salt=salt)
        self._now = now

    def get_timestamp(self) -> int:
        return int(self._now.timestamp())


def _key(settings: Settings) -> bytes:
    return derived_key(settings, "advocate-email-tokens")


def form_token(settings: Settings, slug: str, now: datetime) -> str:
    """A join-form token for one campaign, stamped with the time the form was served."""
    return _ClockSigner(_key(settings), "join-form", now).sign(slug).decode()


def form_issued_at(settings: Settings, token: str, slug: str) -> datetime:
    """When a valid form token for `slug` was issued; InvalidInput for anything else."""
    signer = _ClockSigner(_key(settings), "join-form", datetime.now(UTC))
    try:
        value, stamp = signer.unsign(token, return_timestamp=True)
    except BadSignature:
        raise InvalidInput("The form is invalid; reload the page.", field="formToken") from None
    if value.decode() != slug:
        raise InvalidInput("The form is invalid; reload the page.", field="formToken")
    return stamp


def sign_in_token(settings: Settings, sign_in_id: int) -> str:
    return str(URLSafeSerializer(_key(settings), salt="portal-sign-in").dumps(sign_in_id))


def sign_in_id(settings: Settings, token: str) -> int | None:
    try:
        value = URLSafeSerializer(_key(settings), salt="portal-sign-in").loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_token(settings: Settings, link_id: int, nonce: str) -> str:
    """An unsubscribe link's token: its row id and random nonce, signed; no address."""
    serializer = URLSafeSerializer(_key(settings), salt="unsubscribe-link")
    return str(serializer.dumps(f"{link_id}.{nonce}"))


def unsubscribe_link(settings: Settings, token: str) -> tuple[int, str] | None:
    """The (row id, nonce) a valid unsubscribe token names, else None."""
    try:
        value = URLSafeSerializer(_key(settings), salt="unsubscribe-link").loads(token)
    except BadSignature:
        return None
    link_id, _, nonce = str(value).partition(".")
    return (int(link_id), nonce) if link_id.isdigit() and nonce else None


def legacy_unsubscribe_address(settings: Settings, token: str) -> str | None:
    """The canonical address signed into an unsubscribe link of an email sent before links
    became opaque (accepted while that address is still enrolled: server/email/service.py)."""
    try:
        value = URLSafeSerializer(_key(settings), salt="unsubscribe").loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
