"""Every operation the bot sends is valid against the published schema."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

from bot.api.client import document

SCHEMA = build_schema((Path(__file__).parents[2] / "schema.graphql").read_text())
FILES = sorted(
    p.name.removesuffix(".graphql")
    for p in resources.files("bot.api").joinpath("operations").iterdir()
    if p.name.endswith(".graphql")
)
OPERATIONS = [
    name
    for name in FILES
    if any(isinstance(d, OperationDefinitionNode) for d in parse(document(name)).definitions)
]


def test_every_file_is_an_operation_or_a_used_fragment() -> None:
    used = {name for op in OPERATIONS for name in FILES if f"fragment {name} " in document(op)}
    assert set(FILES) == set(OPERATIONS) | used
    assert len(OPERATIONS) >= 6


@pytest.mark.parametrize("name", OPERATIONS)
def test_operation_is_valid_against_schema(name: str) -> None:
    parsed = parse(document(name))
    assert validate(SCHEMA, parsed) == []
    [operation] = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    assert operation.name is not None and operation.name.value == name
