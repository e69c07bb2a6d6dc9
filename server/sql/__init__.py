"""Prepared, parameterised SQL for the hot paths, written once per dialect where they differ.

Tortoise stays for the long tail, models and migrations; the requests that run thousands of
times a second (the redirect, authentication) and the counters kept in write transactions go
through `Statement`s: their text is fixed at import, so nothing is built per request, and the
drivers cache the prepared statement (asyncpg per connection, sqlite3 per connection).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient

from server.sql import trace

Dialect = Literal["sqlite", "postgres"]
_QMARK = re.compile(r"\?")


def _numbered(text: str) -> str:
    counter = iter(range(1, 1000))
    return _QMARK.sub(lambda _m: f"${next(counter)}", text)


@dataclass(frozen=True, slots=True)
class Statement:
    """One named statement: '?' placeholders; PostgreSQL's text is derived once, or given."""

    name: str
    sqlite: str
    postgres: str

    @classmethod
    def of(cls, name: str, text: str, *, postgres: str | None = None) -> Statement:
        return cls(name, text, _numbered(postgres if postgres is not None else text))

    def text(self, dialect: Dialect) -> str:
        return self.sqlite if dialect == "sqlite" else self.postgres


class Executor(Protocol):
    """Where statements run: a Tortoise connection (or transaction) or our own SQLite one."""

    dialect: Dialect
    # True when it reads committed data only (not inside a transaction): what it reads may be
    # cached beyond the request.
    committed: bool

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]: ...

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int: ...

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None: ...


def dialect_of(conn: BaseDBAsyncClient) -> Dialect:
    return "sqlite" if conn.capabilities.dialect == "sqlite" else "postgres"


class TortoiseExecutor:
    """Statements on a Tortoise client or transaction (its lock, its pool)."""

    __slots__ = ("committed", "conn", "dialect")

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.dialect: Dialect = dialect_of(conn)
        self.committed = not isinstance(conn, TransactionalDBClient)

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        token = trace.ours.set(True)
        try:
            return list(await self.conn.execute_query_dict(stmt.text(self.dialect), list(params)))
        finally:
            trace.ours.reset(token)

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        trace.note(stmt.name)
        token = trace.ours.set(True)
        try:
            count, _rows = await self.conn.execute_query(stmt.text(self.dialect), list(params))
        finally:
            trace.ours.reset(token)
        return int(count)

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        if not params:
            return
        trace.note(stmt.name)
        token = trace.ours.set(True)
        try:
            await self.conn.execute_many(stmt.text(self.dialect), [list(p) for p in params])
        finally:
            trace.ours.reset(token)
