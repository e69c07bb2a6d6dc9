"""`python -m bot`. The Slack app itself lands with the milestones/Slack issue; until then this
checks its settings and says plainly that it has nothing to run."""

from __future__ import annotations

import sys

from bot.settings import BotSettings, MissingSettings


def main() -> int:
    try:
        BotSettings.from_env()
    except MissingSettings as exc:
        print(f"bot: {exc}", file=sys.stderr)
        return 1
    print("bot: settings are complete, but the Slack bot is not built yet.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
