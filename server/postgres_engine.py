"""Tortoise's asyncpg backend, with what the hot paths need beside it.

- Its pool releases a connection without asyncpg's default reset query (`RESET ALL; UNLISTEN *;
  CLOSE ALL; pg_advisory_unlock_all()`), one more round trip per statement run outside a
  transaction. Pooled connections carry no session state to reset: Vouch never SETs, LISTENs or
  takes session-level advisory locks on them (the LISTEN connection and the leader's lock have
  connections of their own; idempotency locks are transaction-scoped). asyncpg still rolls back
  an open transaction and drops listeners on every release.
- Connections of our own (server/sql/connections.py: the committed-read connections), closed
  with it. Used through Tortoise's `engine` setting (server.db).
"""

from __future__ import annotations

from typing import Any

from tortoise.backends.asyncpg.client import AsyncpgDBClient


async def _keep_session(_conn: object) -> None:
    """The pool's reset hook: nothing beyond what asyncpg always does (see the module)."""


class VouchAsyncpgClient(AsyncpgDBClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.extra.setdefault("reset", _keep_session)
        self.extras: dict[str, Any] = {}

    async def close(self) -> None:
        extras, self.extras = self.extras, {}
        for extra in extras.values():
            await extra.close()
        await super().close()


client_class = VouchAsyncpgClient
