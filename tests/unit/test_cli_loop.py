"""The CLI's event loop leaves out asyncio's report of a connection that failed with nobody
left to read it (Ctrl-C while a database had not answered): the command's outcome is its one
`vouch:` line. Every other loop error is still reported."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from server.cli_app import _asyncio_run


async def _abandon(exc: BaseException) -> None:
    asyncio.get_running_loop().create_future().set_exception(exc)  # never awaited


@pytest.mark.parametrize(
    ("exc", "reported"),
    [
        (ConnectionError("unexpected connection_lost() call"), False),
        (ValueError("a bug"), True),
    ],
)
def test_only_dropped_connections_go_unreported(
    exc: BaseException, reported: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        _asyncio_run(_abandon(exc))
        gc.collect()
    said = [r.getMessage() for r in caplog.records if r.name == "asyncio"]
    assert any("never retrieved" in line for line in said) is reported, said
