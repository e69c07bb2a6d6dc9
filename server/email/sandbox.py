"""The Jinja2 sandbox every e-mail template renders in, and the render process a campaign's own
template renders in (`python -m server.email.sandbox`, started by server/email/isolated.py).

This module imports Jinja and nothing of the server, so that process starts in a fraction of a
second and holds no database connection, setting or secret: it reads one JSON request per
line on stdin (subject, text and HTML sources and the values they may use) and answers one JSON
line on stdout (the rendered parts, or why not)."""

from __future__ import annotations

import json
import os
import re
import resource
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

TEMPLATES = Path(__file__).parent / "templates"
MAX_RENDERED = 1_000_000
# The render process may hold this much more memory than when it started.
EXTRA_MEMORY = 256 * 1024 * 1024

# `%` format widths or precisions of five digits or more (`"%999999999d" % 1`).
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{5,})|%[^%a-zA-Z]*\.(?:\*|\d{5,})")
MAX_EXPONENT = 64


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with the operators that build a value of any size bounded: `*` of a string
    or list to at most `MAX_RENDERED` items, `**` to small exponents, `%` formatting without
    huge widths. Beyond them rendering fails early as a template error. (This is a first line
    only: `~`, loops, `set` and filters grow values too; what bounds a campaign's template is
    the render process's memory and time, server/email/isolated.py.)"""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_RENDERED:
                    raise SecurityError("a repeated value is too large")
        elif operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponents are at most {MAX_EXPONENT}")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError("a format width is too large")
        return super().call_binop(context, operator, left, right)


@cache
def env(html: bool) -> SandboxedEnvironment:
    return BoundedSandbox(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=not html,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=256)
def _from_string(source: str, html: bool) -> Template:
    """A template's source compiles once (a compile costs about as much CPU as a render);
    keyed by the text itself, so an edited template compiles anew."""
    return env(html).from_string(source)


def _compile(source: str | None, default: str, *, html: bool) -> Template:
    return _from_string(source, html) if source is not None else env(html).get_template(default)


def render_parts(
    subject: str,
    text: str | None,
    html: str | None,
    ctx: dict[str, Any],
    part: list[str] | None = None,
) -> tuple[str, str, str]:
    """(subject, text, HTML) of a message: each part from its source, or the kind's default
    file where a source is None. `part`, if given, holds the name of the part being rendered."""
    part = part if part is not None else [""]
    kind = str(ctx["kind"])
    part[0] = "subject"
    title = _from_string(subject, False).render(ctx).strip().replace("\n", " ")[:300]
    part[0] = "text"
    body = _compile(text, f"{kind}.txt", html=False).render(ctx)
    part[0] = "html"
    page = _compile(html, f"{kind}.html", html=True).render({**ctx, "subject": title})
    return title, body, page


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """One request of the render process: the parts, or the reason they are refused and the
    part at fault (none when memory ran out: that is the template's as a whole)."""
    part = ["subject"]
    try:
        parts = render_parts(
            request["subject"], request["text"], request["html"], request["ctx"], part
        )
    except MemoryError:
        return {"ok": False, "error": "it needs too much memory to render", "exit": True}
    except Exception as exc:  # whatever the template did, the part being rendered failed
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300], "part": part[0]}
    if len(parts[1]) + len(parts[2]) > MAX_RENDERED:
        return {
            "ok": False,
            "error": f"it renders to more than {MAX_RENDERED:,} characters",
            "part": "html" if len(parts[2]) > len(parts[1]) else "text",
        }
    return {"ok": True, "parts": parts}


def _limit_memory() -> None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # not Linux: the parent's time limit remains
        return
    resource.setrlimit(resource.RLIMIT_AS, (size + EXTRA_MEMORY, size + EXTRA_MEMORY))


def main() -> None:
    """Serve requests until stdin closes (the server process ended or let this one go)."""
    _limit_memory()
    env(False), env(True)
    for line in sys.stdin.buffer:
        try:
            reply = answer(json.loads(line))
        except MemoryError:
            reply = {"ok": False, "error": "it needs too much memory to render", "exit": True}
        except ValueError as exc:
            reply = {"ok": False, "error": f"bad request: {exc}"[:300]}
        sys.stdout.buffer.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")
        sys.stdout.buffer.flush()
        if reply.get("exit"):  # after a MemoryError, a fresh process
            return


if __name__ == "__main__":
    main()
