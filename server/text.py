"""Text as both databases store it: PostgreSQL refuses NUL in text and JSON, and neither
database stores a lone UTF-16 surrogate. Text Vouch did not check itself (a provider's signed
body, a webhook receiver's answer) goes through `storable` before it is written."""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` with NUL dropped and each lone surrogate as U+FFFD (unchanged when it has none)."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)
