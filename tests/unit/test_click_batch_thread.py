"""A click batch runs to its end in the writer's thread: one that would wait on the event loop
is refused, not left half done."""

from __future__ import annotations

import asyncio

import pytest

from server.sql.click_writer import _to_the_end


def test_a_batch_that_only_runs_statements_completes() -> None:
    done: list[int] = []

    async def statement(n: int) -> None:
        done.append(n)

    async def batch() -> None:
        for n in range(3):
            await statement(n)

    _to_the_end(batch())
    assert done == [0, 1, 2]


def test_a_batch_that_waits_on_the_event_loop_is_refused() -> None:
    async def waits() -> None:
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="waited on the event loop"):
        _to_the_end(waits())
