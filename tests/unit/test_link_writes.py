"""Which statements on a pooled PostgreSQL connection empty this process's link cache once
committed (server/postgres_engine.py): writes naming the link or campaign table."""

from __future__ import annotations

import pytest

from server.postgres_engine import _may_change_links


@pytest.mark.parametrize(
    "query",
    [
        'UPDATE "campaign" SET "landing_url"=$1 WHERE "id"=$2',
        'UPDATE "referral_link" SET "status"=$1 WHERE "id"=$2',
        'INSERT INTO "referral_link" ("code","campaign_id") VALUES ($1,$2) RETURNING "id"',
        "DELETE FROM campaign WHERE id = $1",
        "TRUNCATE click, referral_link, campaign RESTART IDENTITY CASCADE;",
        "WITH moved AS (UPDATE campaign SET status = $1 WHERE id = $2 RETURNING id) SELECT 1",
        'update only "referral_link" set status = $1',
    ],
)
def test_writes_to_links_and_campaigns_count(query: str) -> None:
    assert _may_change_links(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT "id" FROM "campaign" WHERE "slug"=$1',
        "  select l.id from referral_link l",
        "UPDATE campaign_day SET clicks = clicks + 1 WHERE campaign_id = $1",
        'INSERT INTO "referral" ("campaign_id","link_id") VALUES ($1,$2)',
        "UPDATE runner_lease SET expires_at = $1",
        "INSERT INTO email_message (kind, campaign_id) SELECT $1, c.id FROM campaign c",
        "DELETE FROM click WHERE link_id IN (SELECT id FROM referral_link WHERE id = $1)",
    ],
)
def test_reads_and_other_tables_do_not(query: str) -> None:
    assert not _may_change_links(query)
