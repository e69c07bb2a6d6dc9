"""A campaign by id or slug as one prepared statement (the dashboard's `campaign(...)` root,
asked on every stats request): on SQLite outside a transaction it runs on the read
connection, inside one on the transaction, like every hot-path read (`server.sql`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.fields import DatetimeField

from server.campaigns.models import Campaign
from server.sql import Statement, connections

_COLUMNS = ", ".join(sorted(Campaign._meta.db_fields))
_BY_ID = Statement.of("campaign.by_id", f"SELECT {_COLUMNS} FROM campaign WHERE id = ?")
_BY_SLUG = Statement.of("campaign.by_slug", f"SELECT {_COLUMNS} FROM campaign WHERE slug = ?")
# SQLite hands timestamps back as ISO text: the C parser reads them in a fraction of the time
# Tortoise's pure-Python one takes (most of building the model otherwise).
_TIMESTAMPS = tuple(
    name for name, f in Campaign._meta.fields_map.items() if isinstance(f, DatetimeField)
)


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    for name in _TIMESTAMPS:
        value = row.get(name)
        if isinstance(value, str):
            row[name] = datetime.fromisoformat(value)
    return row


async def _one(stmt: Statement, value: int | str) -> Campaign | None:
    rows = await (await connections.reader()).rows(stmt, [value])
    if not rows:
        return None
    found: Campaign = Campaign._init_from_db(**_parsed(rows[0]))
    return found


async def by_id(campaign_id: int) -> Campaign | None:
    return await _one(_BY_ID, campaign_id)


async def by_slug(slug: str) -> Campaign | None:
    return await _one(_BY_SLUG, slug)
