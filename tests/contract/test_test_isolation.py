"""Every table the models declare is wiped between tests, so no test sees another's rows."""

from __future__ import annotations

from tortoise import Tortoise

from tests.conftest import TABLES


async def test_every_model_table_is_wiped_between_tests(database: None) -> None:
    declared = {model._meta.db_table for model in Tortoise.apps["models"].values()}
    assert declared - set(TABLES) == set(), "add these tables to TABLES in tests/conftest.py"
