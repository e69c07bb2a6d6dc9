"""Generated artefacts must match the code: schema.graphql and the migrations."""

from __future__ import annotations

from pathlib import Path

from server import db
from server.graphql.schema import schema
from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_schema_graphql_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "schema.graphql is stale: run `vouch export-schema --output schema.graphql`"
    )


async def test_no_model_change_lacks_a_migration() -> None:
    missing = await db.pending_model_changes(Settings(VOUCH_ENV="test"))
    assert missing == [], f"run `vouch makemigrations`: {missing}"
