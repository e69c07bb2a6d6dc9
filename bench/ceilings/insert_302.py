"""Ceiling for the redirect: one raw INSERT per request, then a 302, nothing else.

SQLite (aiosqlite, WAL, synchronous as Vouch's default NORMAL) or PostgreSQL (asyncpg pool),
per CEILING_DATABASE_URL. Run by bench/all.py as `uvicorn --app-dir bench/ceilings insert_302:app`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

URL = os.environ.get("CEILING_DATABASE_URL", "sqlite:///ceiling.db")
TABLE = """CREATE TABLE IF NOT EXISTS ceiling_click (id BIGSERIAL PRIMARY KEY, code TEXT NOT NULL,
  occurred_at TEXT NOT NULL, visit_token TEXT NOT NULL UNIQUE)"""
state: dict[str, Any] = {}


@asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    if URL.startswith("postgres"):
        import asyncpg

        pool = await asyncpg.create_pool(URL, min_size=4, max_size=10)
        await pool.execute(TABLE)
        state["pg"] = pool
        yield
        await pool.close()
        return
    import aiosqlite

    conn = await aiosqlite.connect(URL.removeprefix("sqlite:///"), isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000"):
        await conn.execute(f"PRAGMA {pragma}")
    await conn.execute(TABLE.replace("BIGSERIAL", "INTEGER"))
    state["sqlite"] = conn
    yield
    await conn.close()


async def redirect(request: Request) -> Response:
    code, token = request.path_params["code"], secrets.token_urlsafe(16)
    now = datetime.now(UTC).isoformat()
    sql = "INSERT INTO ceiling_click (code, occurred_at, visit_token) VALUES "
    if "pg" in state:
        await state["pg"].execute(sql + "($1, $2, $3)", code, now, token)
    else:
        await state["sqlite"].execute(sql + "(?, ?, ?)", (code, now, token))
    return RedirectResponse(f"https://shop.example.com/?ref={code}&vt={token}", status_code=302)


async def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[Route("/healthz", healthz), Route("/r/{code}", redirect)], lifespan=lifespan
)
