"""Pure account rules: password policy."""

from __future__ import annotations

from server.errors import InvalidInput

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # argon2 hashes anything, but a megabyte password is an attack


def check_password(password: str, *, email: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Use at least {MIN_PASSWORD} characters.", field="password")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"Use at most {MAX_PASSWORD} characters.", field="password")
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered == email.lower() or (len(local) >= 4 and local in lowered):
        raise InvalidInput("The password must not contain the email address.", field="password")
