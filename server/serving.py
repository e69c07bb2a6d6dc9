"""How Vouch runs under uvicorn: a drain before shutting down, no `server` header, and logs
that never hold a raw client address. The app stores only keyed hashes of addresses (audit
rows, throttles); uvicorn's access log and its WebSocket lines would undo that, so a filter
replaces the address in every uvicorn record that starts with one (`'%s - "...'`) by the start
of the keyed hash the audit log stores for it."""

from __future__ import annotations

import asyncio
import logging
import signal
from types import FrameType
from typing import Any

import uvicorn

from server.referrals.rules import ip_hash

# uvicorn's loggers whose records begin with the client address (access lines and WebSocket
# accepted/rejected/closed lines).
ADDRESS_LOGGERS = ("uvicorn.access", "uvicorn.error")


class HashClientAddress(logging.Filter):
    def __init__(self, key: bytes) -> None:
        super().__init__()
        self.key = key

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            isinstance(record.msg, str)
            and record.msg.startswith('%s - "')
            and isinstance(record.args, tuple)
            and record.args
            and isinstance(record.args[0], str)
        ):
            host, _, _port = record.args[0].rpartition(":")
            hashed = f"ip:{ip_hash(self.key, host)[:12]}" if host else "-"
            record.args = (hashed, *record.args[1:])
        return True


def install_log_filters(key: bytes) -> None:
    """Idempotent: the newest app's key replaces an earlier filter (tests build many apps)."""
    for name in ADDRESS_LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, HashClientAddress)]:
            logger.removeFilter(old)
        logger.addFilter(HashClientAddress(key))


def uvicorn_options(log_level: str) -> dict[str, Any]:
    """Options for `uvicorn.run` / `uvicorn.Config`; the Procfile passes the same as flags
    (`--no-server-header`), and a test keeps the two in step. Proxy headers are applied by the
    app itself from FORWARDED_ALLOW_IPS (server/app.py), so uvicorn's own handling stays off."""
    return {"log_level": log_level, "proxy_headers": False, "server_header": False}


class Drain:
    """Whether this process is draining: told to stop, still serving, no longer ready."""

    def __init__(self) -> None:
        self.draining = False


DRAIN = Drain()


class DrainingServer(uvicorn.Server):
    """SIGTERM first makes /readyz answer 503 (`draining`) for `drain_seconds` while requests,
    new connections included, are still served, so a load balancer that polls readiness takes
    this process out before it stops listening; then uvicorn's own graceful shutdown. A second
    SIGTERM, or SIGINT (Ctrl-C), stops at once. 0 seconds: uvicorn's behaviour."""

    def __init__(self, config: uvicorn.Config, drain_seconds: float) -> None:
        super().__init__(config)
        self.drain_seconds = drain_seconds

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if sig != signal.SIGTERM or DRAIN.draining or self.drain_seconds <= 0:
            super().handle_exit(sig, frame)
            return
        DRAIN.draining = True
        logging.getLogger("vouch.serving").warning(
            "draining: /readyz answers 503 for %gs, then shutting down", self.drain_seconds
        )
        # A signal handler runs on the loop's thread between two steps: schedule, never wait.
        loop = asyncio.get_event_loop()
        loop.call_soon_threadsafe(
            loop.call_later, self.drain_seconds, super().handle_exit, sig, frame
        )
