"""Expected failures with stable machine-readable codes, shared by every domain."""

from __future__ import annotations

from enum import StrEnum

MAX_ID = 2**31 - 1  # primary keys are 32-bit integers


class ErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_INPUT = "INVALID_INPUT"
    CONFLICT = "CONFLICT"
    INVALID_STATE = "INVALID_STATE"
    FORBIDDEN = "FORBIDDEN"
    RATE_LIMITED = "RATE_LIMITED"
    # Lost a race with a concurrent request; nothing was written: send the same request again.
    TRANSIENT = "TRANSIENT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    # A magic sign-in link that is forged or unknown, past its time, or already used.
    INVALID_TOKEN = "INVALID_TOKEN"  # noqa: S105 - an error code
    EXPIRED = "EXPIRED"
    ALREADY_USED = "ALREADY_USED"


class DomainError(Exception):
    """A failure the caller can act on; the API turns it into a typed error."""

    code: ErrorCode = ErrorCode.INVALID_INPUT

    def __init__(
        self, message: str, *, field: str | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.retry_after = retry_after


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class InvalidInput(DomainError):
    code = ErrorCode.INVALID_INPUT


class Conflict(DomainError):
    code = ErrorCode.CONFLICT


class InvalidState(DomainError):
    code = ErrorCode.INVALID_STATE


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class Unauthenticated(DomainError):
    code = ErrorCode.UNAUTHENTICATED


class RateLimited(DomainError):
    """Too many attempts; `retry_after` says how many seconds to wait."""

    code = ErrorCode.RATE_LIMITED


class Transient(DomainError):
    """A concurrent request won a race this one could not settle in its retries; retrying the
    same request (same idempotency key) is safe and expected to succeed."""

    code = ErrorCode.TRANSIENT

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field, retry_after=1)


class ServiceUnavailable(DomainError):
    """A dependency (the database, the rate-limit storage) is down or busy: retry later."""

    code = ErrorCode.SERVICE_UNAVAILABLE


class LinkRefused(DomainError):
    """A magic sign-in link that cannot be exchanged; `code` says why."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message, field="token")
        self.code = code
