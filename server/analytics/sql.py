"""Helpers for the few raw SQL aggregates that must run alike on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from server import db

_QMARK = re.compile(r"\?")


def placeholders(n: int) -> str:
    return ",".join("?" * n)


async def fetch(query: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Run a query written with '?' placeholders on whichever database is configured."""
    conn = db.connection()
    if db.dialect() == "postgres":
        counter = iter(range(1, len(params) + 1))
        query = _QMARK.sub(lambda _m: f"${next(counter)}", query)
    return list(await conn.execute_query_dict(query, list(params)))
