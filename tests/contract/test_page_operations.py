"""The hosted pages' GraphQL operations (server/web/portal/static/operations/*.js) are valid
against schema.graphql, like the bot's and the dashboard's (relay-compiler --validate): a field
renamed or removed in the API fails here, not in an advocate's browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from tests.field_paths import graphql_schema

OPERATIONS = Path(__file__).parents[2] / "server" / "web" / "portal" / "static" / "operations"
_STRING = re.compile(r'^const (\w+) = "([^"]*)";$', re.MULTILINE)
_DOCUMENT = re.compile(r"^const \w+ = `((?:query|mutation|subscription)\b[^`]*)`;$", re.MULTILINE)


def documents(source: str) -> list[str]:
    """The file's operation templates, its string constants (`${MONEY}`) put in."""
    strings = dict(_STRING.findall(source))
    found = []
    for template in _DOCUMENT.findall(source):
        names = re.findall(r"\$\{(\w+)\}", template)
        assert set(names) <= set(strings), f"unknown constants {set(names) - set(strings)}"
        found.append(re.sub(r"\$\{(\w+)\}", lambda m: strings[m.group(1)], template))
    return found


FILES = sorted(p for p in OPERATIONS.glob("*.js") if p.name != "types.js")


def test_every_operations_file_holds_an_operation() -> None:
    assert len(FILES) >= 5
    for path in FILES:
        assert documents(path.read_text()), f"{path.name}: no operation found"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_operation_is_valid_against_schema(path: Path) -> None:
    for document in documents(path.read_text()):
        assert validate(graphql_schema(), parse(document)) == [], document


def test_a_stale_field_is_caught() -> None:
    source = 'const M = "amount";\nconst QUERY = `query P { portal { balance { ${M} gone } } }`;'
    [document] = documents(source)
    assert validate(graphql_schema(), parse(document))
