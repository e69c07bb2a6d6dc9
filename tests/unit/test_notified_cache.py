"""server/sql/notified.py's rules, without a database: used only while listening, and a value
read before a change is never stored after it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import cast

from server.postgres_engine import VouchAsyncpgClient
from server.sql.notified import NotifiedCache


def _cache(hooks: list[Callable[[], None]], max_entries: int = 10) -> NotifiedCache[str]:
    cache = NotifiedCache[str](cast(VouchAsyncpgClient, None), "test", hooks, max_entries)
    cache.listening = True  # as once its LISTEN connection is up
    return cache


def test_a_read_that_began_before_a_change_is_not_stored() -> None:
    cache = _cache([])
    generation = cache.start()
    cache.forget()  # a notification arrives while the read runs
    cache.store(generation, ["k"], "old")
    assert cache.get("k") is None
    generation = cache.start()
    cache.store(generation, ["k", "k2"], "new")
    assert cache.get("k") == cache.get("k2") == "new"


def test_unused_while_not_listening_and_emptied_by_local_writes() -> None:
    hooks: list[Callable[[], None]] = []
    cache = _cache(hooks)
    cache.store(cache.start(), ["k"], "v")
    for hook in hooks:  # a committed write of this process
        hook()
    assert cache.get("k") is None
    cache.store(cache.start(), ["k"], "v")
    cache.listening = False
    assert cache.get("k") is None
    assert cache.start() is None
    cache.store(None, ["k2"], "v")


def test_bounded() -> None:
    cache = _cache([], max_entries=3)
    for i in range(3):
        cache.store(cache.start(), [i], "v")
    cache.store(cache.start(), ["last"], "v")
    assert cache.get("last") == "v"
    assert all(cache.get(i) is None for i in range(3))


def test_another_event_loop_gets_a_listener_of_its_own() -> None:
    cache = NotifiedCache[str](cast(VouchAsyncpgClient, None), "test", [])

    async def first() -> None:
        cache.ensure_started()
        cache.listening = True  # as if its LISTEN connection were up
        cache.store(cache.start(), ["k"], "v")

    asyncio.run(first())  # ends the loop: its listener is cancelled, the cache left unused
    assert cache.get("k") is None

    async def second() -> None:
        cache.ensure_started()
        assert cache._task is not None
        assert cache._task.get_loop() is asyncio.get_running_loop()
        await cache.close()

    asyncio.run(second())
