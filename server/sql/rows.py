"""Rows inserted by prepared statements: the columns Tortoise would write, the text made once
per model (and row count), no query building per call. For rows a hot path creates: either a
model instance built as usual, written here (it gets its id back and counts as saved), or,
for append-only rows nothing reads back (audit and webhook events), plain tuples of column
values in a declared column order, with no model instance at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields.data import JSONField
from tortoise.models import Model

from server.sql import Statement, TortoiseExecutor


@cache
def _columns(model: type[Model]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(field names, their columns) that an insert writes: every field not generated."""
    meta = model._meta
    names = tuple(n for n in meta.fields_db_projection if not meta.fields_map[n].generated)
    return names, tuple(meta.fields_db_projection[n] for n in names)


# Bounded: a statement per model and row count (a use-case writes a handful of rows at once).
@lru_cache(maxsize=128)
def _insert(model: type[Model], count: int, names: tuple[str, ...] | None = None) -> Statement:
    """One row returns its primary key; more return nothing (RETURNING's row order is not
    the VALUES' order on SQLite). `names`: the fields given, in their order (default: every
    field an insert writes)."""
    returning = f" RETURNING {model._meta.db_pk_column}" if count == 1 else ""
    return Statement.of(
        f"insert.{model._meta.db_table}", insert_text(model, count, names) + returning
    )


def insert_text(model: type[Model], count: int, names: tuple[str, ...] | None = None) -> str:
    """The text of an insert of `count` rows ('?' placeholders, nothing returned): `_insert`'s,
    or a part of a larger statement."""
    if names is None:
        columns = _columns(model)[1]
    else:
        expected = _columns(model)[0]
        if sorted(names) != sorted(expected):
            raise TypeError(f"{model.__name__}: tuples must give {expected}, not {names}")
        projection = model._meta.fields_db_projection
        columns = tuple(projection[n] for n in names)
    row = "(" + ", ".join("?" * len(columns)) + ")"
    return (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"VALUES {', '.join([row] * count)}"
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


def json_encoder(model: type[Model], name: str) -> Callable[[Any], str]:
    """The encoder of a JSON field: tuples carry the text Tortoise would have written."""
    field = model._meta.fields_map[name]
    if not isinstance(field, JSONField):
        raise TypeError(f"{model.__name__}.{name} is not a JSON field")
    encoder: Callable[[Any], str] = field.encoder
    return encoder


def columns_of(model: type[Model], names: tuple[str, ...]) -> tuple[str, ...]:
    """A module that writes tuples declares its column order once; the order is checked
    against the model (every field an insert writes) when the first statement is made, once
    Tortoise has set the models up (their foreign keys' columns exist from then on)."""
    return names


async def insert_tuples(
    conn: BaseDBAsyncClient, model: type[Model], names: tuple[str, ...], rows: Sequence[Any]
) -> None:
    """Insert `rows` (tuples of database values in the order of `names`, from
    `columns_of`) in one statement; their primary keys are not read back."""
    if rows:
        params = [value for row in rows for value in row]
        stmt = _insert(model, len(rows), names)
        if len(rows) == 1:
            await TortoiseExecutor(conn).rows(stmt, params)
        else:
            await TortoiseExecutor(conn).run(stmt, params)


@lru_cache(maxsize=32)
def _insert_keyed(model: type[Model], count: int, key: str) -> Statement:
    """`count` rows that return their primary key with their `key` column."""
    columns = _columns(model)[1]
    row = "(" + ", ".join("?" * len(columns)) + ")"
    meta = model._meta
    return Statement.of(
        f"insert.{meta.db_table}",
        f"INSERT INTO {meta.db_table} ({', '.join(columns)}) VALUES {', '.join([row] * count)} "
        f"RETURNING {meta.db_pk_column}, {meta.fields_db_projection[key]}",
    )


async def insert_all(conn: BaseDBAsyncClient, objs: Sequence[Model], key: str) -> None:
    """Insert `objs` (of one model) in one statement; each gets its primary key and counts as
    saved. `key`: a field whose value differs between them, to match the keys back (RETURNING's
    row order is not the VALUES' order on SQLite)."""
    if len(objs) <= 1:
        for obj in objs:
            await insert(conn, obj)
        return
    model = type(objs[0])
    meta = model._meta
    column, field = meta.fields_db_projection[key], meta.fields_map[key]
    found = await TortoiseExecutor(conn).rows(
        _insert_keyed(model, len(objs), key), [v for obj in objs for v in _values(obj)]
    )
    pks = {row[column]: row[meta.db_pk_column] for row in found}
    for obj in objs:
        obj.pk = pks[field.to_db_value(getattr(obj, key), obj)]
        obj._saved_in_db = True
