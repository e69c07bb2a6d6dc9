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


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_money_the_bot_reads_comes_formatted(name: str) -> None:
    """The bot shows money as the API formats it (ISO 4217 digits from one source): every
    Money it selects carries `formatted`, and it keeps no formatter of its own."""
    from graphql import FieldNode, TypeInfo, TypeInfoVisitor, Visitor, get_named_type, visit

    info = TypeInfo(SCHEMA)
    missing: list[str] = []

    class Check(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            field = info.get_field_def()
            if field is None or get_named_type(field.type).name != "Money":
                return
            picked = {
                s.name.value
                for s in (node.selection_set.selections if node.selection_set else [])
                if isinstance(s, FieldNode)
            }
            if "formatted" not in picked:
                missing.append(node.name.value)

    visit(parse(document(name)), TypeInfoVisitor(info, Check()))
    assert missing == []
    source = (Path(__file__).parents[2] / "bot" / "blocks" / "format.py").read_text()
    assert "divmod" not in source and "_ZERO_DECIMAL" not in source
