"""A campaign by id or slug (the dashboard's `campaign(...)` root, asked on every stats request):
on SQLite outside a transaction on the read connection, inside one on the transaction, like
every hot-path read (`server.sql`).

Committed reads keep the built model per process, by id and `config_version` (bumped by a
trigger on every update of the row, see server/campaigns/cache.py): each lookup reads only the
id and version, and builds the model (most of its cost) only when the version moved. Callers
get a copy, never the kept model.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.fields import DatetimeField

from server.campaigns.models import Campaign
from server.sql import Statement, connections

_COLUMNS = ", ".join(sorted(Campaign._meta.db_fields))
_BY_ID = Statement.of("campaign.by_id", f"SELECT {_COLUMNS} FROM campaign WHERE id = ?")
_BY_SLUG = Statement.of("campaign.by_slug", f"SELECT {_COLUMNS} FROM campaign WHERE slug = ?")
_VERSION_BY_ID = Statement.of(
    "campaign.version_by_id", "SELECT id, config_version FROM campaign WHERE id = ?"
)
_VERSION_BY_SLUG = Statement.of(
    "campaign.version_by_slug", "SELECT id, config_version FROM campaign WHERE slug = ?"
)
_MAX_KEPT = 1024
_kept: dict[int, Campaign] = {}
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


def _copy(model: Campaign) -> Campaign:
    clone = Campaign.__new__(Campaign)
    clone.__dict__.update(model.__dict__)
    clone._await_when_save = {}
    clone.emails_off = list(model.emails_off)
    return clone


async def _one(version: Statement, full: Statement, value: int | str) -> Campaign | None:
    ex = await connections.reader()
    rows = await ex.rows(version, [value])
    if not rows:
        return None
    campaign_id, at = int(rows[0]["id"]), int(rows[0]["config_version"])
    kept = _kept.get(campaign_id)
    if kept is not None and kept.config_version == at:
        return _copy(kept)
    rows = await ex.rows(full, [value])
    if not rows:
        return None
    found: Campaign = Campaign._init_from_db(**_parsed(rows[0]))
    if ex.committed:  # inside a transaction its version may never commit: use, never keep
        if len(_kept) >= _MAX_KEPT:
            _kept.clear()
        _kept[found.id] = found
        return _copy(found)
    return found


async def by_id(campaign_id: int) -> Campaign | None:
    return await _one(_VERSION_BY_ID, _BY_ID, campaign_id)


async def by_slug(slug: str) -> Campaign | None:
    return await _one(_VERSION_BY_SLUG, _BY_SLUG, slug)
