"""The per-request batch loader: siblings share one fetch, a key is fetched once, failures
reach every waiter, and a lone load does not yield to the event loop."""

from __future__ import annotations

import asyncio
import gc

import pytest

from server.graphql.batching import Batched


def recording() -> tuple[Batched[int, str], list[list[int]]]:
    calls: list[list[int]] = []

    async def fetch(keys: list[int]) -> list[str]:
        calls.append(keys)
        return [f"v{k}" for k in keys]

    return Batched(fetch), calls


async def test_sibling_loads_share_one_fetch_and_keys_are_kept() -> None:
    loader, calls = recording()
    assert list(await asyncio.gather(loader.load(1), loader.load(2), loader.load(1))) == [
        "v1",
        "v2",
        "v1",
    ]
    assert await loader.load_many([2, 3]) == ["v2", "v3"]
    assert calls == [[1, 2], [3]]


async def test_a_lone_load_is_fetched_without_yielding() -> None:
    loader, calls = recording()
    other = asyncio.ensure_future(loader.load(9))  # has not started: cannot join the batch
    assert await loader.load(1, alone=True) == "v1"
    assert calls == [[1]]
    assert await other == "v9"
    assert calls == [[1], [9]]


async def test_a_failed_fetch_reaches_every_waiter() -> None:
    async def fetch(keys: list[int]) -> list[str]:
        raise LookupError("down")

    loader: Batched[int, str] = Batched(fetch)
    results = await asyncio.gather(loader.load(1), loader.load(2), return_exceptions=True)
    assert [type(r) for r in results] == [LookupError, LookupError]


async def test_a_waiter_cancelled_mid_fetch_leaves_the_others_their_values() -> None:
    started = asyncio.Event()
    release = asyncio.Event()
    calls: list[list[int]] = []

    async def fetch(keys: list[int]) -> list[str]:
        calls.append(keys)
        started.set()
        await release.wait()
        return [f"v{k}" for k in keys]

    loader: Batched[int, str] = Batched(fetch)
    first = asyncio.ensure_future(loader.load(1))
    second = asyncio.ensure_future(loader.load(2))
    await started.wait()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    release.set()
    assert await second == "v2"
    assert calls == [[1, 2], [1, 2]]


async def test_a_batch_whose_waiters_all_gave_up_reports_nothing_when_it_fails() -> None:
    """A request stopped at its time limit mid-fetch: the batch is fetched again for any other
    waiter; when that fetch fails with nobody left, no exception is reported as never
    retrieved (an ERROR line in the log, at some later garbage collection)."""
    started = asyncio.Event()
    tries: list[list[int]] = []

    async def fetch(keys: list[int]) -> list[str]:
        tries.append(keys)
        if len(tries) == 1:
            started.set()
            await asyncio.sleep(3600)
        raise LookupError("down")

    reported: list[dict[str, object]] = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:
        loader: Batched[int, str] = Batched(fetch)
        only = asyncio.ensure_future(loader.load(1))
        await started.wait()
        only.cancel()
        with pytest.raises(asyncio.CancelledError):
            await only
        for _ in range(5):
            await asyncio.sleep(0)
        assert tries == [[1], [1]]
        del loader, only
        gc.collect()
        assert reported == []
    finally:
        loop.set_exception_handler(None)
