"""`python -m bot` as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys


def test_missing_settings_are_named_and_exit_non_zero() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VOUCH_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "bot: missing settings: VOUCH_API_URL, VOUCH_API_KEY, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"
    )
