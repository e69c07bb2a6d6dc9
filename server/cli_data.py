"""`vouch advocates ...` (import, export, erase) and `vouch payouts ...` (payout files, Stripe
credits): operator commands on the same services the API uses, with progress bars."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from server.errors import MAX_ID

if TYPE_CHECKING:
    from server.payouts.files import Provider

T = TypeVar("T")
advocates = typer.Typer(no_args_is_help=True, help="Advocates in bulk: import, export, erase.")
payouts = typer.Typer(no_args_is_help=True, help="Pay approved rewards: payout files, Stripe.")
err = Console(stderr=True)

CampaignOpt = Annotated[str, typer.Option("--campaign", help="The campaign's slug.")]
FormatOpt = Annotated[str, typer.Option("--format", help="paypal or wise.")]


class Refused(Exception):
    """Something the operator can fix: one line on stderr, exit 1."""


def _fail(message: str) -> NoReturn:
    # These commands report their own refusals (one line, status 1).
    typer.echo(f"vouch: {message}", err=True)
    raise typer.Exit(1)


def _run(work: Callable[[], Awaitable[T]]) -> T:
    from server.cli_app import HumanError, _run, _settings
    from server.errors import DomainError

    async def translated() -> T:
        try:
            return await work()
        except DomainError as exc:
            where = f" ({exc.field})" if exc.field else ""
            raise Refused(f"{exc.message}{where}") from None

    try:
        return _run(_settings(), translated)
    except (HumanError, Refused) as exc:
        _fail(str(exc))


def _check_output(output: Path | None) -> None:
    """Refuse an --output that cannot be written before any work is done (or recorded)."""
    if output is not None and (output.is_dir() or not output.parent.is_dir()):
        _fail(f"cannot write {output}: no such directory, or it is one")


def _write(output: Path | None, text: str) -> None:
    from server.cli_app import HumanError
    from server.cli_app import _write as write_file

    try:
        write_file(output, text)
    except HumanError as exc:
        _fail(str(exc))


@contextmanager
def _bar(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (stdout may be the data); silent when not a terminal."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {exc}")


def _provider(value: str) -> Provider:
    from server.errors import DomainError
    from server.payouts.files import parse_format

    try:
        return parse_format(value)
    except DomainError as exc:
        _fail(exc.message)


@advocates.command("import")
def import_advocates(
    file: Annotated[Path, typer.Argument(help="CSV with an email column.")], campaign: CampaignOpt
) -> None:
    """Enrol everyone in FILE (columns: email, name, external_id, vanity_code, coupon_code,
    stripe_customer_id). Safe to run again: enrolled people are left as they were."""
    from server.advocates import bulk
    from server.audit.service import CLI
    from server.clock import SystemClock

    text = _read(file)

    async def work() -> bulk.ImportReport:
        found = await bulk.campaign_by_slug(campaign)
        with _bar("Enrolling", bulk.count_lines(text)) as advance:
            return await bulk.import_csv(
                campaign_id=found.id, text=text, actor=CLI, clock=SystemClock(), progress=advance
            )

    report = _run(work)
    for p in report.problems:
        typer.echo(f"line {p.line}{f' [{p.column}]' if p.column else ''}: {p.message}")
    typer.echo(
        f"{report.lines} lines: {report.created} enrolled, {report.existing} already enrolled, "
        f"{len(report.problems)} with problems"
    )
    if report.problems:
        raise typer.Exit(2)


@advocates.command("export")
def export_advocates(
    campaign: CampaignOpt,
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """The campaign's advocates as CSV (formula-safe cells)."""
    from server.advocates import bulk
    from server.audit.service import CLI
    from server.clock import SystemClock
    from server.referrals.models import ReferralLink
    from server.settings import load_settings

    public_url = load_settings().public_url

    async def work() -> str:
        found = await bulk.campaign_by_slug(campaign)
        total = await ReferralLink.filter(campaign_id=found.id).count()
        with _bar("Exporting", total) as advance:
            text, rows = await bulk.export_csv(
                campaign_id=found.id, public_url=public_url, progress=advance
            )
        await bulk.record_export(campaign=found, rows=rows, actor=CLI, clock=SystemClock())
        return text

    _check_output(output)
    text = _run(work)
    _write(output, text)
    if output is not None:
        err.print(f"Wrote {output}")


@advocates.command("erase")
def erase(
    reason: Annotated[str, typer.Option(help="Why (e.g. the request's reference).")],
    # A number out of the keys' range is a wrong value (one line), not a database error.
    advocate: Annotated[
        int | None, typer.Option(help="The advocate's number.", min=1, max=MAX_ID)
    ] = None,
    email: Annotated[str | None, typer.Option(help="The advocate's email.")] = None,
    friend_of_referral: Annotated[
        int | None,
        typer.Option(help="Erase the friend of this referral number.", min=1, max=MAX_ID),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; it is irreversible.")] = False,
) -> None:
    """GDPR erasure of an advocate (--advocate or --email) or a friend (--friend-of-referral):
    irreversible pseudonymisation; amounts and the audit trail's structure stay."""
    from server.advocates import erasure
    from server.advocates.models import Advocate
    from server.audit.service import CLI
    from server.clock import SystemClock
    from server.referrals.rules import normalize_email

    if [advocate, email, friend_of_referral].count(None) != 2:
        _fail("give exactly one of --advocate, --email, --friend-of-referral")
    if not yes and not typer.confirm("This cannot be undone. Erase?"):
        _fail("nothing was erased")

    async def work() -> erasure.Erased:
        if friend_of_referral is not None:
            return await erasure.erase_friend(
                referral_id=friend_of_referral, reason=reason, actor=CLI, clock=SystemClock()
            )
        advocate_id = advocate
        if email is not None:
            found = await Advocate.get_or_none(email=normalize_email(email))
            if found is None:
                raise Refused("no advocate has this email")
            advocate_id = found.id
        assert advocate_id is not None
        return await erasure.erase_advocate(
            advocate_id=advocate_id, reason=reason, actor=CLI, clock=SystemClock()
        )

    done = _run(work)
    typer.echo(f"Erased: now {done.pseudonym}; {done.audit_events} audit events pseudonymised.")


@payouts.command("export")
def export_payouts(
    format: FormatOpt,
    campaign: Annotated[str | None, typer.Option(help="Only this campaign (slug).")] = None,
    currency: Annotated[str | None, typer.Option(help="Only this currency.")] = None,
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Approved, unpaid cash rewards as a PayPal Payouts or Wise batch file."""
    from server.payouts import files, service

    kind = _provider(format)

    async def work() -> tuple[str, int]:
        rows = await service.payable(campaign_slug=campaign, currency=currency)
        return files.export(kind, rows), len(rows)

    _check_output(output)
    text, count = _run(work)
    _write(output, text)
    err.print(f"{count} payouts")


@payouts.command("import")
def import_payouts(
    file: Annotated[Path, typer.Argument(help="The provider's result file (CSV).")],
    format: FormatOpt,
) -> None:
    """Mark the rewards a result file says were paid FULFILLED, each exactly once."""
    from server.audit.service import CLI
    from server.clock import SystemClock
    from server.payouts import service

    kind = _provider(format)
    text = _read(file)

    async def work() -> service.PayoutImport:
        with _bar("Matching", max(text.count("\n"), 1)) as advance:
            return await service.import_results(
                kind, text, actor=CLI, clock=SystemClock(), progress=advance
            )

    report = _run(work)
    for p in report.problems:
        typer.echo(f"line {p.line}: {p.message}")
    typer.echo(
        f"{report.fulfilled} fulfilled, {report.already} already fulfilled, "
        f"{report.skipped} not paid by the provider, {len(report.problems)} not matched"
    )
    if report.problems:
        raise typer.Exit(2)


@payouts.command("stripe-run")
def stripe_run() -> None:
    """Credit approved rewards to their recipients' Stripe customer balances now."""
    from server.clock import SystemClock
    from server.payouts.stripe_credit import credits_from_settings
    from server.settings import load_settings

    runner = credits_from_settings(load_settings())
    if runner is None:
        _fail("set VOUCH_STRIPE_API_KEY first")
    done = _run(lambda: runner.run_once(clock=SystemClock()))
    typer.echo(f"Stripe credits: {done.queued} queued, {done.credited} credited, "
               f"{done.failed} failed")  # fmt: skip


def attach(app: typer.Typer) -> None:
    app.add_typer(advocates, name="advocates")
    app.add_typer(payouts, name="payouts")
