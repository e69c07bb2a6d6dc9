"""Every error `field` the server can name is an input path of the API (tests/field_paths.py
says which convention). The tests' HTTP client checks each answer in context (the right
mutation); this scan also covers the refusals no test provokes: every `field="..."` literal in
server/, every literal passed as a helper's `field` parameter, and every such default."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.field_paths import INDEX, all_paths, check_response, pattern

SERVER = Path(__file__).resolve().parents[2] / "server"

# Refusals only the command line meets: their field names the command's option.
CLI_ONLY = {
    ("advocates/bulk.py", "campaign"),  # vouch advocates import/export --campaign
    ("payouts/service.py", "campaign"),  # vouch payouts export --campaign
    ("payouts/files.py", "format"),  # vouch payouts export --format
}
# What raises each of them (the function, or the argument that leads there), and how a call
# of it from the API (server/graphql, server/web) would read: never there.
CLI_ONLY_CALLS = {
    "advocates/bulk.py": (
        "campaign_by_slug",
        r"bulk\.campaign_by_slug|bulk import[^\n]*campaign_by_slug",
    ),
    "payouts/service.py": ("campaign_slug", r"campaign_slug\s*="),
    "payouts/files.py": ("parse_format", r"parse_format"),
}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SERVER.rglob("*.py")):
        yield str(path.relative_to(SERVER)), ast.parse(path.read_text(encoding="utf-8"))


def _field_parameters() -> tuple[dict[str, int], list[tuple[str, int, str]]]:
    """Functions with a `field` parameter (name -> its position; a private one's name is
    prefixed with its module's) and the literal defaults."""
    positions: dict[str, int] = {}
    defaults: list[tuple[str, int, str]] = []
    for where, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            args = node.args.posonlyargs + node.args.args
            names = [a.arg for a in args]
            if "field" in names:
                index = names.index("field") - (1 if names[0] in ("self", "cls") else 0)
                positions[f"{where}:{node.name}" if node.name[0] == "_" else node.name] = index
                offset = len(args) - len(node.args.defaults)
                at = names.index("field") - offset
                if at >= 0:
                    given = node.args.defaults[at]
                    if isinstance(given, ast.Constant) and isinstance(given.value, str):
                        defaults.append((where, node.lineno, given.value))
            for arg, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
                if (
                    arg.arg == "field"
                    and isinstance(default, ast.Constant)
                    and isinstance(default.value, str)
                ):
                    defaults.append((where, node.lineno, default.value))
    return positions, defaults


def _named() -> Iterator[tuple[str, int, ast.expr]]:
    """(module, line, expression) of every value given as a `field`."""
    positions, _ = _field_parameters()
    for where, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "field":
                    yield where, node.lineno, keyword.value
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            index = positions.get(f"{where}:{name}" if name[:1] == "_" else name)
            if index is not None and index < len(node.args):
                yield where, node.lineno, node.args[index]


def _literal(value: ast.expr) -> str | None:
    """The path a literal or an f-string names (`{...}` as a list item), else None."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.JoinedStr):
        return "".join(str(p.value) if isinstance(p, ast.Constant) else INDEX for p in value.values)
    return None


def test_every_field_the_server_names_is_an_input_path() -> None:
    known = {pattern(p) for p in all_paths()}
    tails = {"." + p.rsplit(".", 1)[-1] for p in known if "." in p}
    _, defaults = _field_parameters()
    named = [(w, n, _literal(v)) for w, n, v in _named()] + defaults
    wrong = []
    for where, line, value in named:
        if value is None or (where, value) in CLI_ONLY:
            continue
        if value.startswith(INDEX):  # f"{at}.fixedAmount": the prefix is checked where built
            ok = any(value.endswith(tail) for tail in tails)
        else:
            ok = pattern(value) in known
        if not ok:
            wrong.append(f"server/{where}:{line}: {value!r}")
    assert not wrong, "not an input path of any API field:\n" + "\n".join(wrong)
    assert len(named) > 300, len(named)  # the scan sees the server's refusals


def test_cli_only_refusals_are_not_reached_from_the_api() -> None:
    assert {where for where, _ in CLI_ONLY} == set(CLI_ONLY_CALLS)
    for where, (name, call) in CLI_ONLY_CALLS.items():
        assert name in (SERVER / where).read_text(encoding="utf-8"), where
        for root in (SERVER / "graphql", SERVER / "web"):
            for path in root.rglob("*.py"):
                assert not re.search(call, path.read_text(encoding="utf-8")), (path, call)


QUERY = """mutation($input: RecordConversionInput!) { recordConversion(input: $input) {
  __typename ... on UserError { code field } } }"""


@pytest.mark.parametrize(
    ("field", "ok"),
    [
        ("friend.email", True),
        ("friendEmail", False),
        ("input.friend.email", False),
        ("amount", True),
        ("friend.visitTokens.3", True),
        ("friend.nope", False),
    ],
)
def test_the_answer_check_knows_the_convention(field: str, ok: bool) -> None:
    """The check the tests' client runs on every answer (a unit test of the checker)."""
    request = json.dumps({"query": QUERY}).encode()
    error = {"__typename": "UserError", "code": "INVALID_INPUT", "field": field}
    answer = json.dumps({"data": {"recordConversion": error}}).encode()
    if ok:
        check_response(request, answer)
    else:
        with pytest.raises(AssertionError, match=r"not an input of Mutation\.recordConversion"):
            check_response(request, answer)
