"""Pure advocate presentation rules."""

from __future__ import annotations


def first_name(name: str) -> str:
    """Enough to cheer someone in public without exposing them."""
    return (name.split() or ["An advocate"])[0]
