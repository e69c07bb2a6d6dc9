"""Group commit: callers answered after their batch's commit; one bad row fails only its caller;
a caller that goes away leaves its row to commit all the same."""

from __future__ import annotations

import asyncio

import pytest

from server.sql.group_commit import GroupCommit


async def test_a_cancelled_caller_s_row_still_commits() -> None:
    committed: list[list[int]] = []
    gate = asyncio.Event()

    async def write(items: list[int]) -> None:
        await gate.wait()
        committed.append(items)

    group: GroupCommit[int] = GroupCommit(write)
    first = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)  # the first batch is being written
    gone = asyncio.create_task(group.submit(2))  # queued for the next batch
    kept = asyncio.create_task(group.submit(3))
    await asyncio.sleep(0)
    gone.cancel()
    gate.set()
    await asyncio.gather(first, kept)
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert committed == [[1], [2, 3]]
    assert group.commits == 2


async def test_a_bad_row_fails_only_its_own_caller() -> None:
    committed: list[list[int]] = []

    async def write(items: list[int]) -> None:
        if -1 in items:
            raise ValueError("bad row")
        committed.append(items)

    group: GroupCommit[int] = GroupCommit(write)
    results = await asyncio.gather(
        group.submit(1), group.submit(-1), group.submit(2), return_exceptions=True
    )
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], ValueError)
    assert committed == [[1], [2]]
