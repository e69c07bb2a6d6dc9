"""`vouch rollups ...`: the analytics counters (server/analytics/rollups.py)."""

from __future__ import annotations

import typer

rollups = typer.Typer(no_args_is_help=True, help="Analytics counters (rollups).")


@rollups.command("rebuild")
def rebuild() -> None:
    """Recompute the analytics rollups from the recorded events (one campaign per transaction)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from server import db
    from server.analytics import rebuild as counters
    from server.cli_app import _run, _settings

    async def work() -> int:
        total = len(await counters.campaign_ids(db.connection()))
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
        with Progress(
            *columns, TimeRemainingColumn(), console=Console(stderr=True), transient=False
        ) as progress:
            task = progress.add_task("Rebuilding rollups", total=total)
            return await counters.rebuild(lambda _cid: progress.advance(task))

    done = _run(_settings(), work)
    typer.echo(f"Rollups rebuilt for {done} campaign(s).")
