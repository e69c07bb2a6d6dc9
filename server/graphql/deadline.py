"""A request's time limit, as cheap as it can be: every GraphQL request over HTTP has one."""

from __future__ import annotations

import asyncio


class Deadline:
    """`asyncio.timeout(seconds)` as a plain context manager, with its answers: past the
    deadline the task is cancelled, and that cancellation (none other) leaves as TimeoutError.
    Its asynchronous enter and exit, state enum and rescheduling cost each request more than
    the timer itself."""

    __slots__ = ("cancelling", "expiring", "handle", "task")

    def __init__(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("Timeout should be used inside a task")
        self.task = task
        self.cancelling = task.cancelling()
        self.expiring = False
        when = loop.time() + seconds
        self.handle: asyncio.Handle | None = (
            loop.call_at(when, self._expire) if when > loop.time() else loop.call_soon(self._expire)
        )

    def _expire(self) -> None:
        self.task.cancel()
        self.expiring = True
        self.handle = None

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None
        if self.expiring:
            self.expiring = False
            if self.task.uncancel() <= self.cancelling and exc_type is asyncio.CancelledError:
                raise TimeoutError from exc
