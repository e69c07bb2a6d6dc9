"""Tortoise configuration, migrations and the database-level checks the CLI needs."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import get_connection
from tortoise.context import TortoiseContext

from server.settings import Settings

APP_LABEL = "models"
MODEL_MODULES = [
    "server.accounts.models",
    "server.campaigns.models",
    "server.advocates.models",
    "server.referrals.models",
    "server.rewards.models",
    "server.milestones.models",
    "server.notifications.models",
    "server.audit.models",
    "server.fraud.models",
    "server.election.models",
    "server.webhooks.models",
    "server.payouts.models",
    "server.email.models",
    "server.integrations.models",
    "server.analytics.models",
]
MIGRATIONS_MODULE = "server.migrations"


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be used; the message says why."""


# DATABASE_URL's query options for PostgreSQL, read once here for Tortoise's pool and for every
# connection of our own (server/sql/pg_writer.own_connection: the LISTEN connection, the click
# writer, committed reads, the election and migration locks). Tortoise's (pool size, schema)
# and asyncpg's keyword arguments (numbers) are passed as such; libpq's connect_timeout is
# asyncpg's timeout, and ssl=true/false/MODE its sslmode. Every other option reaches asyncpg
# in the URL (`dsn`), which reads it as libpq does: sslmode, sslrootcert, sslcert, sslkey,
# target_session_attrs ..., and any other name as a server setting (application_name,
# statement_timeout, idle_in_transaction_session_timeout ...).
_WHERE = frozenset({"host", "port", "user", "password", "database"})
_NUMBERS: dict[str, type[int] | type[float]] = {
    "minsize": int,
    "maxsize": int,
    "max_queries": int,
    "max_inactive_connection_lifetime": float,
    "timeout": float,
    "connect_timeout": float,
    "command_timeout": float,
    "statement_cache_size": int,
    "max_cached_statement_lifetime": int,
    "max_cacheable_statement_size": int,
}
_SSL_MODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
_SSL_WORDS = {"true": "require", "1": "require", "false": "disable", "0": "disable"}


def postgres_options(query: str) -> tuple[dict[str, Any], dict[str, str]]:
    """(keyword arguments, options for asyncpg's URL) from a PostgreSQL DATABASE_URL's query;
    a value that cannot be used raises DatabaseUrlError naming it."""
    arguments: dict[str, Any] = {}
    in_url: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name in _WHERE:
            continue  # where to connect: Tortoise reads these from the URL
        if name in _NUMBERS:
            try:
                number = _NUMBERS[name](value)
            except ValueError:
                raise DatabaseUrlError(
                    f"DATABASE_URL option {name} must be a number, not {value!r}"
                ) from None
            arguments["timeout" if name == "connect_timeout" else name] = number
        elif name == "schema":
            arguments[name] = value
        elif name in ("ssl", "sslmode"):
            mode = _SSL_WORDS.get(value.lower(), value) if name == "ssl" else value
            if mode not in _SSL_MODES:
                raise DatabaseUrlError(
                    f"DATABASE_URL option {name}={value} is not one of "
                    + ", ".join(sorted(_SSL_MODES))
                )
            in_url["sslmode"] = mode
        else:
            in_url[name] = value
    return arguments, in_url


def tortoise_url(database_url: str, *, sqlite_synchronous: str = "NORMAL") -> str:
    """Translate a user-facing DATABASE_URL into the URL Tortoise expects."""
    try:
        parts = urlsplit(database_url)
        scheme = parts.scheme.lower()
        if scheme != "sqlite":
            parts.port  # noqa: B018 - a port that is not a number raises here, not at connect
    except ValueError as exc:
        raise DatabaseUrlError(f"DATABASE_URL cannot be parsed: {exc}") from None
    if scheme in {"postgres", "postgresql", "asyncpg"}:
        # The host is the URL's, or a Unix socket directory given as `?host=/run/postgresql`
        # (as libpq reads it), for a local server reached through its socket.
        socket_dir = dict(parse_qsl(parts.query)).get("host", "")
        if not (parts.hostname or socket_dir.startswith("/")) or not parts.path.strip("/"):
            raise DatabaseUrlError(
                "DATABASE_URL for PostgreSQL needs a host (or ?host=/socket/directory) "
                "and a database name"
            )
        postgres_options(parts.query)  # refused now, not at the first connection
        return urlunsplit(("asyncpg", parts.netloc, parts.path, parts.query, ""))
    if scheme == "sqlite":
        if database_url.startswith("sqlite://:memory:"):
            return database_url
        query = dict(parse_qsl(parts.query))
        query.setdefault("synchronous", sqlite_synchronous)
        query.setdefault("busy_timeout", "5000")
        base = database_url.split("?", 1)[0]
        if base in {"sqlite://", "sqlite:///"}:
            raise DatabaseUrlError(
                "DATABASE_URL for SQLite needs a file path, e.g. sqlite://vouch.db"
            )
        return f"{base}?{urlencode(query)}"
    raise DatabaseUrlError(
        f"DATABASE_URL scheme {parts.scheme or '(none)'!r} is not supported; "
        "use sqlite://FILE or postgres://USER:PASSWORD@HOST:PORT/DB"
    )


def check_sqlite_file(database_url: str) -> None:
    """A SQLite file must be creatable where DATABASE_URL points: a missing or unwritable
    directory, an unwritable file or a directory in its place is named before any connection
    is tried (aiosqlite would never answer a failed open)."""
    path = sqlite_path(database_url)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseUrlError(f"DATABASE_URL points at a directory, not a SQLite file: {path}")
    if not path.parent.is_dir():
        raise DatabaseUrlError(f"DATABASE_URL names a directory that does not exist: {path.parent}")
    # SQLite creates the file, its WAL and shared-memory files there, even to read: an open
    # that cannot hung `vouch migrate` / `vouch up` for good (a read-only mount or directory).
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseUrlError(
            f"cannot write in {path.absolute().parent}: SQLite keeps its database, WAL and"
            " shared-memory files there"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseUrlError(f"cannot read and write the SQLite database {path}")


def tortoise_config(settings: Settings, *, database_url: str | None = None) -> dict[str, Any]:
    url = tortoise_url(
        database_url or settings.database_url, sqlite_synchronous=settings.sqlite_synchronous
    )
    from tortoise.backends.base.config_generator import expand_db_url

    connection = expand_db_url(url)
    if connection["engine"].endswith("asyncpg"):
        credentials = connection["credentials"]
        arguments, in_url = postgres_options(urlsplit(url).query)
        for name in list(credentials):  # Tortoise's reading of the options (ssl as a bool)
            if name not in _WHERE:
                del credentials[name]
        credentials.update(arguments)
        if in_url:
            credentials["dsn"] = urlunsplit(("postgresql", "", "/", urlencode(in_url), ""))
        credentials.setdefault("maxsize", settings.db_pool_max)
        connection["engine"] = "server.postgres_engine"  # no reset query; our own readers
    elif connection["engine"] == "tortoise.backends.sqlite":
        connection["engine"] = "server.sqlite_engine"  # BEGIN IMMEDIATE for write transactions
    return {
        "connections": {"default": connection},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def connection() -> BaseDBAsyncClient:
    return get_connection("default")


def dialect() -> str:
    """'sqlite' or 'postgres': the two SQL dialects raw analytics queries are written for."""
    return "sqlite" if connection().capabilities.dialect == "sqlite" else "postgres"


async def migrate(settings: Settings, *, target: str | None = None) -> None:
    """Apply the migrations (up to `target`, e.g. "models.0017_restore_indexes", stepping back
    when the database is ahead of it).

    On SQLite they run with foreign keys off, as SQLite's table-rebuild procedure requires:
    altering or dropping a column rebuilds the table and drops the old one, and with foreign
    keys on, that drop deletes the rows other tables reference — refused ("FOREIGN KEY
    constraint failed") on any database holding data. The references are checked once the
    migrations are done, and the connection (foreign keys off) is closed."""
    from tortoise import Tortoise
    from tortoise.migrations.api import migrate as run_migrations

    config = tortoise_config(settings)
    default = config["connections"]["default"]
    sqlite = default["engine"] == "server.sqlite_engine"
    if sqlite:
        default["credentials"]["foreign_keys"] = "OFF"
    if not sqlite:
        async with _one_migration_at_a_time(config):
            await run_migrations(config=config, target=target)
        return
    await run_migrations(config=config, target=target)
    try:
        broken = await connection().execute_query_dict("PRAGMA foreign_key_check")
        if broken:
            raise RuntimeError(f"the migrations broke {len(broken)} references: {broken[:5]}")
    finally:
        await Tortoise.close_connections()


@asynccontextmanager
async def _one_migration_at_a_time(config: dict[str, Any]) -> AsyncIterator[None]:
    """PostgreSQL: one `vouch migrate` at a time on a database (two deploys' release steps, or a
    release and an operator, at once; both used to create the same tables and one failed). A
    session advisory lock on a connection of its own: the second waits for the first, then
    finds the migrations applied. SQLite serialises them with its write lock already."""
    from tortoise import Tortoise

    from server.election.service import lock_key
    from server.postgres_engine import VouchAsyncpgClient
    from server.sql.pg_writer import own_connection

    await Tortoise.init(config=config)
    client = connection()
    assert isinstance(client, VouchAsyncpgClient)
    conn = await own_connection(client)
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", lock_key("migrate"))
        yield
    finally:
        conn.terminate()  # ends the session, and the lock with it


def sqlite_path(database_url: str) -> Path | None:
    """The file a SQLite DATABASE_URL names (None for PostgreSQL or an in-memory database)."""
    if not database_url.startswith("sqlite://") or database_url.startswith("sqlite://:memory:"):
        return None
    return Path(database_url.split("?", 1)[0].removeprefix("sqlite://"))


@contextmanager
def one_setup_at_a_time(settings: Settings, *, waiting: Callable[[], None]) -> Iterator[None]:
    """SQLite: one process at a time migrates and prepares a database file. Two `vouch up` (or
    `vouch migrate`) started together both created the tables, and the second failed with a
    traceback ('table ... already exists') or 'busy, try again'. An exclusive lock on
    `<file>.lock` beside the database: the second calls `waiting` once and waits for the first,
    then finds the work done. The kernel drops the lock with its holder (a crash, kill -9).
    PostgreSQL: a session advisory lock (not migrate's own key, which `migrate` takes inside)
    on a connection of its own, open for the whole preparation: two `vouch up` on one fresh
    database both found no staff account and the second failed creating the same admin. The
    server drops the lock with the session (a crash, kill -9)."""
    import fcntl

    if settings.database_url.startswith(("postgres://", "postgresql://")):
        with _pg_one_setup_at_a_time(settings, waiting):
            yield
        return
    path = sqlite_path(settings.database_url)
    if path is None:
        yield
        return
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and the lock with it


@contextmanager
def _pg_one_setup_at_a_time(settings: Settings, waiting: Callable[[], None]) -> Iterator[None]:
    """The lock is the server's: the connection's event loop need not run while it is held,
    only to take it and to close the connection."""
    import asyncio

    from server.election.service import lock_key
    from server.postgres_engine import VouchAsyncpgClient
    from server.sql.pg_writer import own_connection

    credentials = dict(tortoise_config(settings)["connections"]["default"]["credentials"])
    client = VouchAsyncpgClient(connection_name="setup-lock", **credentials)
    key = lock_key("setup")
    loop = asyncio.new_event_loop()
    conn: Any = None
    try:

        async def take() -> Any:
            opened = await own_connection(client, application_name="vouch setup")
            if not await opened.fetchval("SELECT pg_try_advisory_lock($1)", key):
                waiting()
                await opened.execute("SELECT pg_advisory_lock($1)", key)
            return opened

        conn = loop.run_until_complete(take())
        yield
    finally:
        if conn is not None:
            conn.terminate()  # ends the session, and the lock with it
        loop.close()


async def pending_model_changes(settings: Settings, *, write: bool = False) -> list[str]:
    """Migrations the models need beyond those on disk; `write` creates their files."""
    from tortoise.migrations.autodetector import MigrationAutodetector

    config = tortoise_config(settings, database_url="sqlite://:memory:")
    # An isolated context, so checking never disturbs an application's open connections.
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
        if write:
            for writer in writers:
                writer.write()
        return [f"{w.app_label}.{w.name}" for w in writers]


def _on_disk() -> list[str]:
    import pkgutil

    from server import migrations

    return sorted(
        name for _, name, _ in pkgutil.iter_modules(migrations.__path__) if name[:4].isdigit()
    )


async def _applied() -> set[str]:
    rows = await connection().execute_query_dict(
        "SELECT name FROM tortoise_migrations WHERE app = 'models'"
    )
    return {str(r["name"]) for r in rows}


async def unapplied_migrations() -> list[str]:
    """Migration files on disk that the database has not recorded as applied."""
    applied = await _applied()
    return [name for name in _on_disk() if name not in applied]


async def unknown_migrations() -> list[str]:
    """Migrations the database recorded that this version has no file for (a newer Vouch
    migrated it)."""
    return sorted((await _applied()) - set(_on_disk()))


async def never_migrated() -> bool:
    """The database has no migration table at all (a new file, an empty database)."""
    from tortoise.exceptions import OperationalError

    try:
        await _applied()
    except OperationalError as exc:
        if "tortoise_migrations" in str(exc):
            return True
        raise
    return False


async def ping() -> None:
    """The database answers (and, on SQLite, its file is still the one opened)."""
    from server.sqlite_engine import ImmediateSqliteClient

    client = connection()
    await client.execute_query("SELECT 1")
    if isinstance(client, ImmediateSqliteClient):
        client.check_file()


async def read_only() -> bool:
    """The database takes no writes: PostgreSQL a standby or read-only by default (a failover,
    maintenance, a provider's full-disk guard); SQLite's file or its directory (the WAL)
    not writable (a read-only mount, an immutable file)."""
    from server.sqlite_engine import ImmediateSqliteClient

    client = connection()
    if isinstance(client, ImmediateSqliteClient):
        path = Path(client.filename)
        if client.filename == ":memory:":
            return False
        return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    rows = await client.execute_query_dict(
        "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS ro"
    )
    return bool(rows[0]["ro"])


def dialect_of(settings: Settings) -> str:
    """The dialect a DATABASE_URL selects, without opening a connection."""
    return "postgres" if tortoise_url(settings.database_url).startswith("asyncpg") else "sqlite"
