"""How the sqlite3 module binds the parameters that are not plain int, float or str: the same
values as before, for less work per statement.

sqlite3 binds None, int, float, str and bytes natively, but asks its adapter protocol first for
anything that is not exactly int, float or str: None and bool too. Without an adapter for
their type it looks up `__adapt__` and `__conform__`, both missing, an AttributeError raised
and cleared each time; a conversion binds about 130 of them (its NULL columns and flags).
Registered adapters answer from the module's table at once: None stays None (bound as NULL),
a bool becomes its int (0 or 1, as sqlite3 binds a bool itself).

Datetimes are written as Tortoise's adapter writes them (`isoformat(" ")`), each instant
formatted once: a use-case binds the same `now` many times over, and formatting one costs
about twelve thousand machine instructions (C's vsprintf per field)."""

from __future__ import annotations

import operator
import sqlite3
from datetime import datetime

# Each datetime object recently bound, by identity, with its text; emptied when full.
_TEXTS: dict[int, tuple[datetime, str]] = {}
_TEXTS_MAX = 512


def _none(_value: None) -> None:
    return None


def datetime_text(value: datetime) -> str:
    """`value.isoformat(" ")`, computed once per object while it is recently bound."""
    known = _TEXTS.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    text = value.isoformat(" ")
    if len(_TEXTS) >= _TEXTS_MAX:
        _TEXTS.clear()
    _TEXTS[id(value)] = value, text
    return text


def register() -> None:
    """Process-wide (sqlite3's adapters are): after Tortoise's own (its SQLite executor
    registers its datetime adapter on import), which this one replaces with the same text."""
    sqlite3.register_adapter(type(None), _none)
    sqlite3.register_adapter(bool, operator.index)
    sqlite3.register_adapter(datetime, datetime_text)
