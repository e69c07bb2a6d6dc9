"""A campaign by id or slug (the dashboard's `campaign(...)` root, asked on every stats request):
on SQLite outside a transaction on the read connection, inside one on the transaction, like
every hot-path read (`server.sql`).

With a `KeptCampaigns` (one per app) committed reads keep the built model by id and
`config_version` (bumped by a trigger on every update of the row, see
server/campaigns/cache.py): a lookup reads only the id and version, and builds the model (most
of its cost) only when the version moved. Callers get a copy, never the kept model.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.fields import DatetimeField

from server.campaigns.models import Campaign
from server.sql import Executor, Statement, connections

_COLUMNS = ", ".join(sorted(Campaign._meta.db_fields))
_BY_ID = Statement.of("campaign.by_id", f"SELECT {_COLUMNS} FROM campaign WHERE id = ?")
_BY_SLUG = Statement.of("campaign.by_slug", f"SELECT {_COLUMNS} FROM campaign WHERE slug = ?")
_VERSION_BY_ID = Statement.of(
    "campaign.version_by_id", "SELECT id, config_version FROM campaign WHERE id = ?"
)
_VERSION_BY_SLUG = Statement.of(
    "campaign.version_by_slug", "SELECT id, config_version FROM campaign WHERE slug = ?"
)

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
    state = clone.__dict__  # written directly: Model.__setattr__ would only add a lookup or two
    state.update(model.__dict__)
    state["_await_when_save"] = {}
    state["emails_off"] = list(model.emails_off)
    return clone


async def _built(ex: Executor, full: Statement, value: int | str) -> Campaign | None:
    rows = await ex.rows(full, [value])
    if not rows:
        return None
    found: Campaign = Campaign._init_from_db(**_parsed(rows[0]))
    return found


class KeptCampaigns:
    """One per app (process): campaign id -> the model built at its config version."""

    def __init__(self, max_entries: int = 1024) -> None:
        self._kept: dict[int, Campaign] = {}
        self._max = max_entries

    async def one(self, version: Statement, full: Statement, value: int | str) -> Campaign | None:
        ex = await connections.reader()
        rows = await ex.rows(version, [value])
        if not rows:
            return None
        kept = self._kept.get(int(rows[0]["id"]))
        if kept is not None and kept.config_version == int(rows[0]["config_version"]):
            return _copy(kept)
        found = await _built(ex, full, value)
        if found is None or not ex.committed:
            # Read inside a transaction: its version may never commit. Use it, never keep it.
            return found
        if len(self._kept) >= self._max:
            self._kept.clear()
        self._kept[found.id] = found  # at the version its own row holds
        return _copy(found)


async def by_id(campaign_id: int, kept: KeptCampaigns | None = None) -> Campaign | None:
    if kept is not None:
        return await kept.one(_VERSION_BY_ID, _BY_ID, campaign_id)
    return await _built(await connections.reader(), _BY_ID, campaign_id)


async def by_slug(slug: str, kept: KeptCampaigns | None = None) -> Campaign | None:
    if kept is not None:
        return await kept.one(_VERSION_BY_SLUG, _BY_SLUG, slug)
    return await _built(await connections.reader(), _BY_SLUG, slug)
