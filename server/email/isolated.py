"""Running a staff-written template for the first time in a child process with a memory and a
time limit.

Jinja's sandbox keeps a template away from Python's internals, not from work: `{{ "a" *
10**9 }}` builds a gigabyte string, `{% set s = s ~ s %}` written thirty times doubles one past
any memory, nested loops run for hours; all of it synchronous, in the event loop, so one
`setEmailTemplate` stalled every request of the process and could take the machine's memory.
A template is therefore checked (rendered against sample data) in a forked child limited to
`EXTRA_MEMORY` more memory than the server held and `SECONDS` of time; one that exceeds either
is refused. The email worker renders only templates that passed, against data of bounded size
(names, amounts, links)."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

EXTRA_MEMORY = 256 * 1024 * 1024
SECONDS = 3.0


class Exceeded(Exception):
    """The work failed, ran out of memory or time in the child."""


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _child(conn: Connection, work: Callable[[], Any]) -> None:
    try:
        size = _address_space()
        if size is not None:
            limit = size + EXTRA_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        conn.send((True, work()))
    except BaseException as exc:  # whatever it is, the template failed
        with contextlib.suppress(BaseException):
            conn.send((False, f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


async def run(work: Callable[[], Any]) -> Any:
    """`work()`'s result computed in a forked child, or `Exceeded` with the reason."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, work), daemon=True)
    child.start()
    send.close()
    loop = asyncio.get_running_loop()
    try:
        if not await loop.run_in_executor(None, receive.poll, SECONDS):
            raise Exceeded(f"it takes longer than {SECONDS:g} s to render")
        try:
            ok, value = receive.recv()
        except EOFError:  # the child died without an answer (killed for its memory)
            raise Exceeded("it needs too much memory to render") from None
    finally:
        if child.is_alive():
            child.kill()
        await loop.run_in_executor(None, child.join)
        receive.close()
    if not ok:
        raise Exceeded(str(value))
    return value
