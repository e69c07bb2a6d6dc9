"""A real `vouch serve` on a PostgreSQL it reaches through its Unix socket
(`DATABASE_URL=postgres://USER:PASSWORD@/DB?host=/socket/dir`): migrations, sign-in, a share
link's click through the click writer's own connection and a conversion all work, and every
connection the server holds is a socket one, none over TCP."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx
import pytest

from tests.e2e.procs import data, env_for, pg_cluster, post, prepare, serving, share_link

pytestmark = pytest.mark.skipif(
    not os.environ.get("VOUCH_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL pass (it starts a cluster of its own)",
)
CONVERT = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  __typename ... on ConversionRecorded { replayed } ... on UserError { code message } } }"""


async def _server_side(url: str) -> tuple[int, int, int]:
    """(the server's connections, those over TCP, clicks stored), read over TCP."""
    conn = await asyncpg.connect(url)
    try:
        held = await conn.fetchrow(
            """SELECT count(*) AS n, count(*) FILTER (WHERE client_port <> -1) AS tcp
FROM pg_stat_activity WHERE usename = 'vouch' AND pid <> pg_backend_pid()"""
        )
        clicks = await conn.fetchval("SELECT count(*) FROM click")
    finally:
        await conn.close()
    return int(held["n"]), int(held["tcp"]), int(clicks)


def test_serving_through_the_unix_socket(tmp_path: Path) -> None:
    with pg_cluster() as pg:
        socket_url = f"postgres://vouch:vouch@:{pg.port}/vouch?host={pg.root}"
        env = env_for(socket_url, VOUCH_RATE_LIMITS="false")
        prepare(env, tmp_path)
        with serving(env, tmp_path) as server:
            token = server.login()
            code = share_link(server, token)
            clicked = httpx.get(f"{server.base}/r/{code}", timeout=30)
            assert clicked.status_code == 302 and "vt=" in clicked.headers["location"]
            recorded = data(
                post(
                    server,
                    CONVERT,
                    token,
                    input={
                        "friend": {"referralCode": code, "email": "bo@friends.example.org"},
                        "externalOrderId": "order-1",
                        "amount": 5000,
                        "currency": "USD",
                        "idempotencyKey": "socket-order-1",
                    },
                )
            )["recordConversion"]
            assert recorded["__typename"] == "ConversionRecorded", recorded
            held, tcp, clicks = asyncio.run(_server_side(pg.url))
            assert held >= 2 and tcp == 0, (held, tcp)
            assert clicks == 1
            assert "Traceback" not in server.output()
