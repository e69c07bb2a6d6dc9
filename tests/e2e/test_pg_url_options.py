"""DATABASE_URL's options reach every connection the server opens on PostgreSQL: Tortoise's
pool and the connections of its own (the subscriptions' LISTEN connection, the click writer,
committed reads, the job runner's election). The LISTEN connection took only host, port, user,
password and database: no ssl, no timeouts, no application_name."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx
import websockets

from tests.e2e.procs import data, env_for, pg_cluster, post, prepare, serving, share_link

NAME = "vouch-url-options"
CREATE_KEY = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename ... on CreatedApiKey { secret } } }"""
# The bot's trusted document (server/graphql/trusted_documents.json): a bot key runs only these.
SUBSCRIBE = "subscription NotificationCreated {\n  notificationCreated { id kind }\n}\n"


async def _applications(url: str) -> list[tuple[str, str]]:
    """(application_name, last statement) of every other client connection to the database."""
    conn = await asyncpg.connect(url, server_settings={"application_name": "checker"})
    try:
        rows = await conn.fetch(
            "SELECT application_name, query FROM pg_stat_activity WHERE datname = 'vouch'"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    return [(r["application_name"], r["query"]) for r in rows]


async def _subscribe_and_look(ws_url: str, key: str, db_url: str) -> list[tuple[str, str]]:
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": key}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}
        await ws.send(json.dumps(subscribe))
        deadline = time.monotonic() + 20
        while True:  # until the LISTEN connection is there
            seen = await _applications(db_url)
            if any(q.startswith("LISTEN") for _, q in seen) or time.monotonic() > deadline:
                return seen
            await asyncio.sleep(0.2)


def test_every_connection_takes_the_urls_options(tmp_path: Path) -> None:
    with pg_cluster() as cluster:
        options = f"?application_name={NAME}&statement_timeout=60000&sslmode=disable"
        env = env_for(cluster.url + options)
        prepare(env, tmp_path)
        with serving(env, tmp_path) as server:
            token = server.login()
            code = share_link(server, token)
            assert httpx.get(f"{server.base}/r/{code}", timeout=10).status_code == 302
            key = data(post(server, CREATE_KEY, token, input={"name": "bot", "role": "BOT"}))
            secret = key["createApiKey"]["secret"]
            ws_url = server.base.replace("http", "ws") + "/graphql"
            seen = asyncio.run(_subscribe_and_look(ws_url, f"Bearer {secret}", cluster.url))
    assert any(q.startswith("LISTEN") for _, q in seen), seen
    assert {name for name, _ in seen} == {NAME}, seen
