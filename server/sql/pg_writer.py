"""PostgreSQL: click batches on a connection of their own.

Through Tortoise a batch acquires a pooled connection, and each of its statements passes two
wrapper layers, the pool's proxy and Tortoise's exception translation; BEGIN and COMMIT go the
same way. Here a batch is BEGIN, its statements and COMMIT on one asyncpg connection kept for
click batches (asyncpg prepares each statement once per connection). Group commit writes one
batch at a time, so one connection is enough; the lock only guards against a second caller.

A batch the server refused (a statement's error) is rolled back and the connection kept. Any
other failure (the connection broke, the database went away, the batch was cancelled) leaves
the connection in an unknown state: it is terminated and the next batch opens a new one. A kept
connection the server ended while it sat idle (a restart, a failover, an idle-session timeout)
may not know it yet: its BEGIN fails before anything is sent, so the batch begins again once on
a new connection. Once the writer is closed (the app shuts down) batches go to Tortoise's pool.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from tortoise.transactions import in_transaction

from server.postgres_engine import VouchAsyncpgClient
from server.sql import Dialect, Executor, Statement, TortoiseExecutor, trace

# What Tortoise's `extra` (the URL's options, our reset hook) may hold that only a pool takes;
# the rest (ssl, timeouts, statement cache sizes) are connection options the pool passes on.
_POOL_ONLY = frozenset(
    {"min_size", "max_size", "max_queries", "max_inactive_connection_lifetime", "connect"}
    | {"setup", "init", "reset", "loop"}
)


async def own_connection(client: VouchAsyncpgClient, **settings: str) -> Any:
    """A plain asyncpg connection with the client's settings (and `settings`, server
    settings of this connection only), outside its pool."""
    options = {k: v for k, v in client.extra.items() if k not in _POOL_ONLY}
    return await asyncpg.connect(
        host=client.host,
        port=client.port,
        user=client.user,
        password=client.password,
        database=client.database,
        server_settings={**client.server_settings, **settings},
        **options,
    )


def ended(exc: BaseException) -> bool:
    """`exc` says the connection itself is gone (the server ended it, the socket closed, asyncpg
    has not caught up with either), not that a statement failed or ran out of time."""
    if isinstance(exc, TimeoutError):
        return False
    if isinstance(
        exc,
        asyncpg.PostgresConnectionError
        | asyncpg.InterfaceError
        | asyncpg.InternalClientError
        | OSError,
    ):
        return True
    sqlstate = getattr(exc, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith("57P")  # the server shut it down


class PostgresWriter:
    """Statements on the click connection, inside the transaction `batch` opens."""

    __slots__ = ("_client", "_closed", "_conn", "_lock")
    dialect: Dialect = "postgres"
    committed = False

    def __init__(self, client: VouchAsyncpgClient) -> None:
        self._client = client
        self._conn: Any = None
        self._lock = asyncio.Lock()
        self._closed = False

    async def rows(self, stmt: Statement, params: Sequence[Any]) -> list[dict[str, Any]]:
        trace.note(stmt.name)
        return [dict(r) for r in await self._conn.fetch(stmt.postgres, *params)]

    async def run(self, stmt: Statement, params: Sequence[Any]) -> int:
        trace.note(stmt.name)
        status: str = await self._conn.execute(stmt.postgres, *params)
        count = status.rsplit(" ", 1)[-1]
        return int(count) if count.isdigit() else 0

    async def run_many(self, stmt: Statement, params: Sequence[Sequence[Any]]) -> None:
        if params:
            trace.note(stmt.name)
            await self._conn.executemany(stmt.postgres, params)

    async def batch(self, write: Callable[[Executor], Awaitable[None]]) -> None:
        """One transaction, committed before it returns."""
        async with self._lock:
            if self._closed:
                async with in_transaction() as conn:
                    await write(TortoiseExecutor(conn))
                return
            conn = await self._begin()
            try:
                await write(self)
                await conn.execute("COMMIT")
            except asyncpg.PostgresError:
                await self._roll_back()
                raise
            except BaseException:
                self._drop()
                raise

    async def _begin(self) -> Any:
        """BEGIN on the kept connection, or on a new one when there is none, it is closed, or
        its server ended it while it was idle (nothing was sent on it)."""
        kept = self._conn is not None and not self._conn.is_closed()
        if not kept:
            self._conn = await own_connection(self._client)
        try:
            await self._conn.execute("BEGIN")
        except Exception as exc:
            self._drop()
            if not (kept and ended(exc)):
                raise
            self._conn = await own_connection(self._client)
            try:
                await self._conn.execute("BEGIN")
            except BaseException:
                self._drop()
                raise
        except BaseException:
            self._drop()
            raise
        return self._conn

    async def _roll_back(self) -> None:
        """After the server refused a statement: the batch's own error is the one raised."""
        try:
            await self._conn.execute("ROLLBACK")
        except Exception:
            self._drop()
        except BaseException:
            self._drop()
            raise

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.terminate()

    async def close(self) -> None:
        self._closed = True
        async with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                try:
                    await conn.close(timeout=2)
                except Exception:
                    conn.terminate()
