"""Generated artefacts must match the code: schema.graphql and the migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from server.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[2]


def test_schema_graphql_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "schema.graphql is stale: run `vouch export-schema --output schema.graphql`"
    )


def test_security_doc_matches_the_code() -> None:
    from server.docs import security_doc

    committed = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert committed == security_doc(), "run `vouch export-docs --output docs/security.md`"


def test_fraud_doc_matches_the_code() -> None:
    from server.docs import fraud_doc

    committed = (ROOT / "docs" / "fraud.md").read_text(encoding="utf-8")
    assert committed == fraud_doc(), "run `vouch export-docs --doc fraud --output docs/fraud.md`"


def test_no_model_change_lacks_a_migration() -> None:
    # A separate process: initialising Tortoise for the check rebinds the model classes.
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "makemigrations", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "No changes detected." in done.stdout


def test_migrations_hold_no_semicolons() -> None:
    # Tortoise's SQLite schema editor splits SQL on ";", even inside a table comment taken
    # from a model's docstring: one semicolon there breaks `vouch migrate` on SQLite.
    for path in (ROOT / "server" / "migrations").glob("*.py"):
        assert ";" not in path.read_text(encoding="utf-8"), path.name
