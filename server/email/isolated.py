"""A campaign's own template renders in a separate process, limited in memory and time, never
in the server's.

Jinja's sandbox keeps a template away from Python's internals, not from work: `{{ "a" *
10**9 }}` builds a gigabyte string, `{% set s = s ~ s %}` written thirty times doubles one past
any memory, a namespace grown in a loop, `center`, `indent`, `replace` or `wordwrap` with large
numbers, nested loops run for hours; all of it synchronous, so in the server's process one
template stalled every request and could take the machine's memory. Checking a template
against sample data when it is saved is not enough: a branch taken only for some advocate's
data passes the check and grows when the email worker (or `previewEmail`) renders it.

So every render of a staff-written template (the check in `setEmailTemplate`, the preview,
each email the worker sends) happens in the render process (`python -m server.email.sandbox`):
a fresh interpreter with only Jinja imported, no database connection, setting or secret in its
environment, limited to `sandbox.EXTRA_MEMORY` more memory than it started with and to
`SECONDS` per message; its answer is at most `sandbox.MAX_RENDERED` characters of text and HTML.
One that exceeds a limit is killed (the next render starts a new one) and the render fails as
a template error. One render process per server process, started on first use (about a tenth
of a second) and used for every render after it (a fraction of a millisecond each); it ends
when the server process does (its stdin closes)."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jinja2 import TemplateError

from server.email.sandbox import MAX_RENDERED

SECONDS = 3.0
# An answer's size: MAX_RENDERED characters of UTF-8 in JSON (escapes included), and room.
MAX_ANSWER = 8 * MAX_RENDERED
# What the render process keeps of the server's environment: how to run Python, nothing else.
KEPT_ENVIRONMENT = ("PATH", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "LANG")


class Exceeded(TemplateError):
    """The template failed, or ran out of memory or time, in the render process; `part` names
    the part at fault (`subject`, `text` or `html`) when one is."""

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.part = part


class _Process:
    """The render process of this server process, one request at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = 0

    def _started(self) -> subprocess.Popen[bytes]:
        proc = self._proc
        if proc is not None and proc.poll() is None and self._owner == os.getpid():
            return proc
        if proc is not None and self._owner == os.getpid():
            self._end(proc)
        kept = {k: v for k in KEPT_ENVIRONMENT if (v := os.environ.get(k)) is not None}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "server.email.sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            env=kept,
        )
        self._owner = os.getpid()
        return self._proc

    @staticmethod
    def _end(proc: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(OSError):
            proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._owner == os.getpid():
                self._end(self._proc)
            self._proc = None

    def exchange(self, request: bytes, seconds: float) -> dict[str, Any]:
        with self._lock:
            proc = self._started()
            try:
                try:
                    _send(proc, request)
                except OSError:  # it ended since its last answer: a new one answers
                    self._end(proc)
                    proc = self._started()
                    _send(proc, request)
                return _receive(proc, seconds)
            except (Exceeded, OSError, ValueError) as exc:
                self._end(proc)
                self._proc = None
                if isinstance(exc, Exceeded):
                    raise
                raise Exceeded(f"the render process failed: {exc}") from None


def _send(proc: subprocess.Popen[bytes], request: bytes) -> None:
    assert proc.stdin is not None
    left = memoryview(request)
    while left:
        left = left[os.write(proc.stdin.fileno(), left) :]


def _receive(proc: subprocess.Popen[bytes], seconds: float) -> dict[str, Any]:
    assert proc.stdout is not None
    deadline = time.monotonic() + seconds
    answer = bytearray()
    while not answer.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise Exceeded(f"it takes longer than {seconds:g} s to render")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            continue
        chunk = os.read(proc.stdout.fileno(), 1 << 16)
        if not chunk:  # the process died without an answer (killed for its memory)
            raise Exceeded("it needs too much memory to render")
        answer += chunk
        if len(answer) > MAX_ANSWER:
            raise Exceeded(f"it renders to more than {MAX_RENDERED:,} characters")
    found: dict[str, Any] = json.loads(answer)
    return found


_process = _Process()
atexit.register(_process.close)
# Renders wait for the one render process on a thread of their own: queued on the default
# executor, a burst of slow renders (previews of a template that loops) held every one of its
# threads for seconds each, and the work that needs them (password checks) waited too.
_waiting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vouch-render")


async def render(
    subject: str, text: str | None, html: str | None, ctx: dict[str, Any]
) -> tuple[str, str, str]:
    """(subject, text, HTML) rendered in the render process, or `Exceeded` with the reason."""
    request = {"subject": subject, "text": text, "html": html, "ctx": ctx}
    line = json.dumps(request, ensure_ascii=False).encode() + b"\n"
    loop = asyncio.get_running_loop()
    found = await loop.run_in_executor(_waiting, _process.exchange, line, SECONDS)
    if found.get("exit"):  # it answered, then ended: started anew on the next render
        await loop.run_in_executor(_waiting, _process.close)
    if not found.get("ok"):
        part = found.get("part")
        raise Exceeded(
            str(found.get("error", "it does not render")),
            part if part in ("subject", "text", "html") else None,
        )
    subject_out, text_out, html_out = found["parts"]
    return str(subject_out), str(text_out), str(html_out)
