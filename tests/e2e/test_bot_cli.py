"""`python -m bot` as an operator runs it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.e2e.conftest import DEFAULT, SIGNING_SECRET, BotStack
from tests.e2e.slack_standin import free_port
from tests.factories import convert, enroll, live_campaign


def test_missing_settings_are_named_and_exit_non_zero() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VOUCH_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "bot: missing settings: VOUCH_API_URL, VOUCH_API_KEY, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"
    )


async def test_python_m_bot_serves_http_mode_and_announces(stack: BotStack, tmp_path: Path) -> None:
    """The real entry point, as an operator starts it: signed requests in, milestones out."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VOUCH_"))},
        "VOUCH_API_URL": stack.api_url,
        "VOUCH_API_KEY": stack.api_key,
        "SLACK_BOT_TOKEN": "xoxb-e2e",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_DEFAULT_CHANNEL": DEFAULT,
        "SLACK_API_URL": f"{stack.slack_url}/api/",
        "BOT_PORT": str(port),
    }
    with (tmp_path / "bot.log").open("w") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", env=env, stdout=log, stderr=log
        )
        try:
            stack.bot_url = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient() as http:
                for _ in range(200):
                    with contextlib.suppress(httpx.TransportError):
                        if (await http.get(f"{stack.bot_url}/healthz")).status_code == 200:
                            break
                    await asyncio.sleep(0.1)
            assert (await stack.command("U0ANY00001", "help")).status_code == 200
            [reply] = await stack.slack.wait_for("response_url")
            assert "/vouch leaderboard" in str(reply.params["blocks"])
            unsigned = await stack.post("command=%2Fvouch", signature="v0=" + "0" * 64)
            assert unsigned.status_code == 401
            cid = await live_campaign(stack.owner)
            link = await enroll(stack.owner, cid, "ada@example.com", name="Ada Lovelace")
            await convert(
                stack.owner, "cli-order-1", "o-1", 5000, referralCode=link["code"], email="f@x.org"
            )
            await stack.posted(DEFAULT, "*Ada* made their")
        finally:
            process.terminate()
            await process.wait()
