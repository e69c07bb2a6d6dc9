"""Per-process cache of the campaign config hot paths need (schedule, landing URL, mode).

Correct across workers without messaging: every campaign row carries `config_version`, bumped
by a database trigger on any update, and the hot query that needs a campaign reads the version
it must match in the same statement (e.g. joined to the referral link). A stale entry is
replaced by one indexed read; nothing else ever has to invalidate it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server.campaigns import rules
from server.campaigns.models import CampaignStatus
from server.clock import Clock
from server.sql import Executor, Statement, dialect_of

_SQLITE_TRIGGER = """CREATE TRIGGER campaign_config_version AFTER UPDATE ON campaign
FOR EACH ROW BEGIN
UPDATE campaign SET config_version = OLD.config_version + 1 WHERE id = NEW.id;
END;"""
_POSTGRES_TRIGGER = """CREATE FUNCTION campaign_config_version() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN NEW.config_version := OLD.config_version + 1; RETURN NEW; END $$;
CREATE TRIGGER campaign_config_version BEFORE UPDATE ON campaign
FOR EACH ROW EXECUTE FUNCTION campaign_config_version();"""


async def install_version_trigger(client: BaseDBAsyncClient) -> None:
    """Every update of a campaign, by anyone, bumps its config_version (run by migration 0011).
    SQLite's recursive triggers are off by default, so the trigger's own update does not
    fire it again."""
    sqlite = dialect_of(client) == "sqlite"
    await client.execute_script(_SQLITE_TRIGGER if sqlite else _POSTGRES_TRIGGER)


def as_datetime(value: Any) -> datetime | None:
    """A timestamp column as SQLite (text) or PostgreSQL (datetime) hands it back."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class CampaignConfig:
    id: int
    slug: str
    status: CampaignStatus
    starts_at: datetime | None
    ends_at: datetime | None
    landing_url: str
    currency: str
    test_mode: bool
    test_clock_minutes: int
    attribution_window_days: int
    version: int

    def now(self, clock: Clock) -> datetime:
        """The campaign's own time (a test-mode campaign's clock may run ahead)."""
        return rules.campaign_now(clock.now(), self.test_mode, self.test_clock_minutes)

    def phase(self, now: datetime) -> rules.Phase:
        return rules.phase(self.status, self.starts_at, self.ends_at, now)


_LOAD = Statement.of(
    "campaign.config",
    """SELECT id, slug, status, starts_at, ends_at, landing_url, currency, test_mode,
    test_clock_minutes, attribution_window_days, config_version
FROM campaign WHERE id = ?""",
)


class CampaignCache:
    """One per app (process): campaign id -> config at a version."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: dict[int, CampaignConfig] = {}
        self._max = max_entries
        self.loads = 0  # how many times the database was asked (tests, benchmarks)

    async def get(self, ex: Executor, campaign_id: int, version: int) -> CampaignConfig | None:
        found = self._entries.get(campaign_id)
        if found is not None and found.version == version:
            return found
        rows = await ex.rows(_LOAD, [campaign_id])
        self.loads += 1
        if not rows:
            self._entries.pop(campaign_id, None)
            return None
        r = rows[0]
        config = CampaignConfig(
            id=int(r["id"]),
            slug=str(r["slug"]),
            status=CampaignStatus(r["status"]),
            starts_at=as_datetime(r["starts_at"]),
            ends_at=as_datetime(r["ends_at"]),
            landing_url=str(r["landing_url"]),
            currency=str(r["currency"]),
            test_mode=bool(r["test_mode"]),
            test_clock_minutes=int(r["test_clock_minutes"]),
            attribution_window_days=int(r["attribution_window_days"]),
            version=int(r["config_version"]),
        )
        if not ex.committed:
            # Read inside a transaction (e.g. a launch preflight that is rolled back): its
            # version may never commit, or commit with other content. Use it, never keep it.
            return config
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[campaign_id] = config
        return config
