"""The migrated database holds every index and unique constraint the models declare.

Tortoise's migrations once lost some: an AddField with db_index wrote the column and not its
index, and on SQLite an AlterField rebuilds the table and drops its unique_together (the
conversion's one order per campaign). The suite's database is built by the real migrations, so
this compares it with the models on whichever dialect the run uses."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.indexes import Index

from server import db

Key = tuple[str, tuple[str, ...], bool]  # table, columns, unique


def _column(model: Any, name: str) -> str:
    field = model._meta.fields_map[name]
    if isinstance(field, ForeignKeyFieldInstance | OneToOneFieldInstance):
        return str(field.source_field or f"{name}_id")
    return str(field.source_field or name)


def _declared() -> set[Key]:
    keys: set[Key] = set()
    for model in Tortoise.apps["models"].values():
        meta = model._meta
        table = meta.db_table
        for together in meta.unique_together:
            keys.add((table, tuple(_column(model, f) for f in together), True))
        for index in meta.indexes:
            names = index.field_names if isinstance(index, Index) else index
            keys.add((table, tuple(_column(model, f) for f in names), False))
        for name, field in meta.fields_map.items():
            if field.pk or isinstance(field, ForeignKeyFieldInstance | OneToOneFieldInstance):
                continue
            if getattr(field, "source_field", None) is None and name not in meta.db_fields:
                continue  # reverse relations
            if field.unique:
                keys.add((table, (_column(model, name),), True))
            elif field.index:
                keys.add((table, (_column(model, name),), False))
    return keys


async def _present() -> set[Key]:
    conn = db.connection()
    found: set[Key] = set()
    if conn.capabilities.dialect == "postgres":
        _, rows = await conn.execute_query(
            """SELECT t.relname AS tab, ix.indisunique AS uniq,
                 array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o)
                       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n
                       ORDER BY k.o) AS cols
               FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
               JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = 'public'"""
        )
        return {(r["tab"], tuple(r["cols"]), bool(r["uniq"])) for r in rows}
    _, tables = await conn.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    for t in tables:
        _, indexes = await conn.execute_query(f"PRAGMA index_list('{t['name']}')")
        for ix in indexes:
            _, cols = await conn.execute_query(f"PRAGMA index_info('{ix['name']}')")
            found.add((t["name"], tuple(c["name"] for c in cols), bool(ix["unique"])))
    return found


async def test_every_declared_index_and_unique_constraint_exists(database: None) -> None:
    present = await _present()
    # A unique index also serves as a plain one.
    missing = sorted(
        key
        for key in _declared()
        if key not in present and (key[2] or (key[0], key[1], True) not in present)
    )
    assert missing == [], f"declared by the models, missing from the migrated database: {missing}"
