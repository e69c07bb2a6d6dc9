"""Statement counting by tracing, so hot paths cannot creep back to dozens of queries.

Two sources are counted: every statement Tortoise sends (it logs each one on
`tortoise.db_client` at DEBUG before running it) and every `Statement` of `server.sql`.
Transaction control (BEGIN, COMMIT) is not counted on either side.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_active: list[Counter[str]] = []
# Set while a `server.sql` Statement runs on a Tortoise connection: already counted by name.
ours: ContextVar[bool] = ContextVar("vouch_sql_statement", default=False)


def note(name: str) -> None:
    for counter in _active:
        counter[name] += 1


class _TortoiseHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if ours.get():
            return
        text = str(record.msg) if not record.args else record.getMessage()
        first = text.strip().split(None, 1)[0].upper() if text.strip() else ""
        if first in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}:
            return
        note("tortoise:" + first.lower())


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count statements run in this process while the block runs (per statement name)."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _TortoiseHandler(logging.DEBUG)
    old_level, old_disabled = logger.level, logger.disabled
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.disabled = False
    counter: Counter[str] = Counter()
    _active.append(counter)
    try:
        yield counter
    finally:
        _active.remove(counter)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.disabled = old_disabled
