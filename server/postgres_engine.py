"""Tortoise's asyncpg backend, with what the hot paths need beside it.

- Its pool releases a connection whose last use ended normally without asyncpg's default reset
  query (`RESET ALL; UNLISTEN *; CLOSE ALL; pg_advisory_unlock_all()`), one more round trip
  per statement run outside a transaction. Such a connection carries no session state to
  reset: Vouch never SETs, LISTENs or takes session-level advisory locks on pooled connections
  (the LISTEN connection and the leader's lock have connections of their own; idempotency
  locks are transaction-scoped), and asyncpg still rolls back an open transaction and drops
  listeners on every release.
- A connection whose use ended by an exception (a failed statement, or a request cancelled by
  its time limit) gets the full reset. Cancelled after asyncpg's prepare returned and before
  its Bind, the server still holds the statement's table locks and waits for the rest of the
  extended-protocol exchange; the reset's simple query ends that, and the locks go.
- Connections of our own (server/sql/connections.py: the committed-read connections), closed
  with it. Used through Tortoise's `engine` setting (server.db).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from asyncpg.connection import Connection  # type: ignore[import-untyped]
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import (
    PoolConnectionWrapper,
    TransactionContext,
    TransactionContextPooled,
)
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError

# Called when a statement that may have changed a referral link or a campaign is committed
# (or ended outside a transaction) on a pooled connection: the redirect's link cache
# (server/sql/notified.py) forgets at once, so this process's next redirect sees the change.
LINK_WRITES: list[Callable[[], None]] = []


# A statement that writes the tables (quoted or not) as its target: not `campaign_id`,
# `campaign_day` and the like, which most of a conversion's statements name, nor a write to
# another table that reads them (an e-mail enqueued with its campaign's fields).
_LINK_TABLES = re.compile(r"\b(?:referral_link|campaign)\b")
_LINK_TARGET = re.compile(
    r"\b(?:update|into|delete\s+from|alter\s+table)\s+(?:only\s+)?\"?(?:referral_link|campaign)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)  # statements repeat (parameters are sent apart): one search each
def _may_change_links(query: str) -> bool:
    if "campaign" not in query and "referral_link" not in query:
        return False
    if query.lstrip()[:8].upper() == "TRUNCATE":
        return _LINK_TABLES.search(query) is not None
    return _LINK_TARGET.search(query) is not None


class VouchConnection(Connection):  # type: ignore[misc]
    """asyncpg's connection, marked when a use of it ended by an exception, and when it ran a
    statement that may change a link or a campaign, until that is committed or rolled back
    (asyncpg's and Tortoise's COMMIT and ROLLBACK go through `execute`)."""

    __slots__ = ("interrupted", "link_write")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interrupted = False
        self.link_write = False

    def _ran(self, query: str) -> None:
        if not self.link_write and _may_change_links(query):
            self.link_write = True
        if self.link_write and not self.is_in_transaction():
            self.link_write = False
            for hook in LINK_WRITES:
                hook()

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().execute(query, *args, **kwargs)
        finally:
            self._ran(query)

    async def executemany(self, command: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().executemany(command, *args, **kwargs)
        finally:
            self._ran(command)

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().fetch(query, *args, **kwargs)
        finally:
            self._ran(query)

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().fetchrow(query, *args, **kwargs)
        finally:
            self._ran(query)

    def mark_interrupted(self) -> None:
        """Reached through the pool's proxy, which forwards what it does not define."""
        self.interrupted = True


async def _reset_if_interrupted(conn: VouchConnection) -> None:
    """The pool's reset hook: asyncpg's full reset only after a use ended by an exception."""
    if conn.interrupted:
        conn.interrupted = False
        await conn.reset()


class _Borrowed(PoolConnectionWrapper[Any]):
    """A statement's pooled connection outside a transaction."""

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        if exc_type is not None and self.connection is not None:
            self.connection.mark_interrupted()
        await super().__aexit__(exc_type, exc_val, exc_tb)


class _Transaction(TransactionContextPooled):
    """A transaction's pooled connection: marked when the block ends by an exception, given
    back (not leaked) when BEGIN itself is interrupted, and the task's connection override
    undone before the connection is given back: Tortoise's exit undoes it after the release,
    so a release that raises (cancelled at a time limit) left the task pointing at a released
    connection, and every later statement of that task (a job loop's next round) failed."""

    async def __aenter__(self) -> Any:
        await self.ensure_connection()
        pool = self.client._parent._pool
        self.client._connection = await pool.acquire()
        self.token = get_connections().set(self.connection_name, self.client)
        try:
            await self.client.begin()
        except BaseException:
            get_connections().reset(self.token)
            self.client._connection.mark_interrupted()
            await pool.release(self.client._connection)
            raise
        return self.client

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        client = self.client
        if exc_type is not None:
            client._connection.mark_interrupted()
        try:
            if not client._finalized:
                if exc_type is None:
                    await client.commit()
                elif exc_type is not TransactionManagementError:  # a failed one cannot
                    await client.rollback()
        finally:
            get_connections().reset(self.token)
            if client._parent._pool:
                await client._parent._pool.release(client._connection)


class VouchAsyncpgClient(AsyncpgDBClient):
    connection_class = VouchConnection

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.extra.setdefault("reset", _reset_if_interrupted)
        self.extras: dict[str, Any] = {}

    async def create_pool(self, **kwargs: Any) -> Any:
        """The URL's libpq options and server settings (server/db.py) go to asyncpg as a URL."""
        import asyncpg  # type: ignore[import-untyped]

        return await asyncpg.create_pool(kwargs.pop("dsn", None), **kwargs)

    def acquire_connection(self) -> Any:
        return _Borrowed(self, self._pool_init_lock)

    def _in_transaction(self) -> TransactionContext:
        return _Transaction(TransactionWrapper(self), self._pool_init_lock)

    async def close(self) -> None:
        extras, self.extras = self.extras, {}
        for extra in extras.values():
            await extra.close()
        await super().close()


client_class = VouchAsyncpgClient
