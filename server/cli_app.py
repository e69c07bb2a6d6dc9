"""`vouch`: run, migrate and administer a Vouch server.

The commands themselves; `server.cli` is the entry point that imports this module (its
imports take most of the command's first half second) with its signals already handled."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from server import cli_rollups, db
from server.cli_data import attach as attach_data
from server.settings import Settings, SettingsError, load_settings

T = TypeVar("T")
app = typer.Typer(
    add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_enable=False
)
jobs = typer.Typer(no_args_is_help=True, help="Background jobs.")

HostOpt = Annotated[str, typer.Option(help="Interface to listen on.")]
PortOpt = Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)]
WorkersOpt = Annotated[
    int,
    typer.Option(
        help="Worker processes (uvicorn workers). More than one needs PostgreSQL for heavy "
        "writes and a shared VOUCH_RATE_LIMIT_STORAGE for limits to be shared.",
        min=1,
        max=64,
    ),
]


INTERRUPTED = 130  # the status of a command stopped by Ctrl-C


class HumanError(Exception):
    """Something the operator can fix; printed as one line, no traceback."""


def _settings() -> Settings:
    try:
        settings = load_settings()
        db.tortoise_url(settings.database_url)
        db.check_sqlite_file(settings.database_url)
    except (SettingsError, db.DatabaseUrlError) as exc:
        raise HumanError(str(exc)) from None
    return settings


def _write(output: Path | None, text: str) -> None:
    """Write a generated file (stdout without --output); an unwritable path is one line."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HumanError(f"cannot write {output}: {exc.strerror or exc}") from None


def _explain(exc: BaseException, settings: Settings) -> str | None:
    """Turn well-known connection failures into a sentence; None means 'a real bug'."""
    name = type(exc).__name__
    text = str(exc) or name
    if name in {"UndefinedObjectError", "InvalidParameterValueError"} and "parameter" in text:
        # A server setting given as a DATABASE_URL option (server/db.py) it does not take.
        return f"the database refused an option of DATABASE_URL: {text}"
    # ConnectionError: refused, reset, or an SSL upgrade the server rejected (?sslmode=require).
    if isinstance(exc, ConnectionError | socket.gaierror | TimeoutError) or name in {
        "InvalidPasswordError",
        "InvalidCatalogNameError",
        "CannotConnectNowError",
        "InvalidAuthorizationSpecificationError",
        "DBConnectionError",
    }:
        return f"cannot reach the database at {_redacted(settings.database_url)}: {text}"
    if isinstance(exc, OSError) and "sqlite" in settings.database_url:
        return f"cannot open the SQLite database {settings.database_url}: {text}"
    from server.transient import is_transient

    if is_transient(exc):
        return f"the database is busy or unavailable, try again: {text}"
    return None


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def _loop_errors(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's own report of a connection that failed with nobody left to read it (Ctrl-C
    while connecting to a database that had not answered) is not the command's outcome: that
    is its one `vouch:` line."""
    if isinstance(context.get("exception"), OSError) and "never retrieved" in str(
        context.get("message", "")
    ):
        return
    loop.default_exception_handler(context)


def _asyncio_run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` with `_loop_errors` as the loop's exception handler."""
    with asyncio.Runner() as runner:
        runner.get_loop().set_exception_handler(_loop_errors)
        return runner.run(main)


def _run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` with the database open, translating operator errors."""
    from tortoise import Tortoise

    async def wrapped() -> T:
        try:
            await Tortoise.init(config=db.tortoise_config(settings))
            await _check_migrated()
            return await work()
        finally:
            await Tortoise.close_connections()

    from server.errors import DomainError

    try:
        return _asyncio_run(wrapped())
    except HumanError:
        raise
    except DomainError as exc:  # a refusal of what the operator gave: one line, no traceback
        raise HumanError(exc.message) from None
    except Exception as exc:
        message = _explain(exc, settings) or _explain(exc.__cause__ or exc, settings)
        if message is None:
            raise
        raise HumanError(message) from None


async def _check_migrated() -> None:
    """A command on a database `vouch migrate` has not prepared was a traceback ('no such
    table: ledger_entry')."""
    if await db.never_migrated():
        raise HumanError("the database is not migrated: run `vouch migrate` first")
    missing = await db.unapplied_migrations()
    if missing:
        raise HumanError(
            f"the database is {len(missing)} migration(s) behind this version of Vouch "
            f"({missing[0]} first): run `vouch migrate` first"
        )


def _migrate(settings: Settings) -> None:
    from tortoise import Tortoise

    async def work() -> None:
        try:
            await db.migrate(settings)
            await Tortoise.init(config=db.tortoise_config(settings))
            unknown = await db.unknown_migrations()
        finally:
            await Tortoise.close_connections()  # an open aiosqlite thread would keep us alive
        if unknown:  # said, not refused: a rolled-back release still migrates and serves
            typer.echo(
                f"vouch: warning: the database has {len(unknown)} migration(s) this version"
                f" of Vouch does not know ({', '.join(unknown)}): a newer Vouch migrated it",
                err=True,
            )

    try:
        _asyncio_run(work())
    except Exception as exc:
        message = _explain(exc, settings) or _explain(exc.__cause__ or exc, settings)
        if message is None:
            raise
        raise HumanError(message) from None


@app.command()
def up(host: HostOpt = "127.0.0.1", port: PortOpt = 8000) -> None:
    """Migrate, create the first admin if none, load demo data if empty, then serve."""
    settings = _settings()
    # A second `vouch up` on the same file waits for this one's preparation, then finds the
    # port taken (bound here) or serves on its own.
    from server import cli_serve

    with cli_serve.one_setup_at_a_time(settings):
        sock = cli_serve.listen(host, port)
        try:
            _migrate(settings)
            cli_serve.ensure_admin(settings)
            cli_serve.seed_if_empty(settings)
        except BaseException:
            sock.close()
            raise
    cli_serve.serve(settings, host, port, sock=sock)


@app.command()
def serve(host: HostOpt = "127.0.0.1", port: PortOpt = 8000, workers: WorkersOpt = 1) -> None:
    """Serve the API (migrations must already be applied)."""
    from server import cli_serve

    cli_serve.serve(_settings(), host, port, workers)


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    from server import cli_serve

    settings = _settings()
    with cli_serve.one_setup_at_a_time(settings):
        _migrate(settings)
    typer.echo("Migrations applied.")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True)],
    name: Annotated[str, typer.Option()] = "Admin",
) -> None:
    """Create an owner account (password from VOUCH_ADMIN_PASSWORD, else generated)."""
    from server.cli_serve import create_owner

    settings = _settings()

    async def work() -> None:
        await create_owner(settings, email, name, email_from="--email", said="Created ")

    _run(settings, work)


@app.command("seed-demo")
def seed_demo(
    force: Annotated[bool, typer.Option(help="Load even if campaigns exist.")] = False,
) -> None:
    """Load fake demo data when the database has no campaigns."""
    from server.cli_serve import seed_if_empty

    seed_if_empty(_settings(), force=force)


@app.command("export-schema")
def export_schema(
    output: Annotated[Path | None, typer.Option(help="File to write; stdout if omitted.")] = None,
) -> None:
    """Print the GraphQL schema (SDL) that schema.graphql must match."""
    from server.graphql.schema import schema

    text = schema.as_str() + "\n"
    _write(output, text)


@app.command("export-trusted-documents")
def export_trusted_documents(
    output: Annotated[Path | None, typer.Option(help="File to write; stdout if omitted.")] = None,
) -> None:
    """Print the trusted-document registry (server/graphql/trusted_documents.json): the bot's
    operations by SHA-256, the only documents a bot key may run."""
    from bot.api.client import operations
    from server.graphql.trusted import manifest_text

    text = manifest_text(operations())
    _write(output, text)


@app.command("export-docs")
def export_docs(
    output: Annotated[Path | None, typer.Option(help="File to write; stdout if omitted.")] = None,
    doc: Annotated[str, typer.Option(help="security or fraud.")] = "security",
) -> None:
    """Print docs/security.md (roles, permissions, limits) or docs/fraud.md (the fraud rule
    table), generated from the code."""
    from server.docs import fraud_doc, security_doc

    if doc not in ("security", "fraud"):
        raise HumanError("--doc is security or fraud.")
    text = security_doc() if doc == "security" else fraud_doc()
    _write(output, text)


@app.command("makemigrations")
def makemigrations(
    check: Annotated[bool, typer.Option(help="Only report; exit 1 if one is missing.")] = False,
) -> None:
    """Write a migration for model changes (or, with --check, fail if one is missing)."""
    missing = _asyncio_run(db.pending_model_changes(_settings(), write=not check))
    if check and missing:
        raise HumanError("models changed without a migration: " + ", ".join(missing))
    typer.echo("\n".join(missing) if missing else "No changes detected.")


app.add_typer(jobs, name="jobs")
attach_data(app)
app.add_typer(cli_rollups.rollups, name="rollups")


@jobs.command("run-once")
def run_once() -> None:
    """Run the periodic jobs once (campaign endings, reward holds, nudges, webhooks, emails)."""
    from functools import partial

    from server.clock import SystemClock
    from server.jobs import email_deliverer, run_due, webhook_deliverer
    from server.payouts.stripe_credit import credits_from_settings
    from server.transient import retrying

    settings = _settings()
    hooks, mails = webhook_deliverer(settings), email_deliverer(settings)
    stripe = credits_from_settings(settings)
    # Safe to repeat: every step is a compare-and-set (another runner may be at it too).
    due = partial(run_due, clock=SystemClock(), webhooks=hooks, emails=mails, stripe=stripe)
    done = _run(settings, lambda: retrying(due, attempts=5))
    typer.echo(", ".join(f"{k}: {v}" for k, v in done.items()))


@app.command("verify-ledger")
def verify_ledger() -> None:
    """Recompute balances from ledger entries and from rewards; exit 1 on any mismatch."""
    from server.rewards.service import Mismatch
    from server.rewards.service import verify_ledger as verify
    from server.rewards.verify import Finding, verify_rewards

    async def both() -> tuple[list[Mismatch], list[Finding]]:
        return await verify(), await verify_rewards()

    mismatches, findings = _run(_settings(), both)
    for m in mismatches:
        typer.echo(f"MISMATCH {m.recipient} {m.currency}: ledger {m.ledger}, rewards {m.expected}")
    for f in findings:
        typer.echo(f"REWARD {f.reward_id} {f.problem}")
    if mismatches or findings:
        raise HumanError(
            f"{len(mismatches)} balance(s) disagree, {len(findings)} reward problem(s)"
        )
    typer.echo(
        "Ledger verified: every balance matches its rewards, and every reward its conversion,"
        " rule version, issued entry and audit event."
    )


def _usage(exc: typer.TyperException) -> str:
    """A wrong command, flag or value as one line, with where to read the right ones."""
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return " ".join(exc.format_message().split()) + where


def run() -> int:
    """Run the command line; every way it ends badly is one `vouch:` line on stderr and a
    non-zero status: an operator's mistake (1), a wrong command, flag or value (2), an
    interrupted prompt (1), Ctrl-C (130). Returns the status."""
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    try:
        status = app(prog_name="vouch", standalone_mode=False)
    except HumanError as exc:
        typer.echo(f"vouch: {exc}", err=True)
        return 1
    except typer.TyperException as exc:  # click's usage errors (and its other ClickExceptions)
        # `vouch jobs` alone: typer has printed its help (as it does in standalone mode).
        if type(exc).__name__ != "NoArgsIsHelpError":
            typer.echo(f"vouch: {_usage(exc)}", err=True)
        return exc.exit_code
    except typer.Abort:  # a prompt's Ctrl-C, or no input to answer it
        typer.echo("vouch: aborted; nothing was done", err=True)
        return 1
    if status == INTERRUPTED:  # typer's answer to Ctrl-C (KeyboardInterrupt) during a command
        typer.echo("vouch: interrupted", err=True)
    return int(status or 0)
