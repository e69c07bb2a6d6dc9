"""Authentication's data access: one statement per credential on the read connection, and the
rare last-used touch. Columns come from the models, so a new field is read without edits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.models import Model

from server import db
from server.accounts.models import ApiKey, Session, StaffUser
from server.sql import Statement, TortoiseExecutor, connections


def _columns(model: type[Model], alias: str) -> str:
    return ", ".join(f"{alias}.{c} AS {alias}_{c}" for c in model._meta.db_fields)


def _row(model: type[Model], alias: str, row: dict[str, Any]) -> Any:
    prefix = f"{alias}_"
    return model._init_from_db(
        **{k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}
    )


# Rows turned into models, by the row's exact values. The statement runs on every request, so
# a sign-out, revocation, expiry, deactivation or role change in any worker counts at the next
# request; only building the models (parsing timestamps, enums), which costs several times the
# statement itself, is skipped while the row is unchanged. Nothing writes to these instances.
_parsed: dict[tuple[Any, ...], Any] = {}
_MAX_PARSED = 4096


def _memo(row: dict[str, Any], build: Any) -> Any:
    key = tuple(row.values())
    try:
        found = _parsed.get(key)
    except TypeError:  # an unhashable value (a JSON column on PostgreSQL): build every time
        return build(row)
    if found is None:
        if len(_parsed) >= _MAX_PARSED:
            _parsed.clear()
        found = _parsed[key] = build(row)
    return found


def _session(row: dict[str, Any]) -> Session:
    session: Session = _row(Session, "s", row)
    session.user = _row(StaffUser, "u", row)
    return session


_SESSION = Statement.of(
    "auth.session",
    f"""SELECT {_columns(Session, "s")}, {_columns(StaffUser, "u")}
FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE s.token_hash = ?""",
)
_API_KEY = Statement.of(
    "auth.api_key", f"SELECT {_columns(ApiKey, 'k')} FROM api_key k WHERE k.public_id = ?"
)
_TOUCH_SESSION = Statement.of(
    "auth.touch_session", "UPDATE staff_session SET last_used_at = ? WHERE id = ?"
)
_TOUCH_KEY = Statement.of("auth.touch_api_key", "UPDATE api_key SET last_used_at = ? WHERE id = ?")


async def session_by_token_hash(token_hash: str) -> Session | None:
    """The session with its user attached (`session.user`)."""
    rows = await (await connections.reader()).rows(_SESSION, [token_hash])
    if not rows:
        return None
    session: Session = _memo(rows[0], _session)
    return session


async def api_key_by_public_id(public_id: str) -> ApiKey | None:
    rows = await (await connections.reader()).rows(_API_KEY, [public_id])
    return _memo(rows[0], lambda row: _row(ApiKey, "k", row)) if rows else None


async def touch_session(session_id: int, now: datetime) -> None:
    await TortoiseExecutor(db.connection()).run(_TOUCH_SESSION, [now, session_id])


async def touch_api_key(key_id: int, now: datetime) -> None:
    await TortoiseExecutor(db.connection()).run(_TOUCH_KEY, [now, key_id])
