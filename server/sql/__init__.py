"""Prepared, parameterised SQL for the hot paths, written once per dialect where they differ.

Tortoise stays for the long tail, models and migrations; the requests that run thousands of
times a second (the redirect, authentication) and the counters kept in write transactions go
through `Statement`s: their text is fixed at import, so nothing is built per request, and the
drivers cache the prepared statement (asyncpg per connection, sqlite3 per connection).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

from tortoise.backends.asyncpg.client import TransactionWrapper as PgTransaction
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import IntegrityError, OperationalError

from server.sql import trace

if TYPE_CHECKING:
    from server.sqlite_engine import ImmediateTransactionWrapper, InlineConnection

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


def _inline_of(conn: BaseDBAsyncClient) -> InlineConnection | None:
    """The connection of a SQLite write transaction whose statements run on the event loop
    (`server.sqlite_engine.InlineConnection`), else None."""
    wrapper, inline = _inline_types()
    if isinstance(conn, wrapper):
        found = conn._connection
        if isinstance(found, inline) and found.inline:
            return found
    return None


@cache
def _inline_types() -> tuple[type[ImmediateTransactionWrapper], type[InlineConnection]]:
    """Imported on first use (once): server.sqlite_engine imports this package (through
    click_writer)."""
    from server.sqlite_engine import ImmediateTransactionWrapper, InlineConnection

    return ImmediateTransactionWrapper, InlineConnection


# Each statement's column names, when no two are alike (a sqlite3.Row looks a name up
# without regard to case, first match first): its rows' dicts are built from the names and the
# values in order, as `dict(row)` would build them, without a lookup per column. Statements
# whose text varies with their rows (multi-row VALUES, IN lists) make new keys: emptied when
# full, so it stays bounded.
_NAMES: dict[str, tuple[str, ...] | None] = {}
_NAMES_MAX = 4096


def _dicts(text: str, found: list[sqlite3.Row], cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    if not found:
        return []
    names = _NAMES.get(text)
    if names is None or len(names) != len(found[0]):
        if len(_NAMES) >= _NAMES_MAX:
            _NAMES.clear()
        names = tuple(d[0] for d in cursor.description)
        if len({n.lower() for n in names}) != len(names):
            _NAMES[text] = None
            return [dict(row) for row in found]
        _NAMES[text] = names
    return [dict(zip(names, row, strict=True)) for row in found]


class TortoiseExecutor:
    """Statements on a Tortoise client or transaction (its lock, its pool).

    Inside a SQLite write transaction that runs inline, a statement goes to the sqlite3
    connection itself, as Tortoise's client would send it through aiosqlite (same yield to the
    event loop first, same exceptions), without the layers in between (exception wrapper, the
    transaction's lock, its logging, aiosqlite's call): about a third of a statement's cost in
    Python on the conversion path. When the connection does not run inline at that moment (a
    call still on its thread) or another statement of the transaction holds its lock, the
    statement goes through Tortoise as before.

    Inside a PostgreSQL transaction, a statement goes to its asyncpg connection under the
    transaction's lock, with Tortoise's exception translation, as Tortoise's client would send
    it (same call, same row count), without its logging and wrappers."""

    __slots__ = ("committed", "conn", "dialect", "inline", "pg")

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.dialect: Dialect = dialect_of(conn)
        self.committed = not isinstance(conn, TransactionalDBClient)
        self.inline = _inline_of(conn) if self.dialect == "sqlite" and not self.committed else None
        self.pg = conn if isinstance(conn, PgTransaction) else None

    async def _inline(
        self, stmt: Statement, params: Sequence[Any], *, many: bool = False
    ) -> tuple[int, list[Any], sqlite3.Cursor] | None:
        """(changed or returned rows, rows, their cursor) run inline; None when it cannot run
        inline. `many`: `params` is a sequence of parameter rows (`executemany`)."""
        inline = self.inline
        if inline is None:
            return None
        await asyncio.sleep(0)  # as InlineConnection does before each statement
        if not inline._runs_inline() or self.conn._lock.locked():  # type: ignore[attr-defined]
            return None
        raw = inline._conn
        start = raw.total_changes
        try:
            if many:
                cursor = raw.executemany(stmt.sqlite, params)
                return raw.total_changes - start, [], cursor
            cursor = raw.execute(stmt.sqlite, params)
            found = cursor.fetchall()
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(exc) from exc
        except sqlite3.OperationalError as exc:
            raise OperationalError(exc) from exc
        return (raw.total_changes - start) or len(found), found, cursor

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        done = await self._inline(stmt, params)
        if done is not None:
            return _dicts(stmt.sqlite, done[1], done[2])
        if self.pg is not None:
            found = await self.pg._translate_exceptions(_pg_fetch, stmt.postgres, params)
            return [dict(row) for row in cast(list[Any], found)]
        token = trace.ours.set(True)
        try:
            return list(await self.conn.execute_query_dict(stmt.text(self.dialect), list(params)))
        finally:
            trace.ours.reset(token)

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        trace.note(stmt.name)
        done = await self._inline(stmt, params)
        if done is not None:
            return done[0]
        if self.pg is not None:
            return cast(int, await self.pg._translate_exceptions(_pg_run, stmt.postgres, params))
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
        if await self._inline(stmt, params, many=True) is not None:
            return
        if self.pg is not None:
            await self.pg._translate_exceptions(_pg_run_many, stmt.postgres, params)
            return
        token = trace.ours.set(True)
        try:
            await self.conn.execute_many(stmt.text(self.dialect), [list(p) for p in params])
        finally:
            trace.ours.reset(token)


async def _pg_fetch(client: PgTransaction, text: str, params: Sequence[Any]) -> list[Any]:
    """Tortoise's `execute_query_dict` in a transaction, its rows as asyncpg returns them."""
    async with client._lock:
        rows: list[Any] = await client._connection.fetch(text, *params)
    return rows


async def _pg_run_many(client: PgTransaction, text: str, params: Sequence[Sequence[Any]]) -> None:
    """Tortoise's `execute_many` in a transaction."""
    async with client._lock:
        await client._connection.executemany(text, params)


async def _pg_run(client: PgTransaction, text: str, params: Sequence[Any]) -> int:
    """Tortoise's `execute_query` in a transaction: its count (the status' second word for an
    UPDATE, DELETE or INSERT, as Tortoise reads it; else the rows returned)."""
    async with client._lock:
        if text.lstrip().upper().startswith(("UPDATE", "DELETE", "INSERT")):
            status = await client._connection.execute(text, *params)
            try:
                return int(status.split(" ")[1])
            except (AttributeError, IndexError, ValueError):
                return 0
        return len(await client._connection.fetch(text, *params))
