"""Secrets kept at rest (webhook signing secrets, provider signing secrets): encrypted with a
Fernet key derived from VOUCH_SECRET_KEY, so a database dump alone reveals none of them."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken

from server.settings import Settings, derived_key


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    @classmethod
    def from_settings(cls, settings: Settings) -> SecretBox:
        return cls(derived_key(settings, "secrets-at-rest"))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        """Raises ValueError when the value was sealed under another VOUCH_SECRET_KEY."""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise ValueError("sealed with a different VOUCH_SECRET_KEY") from None
