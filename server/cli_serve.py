"""What `vouch up` does besides migrating, and `vouch serve`: the server's socket, one
preparation of a database at a time, the first owner account, demo data, and uvicorn. Imported
by the commands (server/cli_app.py) when they run; that module owns `HumanError` and the
event-loop runners this one borrows."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import TYPE_CHECKING

import typer

from server import db
from server.cli_app import HumanError, _asyncio_run, _explain, _run
from server.settings import Env, Settings

if TYPE_CHECKING:
    from server.accounts.passwords import Passwords
    from server.errors import DomainError


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound now and kept until uvicorn listens on it: between a check and
    uvicorn's own bind, another process (a second `vouch up`) could take the port, and
    uvicorn's refusal was a log line, not this one."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    # As uvicorn binds: connections of a killed predecessor left in TIME_WAIT must not
    # keep a restarted server off its port (a crash loop under a supervisor).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # Listening at once: two sockets merely bound with SO_REUSEADDR may share a port.
        # Clients that come early wait in the backlog until the app serves them.
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise HumanError(
                f"port {port} on {host} is already in use; pick another with --port"
            ) from None
        raise HumanError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    except BaseException:
        sock.close()
        raise
    return sock


@contextmanager
def one_setup_at_a_time(settings: Settings) -> Iterator[None]:
    """Another process preparing the same database: say so, wait for it (server/db.py)."""

    def waiting() -> None:
        typer.echo(
            "Another vouch process is migrating this database; waiting for it to finish...",
            err=True,
        )

    with ExitStack() as held:
        try:
            held.enter_context(db.one_setup_at_a_time(settings, waiting=waiting))
        except Exception as exc:  # PostgreSQL's lock needs a connection: refused, bad password
            said = _explain(exc, settings)
            if said is None:
                raise
            raise HumanError(said) from None
        yield


def _check_limit_storage(settings: Settings) -> None:
    from server.ratelimit import StorageError, check_storage

    if not settings.rate_limits_enabled:
        return
    try:
        _asyncio_run(check_storage(settings.rate_limit_storage))
    except StorageError as exc:
        raise HumanError(str(exc)) from None


def serve(
    settings: Settings, host: str, port: int, workers: int = 1, sock: socket.socket | None = None
) -> None:
    import uvicorn

    from server.app import create_app
    from server.logs import configure
    from server.serving import DrainingServer, uvicorn_options

    if workers > 1:
        listen(host, port).close()  # uvicorn binds once for its workers
    elif sock is None:
        sock = listen(host, port)
    _check_limit_storage(settings)
    typer.echo(f"Vouch is serving on http://{host}:{port}  (GraphiQL at /graphql)")

    configure(settings.log_format, settings.log_level)
    # The app applies FORWARDED_ALLOW_IPS itself (server/app.py); uvicorn's logging config would
    # replace ours, and its access log holds raw client addresses.
    if workers > 1:
        # Each worker process builds its own app from the same environment.
        uvicorn.run(
            "server.asgi:create",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            **uvicorn_options(settings.log_level),
        )
        return
    assert sock is not None
    config = uvicorn.Config(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        **uvicorn_options(settings.log_level),
    )
    server = DrainingServer(config, settings.drain_seconds)
    # Ctrl-C: uvicorn shuts down gracefully, then raises it again (uvicorn.run ends quietly).
    with sock, suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    if not server.started:  # the app did not start (uvicorn.run's status for it)
        raise SystemExit(3)


def _admin_refused(exc: DomainError, *, email_from: str) -> str:
    """An owner account refused, naming the setting or option to change."""
    source = {"password": "VOUCH_ADMIN_PASSWORD", "email": email_from}.get(exc.field or "")
    return f"{source}: {exc.message}" if source else exc.message


async def create_owner(
    settings: Settings, email: str, name: str, *, email_from: str, said: str
) -> None:
    """An owner account (password from VOUCH_ADMIN_PASSWORD, else generated and printed once),
    announced as `said` + its email; a refusal is one line naming the setting or option to
    change (`email_from` for the email)."""
    from server.accounts import service
    from server.accounts.models import Role
    from server.audit.service import CLI
    from server.clock import SystemClock
    from server.errors import DomainError

    password = settings.admin_password.get_secret_value() if settings.admin_password else None
    try:
        created = await service.create_user(
            email=email,
            name=name,
            role=Role.OWNER,
            password=password,
            passwords=_passwords(settings),
            actor=CLI,
            clock=SystemClock(),
        )
    except DomainError as exc:
        raise HumanError(_admin_refused(exc, email_from=email_from)) from None
    typer.echo(f"{said}{created.user.email}")
    if created.generated_password:
        typer.echo(f"  password (shown once): {created.generated_password}")


def ensure_admin(settings: Settings) -> None:
    from server.accounts import service

    async def work() -> None:
        if await service.any_staff():
            return
        email = settings.admin_email or "admin@example.com"
        said = "Created the first admin: "
        await create_owner(settings, email, "Admin", email_from="VOUCH_ADMIN_EMAIL", said=said)

    _run(settings, work)


def _passwords(settings: Settings) -> Passwords:
    from server.accounts.passwords import Passwords

    return Passwords(cheap=settings.env is Env.TEST)


def seed_if_empty(settings: Settings, *, force: bool = False) -> None:
    from server import demo
    from server.clock import SystemClock

    async def work() -> None:
        if not force and not await demo.is_empty():
            typer.echo("Demo data skipped: the database already has campaigns.")
            return
        counts = await demo.seed(clock=SystemClock())
        typer.echo("Loaded demo data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))

    _run(settings, work)
