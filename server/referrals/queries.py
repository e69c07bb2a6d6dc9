"""The redirect's data access: one statement to find the link (campaign config from the
per-process cache, validated by the version read in the same statement) and the click insert,
whose counters (analytics rollups) commit with it.

On PostgreSQL the links found are also kept per process, by code and by (slug, vanity), in a
cache that any change of a link or a campaign empties: triggers (migration 0026) NOTIFY
`LINK_CHANNEL`, so other workers follow a change within the notification's delivery
(milliseconds) and this one at once (server/sql/notified.py). While the listener is down
every lookup reads the database. A warm redirect then runs the click write only."""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction

from server import db, metrics
from server.analytics import rollups
from server.campaigns.cache import CampaignCache, CampaignConfig
from server.postgres_engine import LINK_WRITES
from server.referrals.models import LinkStatus
from server.sql import Executor, Statement, TortoiseExecutor, connections
from server.sql.group_commit import GroupCommit
from server.sql.notified import NotifiedCache


@dataclass(frozen=True, slots=True)
class RedirectLink:
    id: int
    code: str
    vanity_code: str | None
    status: LinkStatus
    campaign_id: int
    campaign: CampaignConfig


_LINK = """SELECT l.id, l.code, l.vanity_code, l.status, l.campaign_id, c.config_version AS v
FROM referral_link l JOIN campaign c ON c.id = l.campaign_id"""
_BY_CODE = Statement.of("redirect.link_by_code", f"{_LINK} WHERE l.code = ?")
_BY_VANITY = Statement.of(
    "redirect.link_by_vanity", f"{_LINK} WHERE c.slug = ? AND l.vanity_code = ?"
)


LINK_CHANNEL = "vouch_link"


def notified_links() -> NotifiedCache[RedirectLink] | None:
    """The process's link cache (PostgreSQL, outside a transaction), its listener started on
    first use: at start-up (server/app.py), so it is ready for the first redirects."""
    return connections.notified(LINK_CHANNEL, LINK_WRITES)


async def _link(cache: CampaignCache, stmt: Statement, params: list[str]) -> RedirectLink | None:
    links = notified_links()
    if links is None:  # SQLite, or inside a transaction
        return await _read(cache, stmt, params)
    key = (stmt.name, *params)
    found: RedirectLink | None = links.get(key)
    if found is not None:
        return found
    generation = links.start()
    link = await _read(cache, stmt, params)
    if link is not None:  # a found link only: a new one must not be hidden by a stored miss
        keys: list[Hashable] = [(_BY_CODE.name, link.code)]
        if link.vanity_code is not None:
            keys.append((_BY_VANITY.name, link.campaign.slug, link.vanity_code))
        links.store(generation, keys, link)
    return link


async def _read(cache: CampaignCache, stmt: Statement, params: list[str]) -> RedirectLink | None:
    ex = await connections.reader()
    rows = await ex.rows(stmt, params)
    if not rows:
        return None
    r = rows[0]
    campaign = await cache.get(ex, int(r["campaign_id"]), int(r["v"]))
    if campaign is None:
        return None
    return RedirectLink(
        id=int(r["id"]),
        code=str(r["code"]),
        vanity_code=r["vanity_code"],
        status=LinkStatus(r["status"]),
        campaign_id=campaign.id,
        campaign=campaign,
    )


async def link_by_code(cache: CampaignCache, code: str) -> RedirectLink | None:
    return await _link(cache, _BY_CODE, [code])


async def link_by_vanity(cache: CampaignCache, slug: str, vanity: str) -> RedirectLink | None:
    return await _link(cache, _BY_VANITY, [slug, vanity])


class NewClick(NamedTuple):
    """A click to write (a tuple: one is built per redirect, at a fraction of a frozen
    dataclass's cost)."""

    link_id: int
    campaign_id: int
    occurred_at: datetime
    ip_hash: str
    ua_hash: str
    test: bool
    visit_token: str


_INSERT_CLICK = Statement.of(
    "redirect.insert_click",
    """INSERT INTO click (link_id, campaign_id, occurred_at, ip_hash, ua_hash, visit_token, test)
VALUES (?, ?, ?, ?, ?, ?, ?)""",
)


async def _write_clicks(ex: Executor, clicks: list[NewClick]) -> None:
    await ex.run_many(
        _INSERT_CLICK,
        [
            [c.link_id, c.campaign_id, c.occurred_at, c.ip_hash, c.ua_hash, c.visit_token, c.test]
            for c in clicks
        ],
    )
    await rollups.clicks_recorded(
        ex,
        [
            rollups.ClickFact(c.campaign_id, c.test, c.occurred_at, c.ip_hash + c.ua_hash)
            for c in clicks
        ],
    )


async def _commit_clicks(clicks: list[NewClick]) -> None:
    writer = await connections.click_writer()
    if writer is not None:  # a connection of their own: no pool, never queued behind Tortoise
        await writer.batch(lambda ex: _write_clicks(ex, clicks))
        return
    async with in_transaction() as conn:
        await _write_clicks(TortoiseExecutor(conn), clicks)


_committers: weakref.WeakKeyDictionary[BaseDBAsyncClient, GroupCommit[NewClick]] = (
    weakref.WeakKeyDictionary()
)


async def insert_click(
    *, link_id: int, campaign_id: int, test: bool, ip_hash: str, ua_hash: str, now: datetime
) -> NewClick:
    """Returns once the click and its counters are committed. Clicks arriving together share
    one transaction and one commit (group commit), on SQLite and PostgreSQL alike, so the
    302 waits for a commit at the database's configured durability (synchronous) level. On
    SQLite the batches have their own write connection, so they wait for at most the one
    transaction holding the write lock, not for every transaction queued in Tortoise;
    inside a caller's transaction (a launch preflight's) they are written in it and roll back
    with it."""
    click = NewClick(link_id, campaign_id, now, ip_hash, ua_hash, test, secrets.token_urlsafe(16))
    client = db.connection()
    if isinstance(client, TransactionalDBClient) or metrics.SIMULATING.get():
        await _write_clicks(TortoiseExecutor(client), [click])
        return click
    committer = _committers.get(client)
    if committer is None:
        committer = _committers[client] = GroupCommit(_commit_clicks)
    await committer.submit(click)
    return click
