"""`vouch`: the command's entry point (the console script and `python -m server.cli`).

The commands (server/cli_app.py) import the whole server, which takes most of the command's
first half second. This module uses the standard library only, so that a signal at any
moment is one `vouch:` line: Ctrl-C, SIGTERM or SIGHUP while the commands are still being
imported ends the process at once (nothing has been opened or written yet) with that line
and 128 + the signal's number. Once imported, Ctrl-C is the commands' own (KeyboardInterrupt,
`vouch: interrupted`), and SIGTERM/SIGHUP get back what they had (uvicorn handles them while
serving). A signal the caller ignores (`nohup`, a background job) stays ignored.

Output that cannot be written (`vouch export-schema | head -1`, a full disk) is one line too:
nothing for a reader that went away (as `cat` says nothing), `vouch: cannot write the
output: ...` otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
from types import FrameType
from typing import Any

_ENDINGS = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated", signal.SIGHUP: "hung up"}


def _say(line: str) -> None:
    with contextlib.suppress(OSError):  # no stderr to say it on
        os.write(2, f"vouch: {line}\n".encode())


def _end_while_importing(signum: int, _frame: FrameType | None) -> None:
    _say(_ENDINGS.get(signal.Signals(signum), "stopped"))
    os._exit(128 + signum)


class OutputLost(Exception):
    """Standard output cannot be written (its reader went away, the disk is full)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.errno = error.errno


class _Output(io.FileIO):
    """File descriptor 1 that reports a failed write as `OutputLost` (not an OSError, which
    the commands would take for the database's), then swallows the rest (so the flush at exit
    says nothing more)."""

    lost = False

    def write(self, data: Any) -> int:
        if self.lost:
            return len(data)
        try:
            return super().write(data)
        except OSError as exc:
            self.lost = True
            raise OutputLost(exc) from None


def _guard_stdout() -> None:
    old = sys.stdout
    if old is None or not isinstance(old, io.TextIOWrapper):
        return  # no standard output at all, or one the caller replaced (a test)
    try:
        fd = old.fileno()
    except (OSError, ValueError):
        return
    old.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Output(fd, "w", closefd=False)),
        encoding=old.encoding,
        errors=old.errors,
        line_buffering=old.line_buffering,
        write_through=old.write_through,
    )


def main() -> None:
    before: dict[signal.Signals, Any] = {}
    for signum in _ENDINGS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            before[signum] = signal.signal(signum, _end_while_importing)
    _guard_stdout()
    from server import cli_app

    for signum, handler in before.items():
        if signum == signal.SIGINT:
            handler = signal.default_int_handler
        signal.signal(signum, signal.SIG_DFL if handler is None else handler)
    try:
        status = cli_app.run()
        sys.stdout.flush()  # what is still buffered fails here (a full disk)
    except KeyboardInterrupt:  # between the handlers and the command's own handling
        _say("interrupted")
        status = cli_app.INTERRUPTED
    except OutputLost as exc:
        if exc.errno != errno.EPIPE:  # a reader that went away needs no message
            _say(f"cannot write the output: {exc}")
        status = 1
    if status == cli_app.INTERRUPTED:
        # Said and decided. Python would still end an interrupted process by SIGINT itself
        # (status -2, not 130) when the interrupt passed through a library on its way here.
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os._exit(status)
    raise SystemExit(status)


if __name__ == "__main__":
    main()
