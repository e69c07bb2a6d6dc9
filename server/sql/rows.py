"""Model instances inserted by prepared statements: the columns Tortoise would write, the text
made once per model (and row count), no query building per call. For rows a hot path creates
(its audit and webhook rows, rewards, ledger entries): the instance is built as usual, then
written here; it gets its id back and counts as saved."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from server.sql import Statement, TortoiseExecutor


@cache
def _columns(model: type[Model]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(field names, their columns) that an insert writes: every field not generated."""
    meta = model._meta
    names = tuple(n for n in meta.fields_db_projection if not meta.fields_map[n].generated)
    return names, tuple(meta.fields_db_projection[n] for n in names)


@cache
def _insert(model: type[Model], count: int) -> Statement:
    """One row returns its primary key; more return nothing (RETURNING's row order is not
    the VALUES' order on SQLite)."""
    _names, columns = _columns(model)
    row = "(" + ", ".join("?" * len(columns)) + ")"
    returning = f" RETURNING {model._meta.db_pk_column}" if count == 1 else ""
    return Statement.of(
        f"insert.{model._meta.db_table}",
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"VALUES {', '.join([row] * count)}{returning}",
    )


def _values(obj: Model) -> list[Any]:
    names = _columns(type(obj))[0]
    fields = obj._meta.fields_map
    return [fields[n].to_db_value(getattr(obj, n), obj) for n in names]


async def insert(conn: BaseDBAsyncClient, obj: Model) -> None:
    """Insert `obj`; it gets its primary key and counts as saved."""
    rows = await TortoiseExecutor(conn).rows(_insert(type(obj), 1), _values(obj))
    obj.pk = rows[0][obj._meta.db_pk_column]
    obj._saved_in_db = True


async def insert_many(conn: BaseDBAsyncClient, objs: Sequence[Model]) -> None:
    """Insert `objs` (all of one model) in one statement, as `bulk_create` does: their primary
    keys are not read back."""
    if objs:
        params = [value for obj in objs for value in _values(obj)]
        await TortoiseExecutor(conn).run(_insert(type(objs[0]), len(objs)), params)
