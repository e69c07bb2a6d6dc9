"""What people typed reaches Slack as text, never as a mention or a link: campaign names,
advocate names, reward descriptions, reject notes and command arguments, in every message the
real bot sends (announcements and their digest, approval requests and their updates, `/vouch`
replies, modals, ephemeral answers), in the `text` fallback as in the blocks.

The fallback of the digest posted after a backlog went out unescaped: a campaign named
`<!channel> ...` pinged the whole channel when the bot caught up."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from server.accounts.models import Role
from server.jobs import run_due
from tests.conftest import gql
from tests.e2e.conftest import APPROVALS, DEFAULT, SET_RULES, BotStack
from tests.e2e.test_bot_announcer import _all_delivered, eventually
from tests.factories import convert, enroll, live_campaign

RAW = ("<!channel>", "<!here>", "<@U0BOSS>", "<https://evil.example", "<!subteam")
HOSTILE = "<!channel> <@U0BOSS> <https://evil.example|click> & co"
REWARDS = "{ rewards(first: 50) { nodes { id status } } }"
BOT = Path(__file__).parents[2] / "bot"
# Web API methods and the response URL: what reaches a reader in Slack.
SENDERS = {"chat_postMessage", "chat_update", "chat_postEphemeral", "respond", "say"}


def _read_as_markup(value: Any) -> list[str]:
    """The strings of a call that Slack parses for mentions and links: all of them but those
    of `plain_text` objects (headers, labels), which it shows as they are."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return _read_as_markup(parsed) if isinstance(parsed, dict | list) else [value]
    if isinstance(value, list):
        return [s for v in value for s in _read_as_markup(v)]
    if isinstance(value, dict):
        if value.get("type") == "plain_text":
            return []
        return [s for v in value.values() for s in _read_as_markup(v)]
    return []


def _leaks(stack: BotStack) -> list[str]:
    """Every text the bot sent to Slack that carries a raw mention or link markup."""
    return [
        f"{c.method}: {text[:200]}"
        for c in stack.slack.calls
        for text in _read_as_markup(c.params)
        if any(raw in text for raw in RAW)
    ]


async def test_a_digest_of_hostile_names_pings_nobody(stack: BotStack) -> None:
    cid = await live_campaign(stack.owner, name=HOSTILE, slug="evil")
    names = ["<!channel> Smith", "<@U0BOSS> Jones", "<!here> Lee"]
    for i, name in enumerate(names):
        link = await enroll(stack.owner, cid, f"a{i}@example.com", name=name)
        done = await convert(
            stack.owner,
            f"esc-order-{i:04}",
            f"o-{i}",
            5000,
            referralCode=link["code"],
            email=f"f{i}@x.org",
        )
        assert done["__typename"] == "ConversionRecorded", done
    async with stack.bot(digest_threshold=2):
        [digest] = await stack.posted(DEFAULT, "updates while Vouch was away")
        await eventually(_all_delivered)
    assert "&lt;!channel&gt;" in digest.params["text"], digest.params["text"]
    assert "&lt;@U0BOSS&gt;" in digest.params["text"]
    assert _leaks(stack) == []


async def _hostile_reward(stack: BotStack) -> str:
    cid = await live_campaign(stack.owner, name=HOSTILE, slug="evil")
    rule = {
        "key": "give",
        "recipient": "ADVOCATE",
        "trigger": "FIRST_PURCHASE",
        "kind": "CASH",
        "currency": "USD",
        "fixedAmount": 1000,
        "description": f"Thanks {HOSTILE}",
    }
    made = await gql(stack.owner, SET_RULES, input={"campaignId": cid, "rules": [rule]})
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    link = await enroll(stack.owner, cid, "ada@example.com", name="<!here> <@U0BOSS> Ada")
    done = await convert(
        stack.owner, "esc-order-0001", "o-1", 5000, referralCode=link["code"], email="f@example.org"
    )
    assert done["__typename"] == "ConversionRecorded", done
    await run_due(clock=stack.clock)
    [reward] = (await gql(stack.owner, REWARDS))["rewards"]["nodes"]
    assert reward["status"] == "AWAITING_APPROVAL", reward
    return str(reward["id"])


def _reject_values(note: str) -> dict[str, Any]:
    return {
        "vouch_reject_reason_block": {
            "vouch_reject_reason": {
                "type": "static_select",
                "selected_option": {"value": "fraud", "text": {"type": "plain_text", "text": "F"}},
            }
        },
        "vouch_reject_note_block": {
            "vouch_reject_note": {"type": "plain_text_input", "value": note}
        },
    }


async def test_commands_approvals_and_modals_escape_what_people_typed(bot: BotStack) -> None:
    reward_id = await _hostile_reward(bot)
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    for text in (
        "stats",
        "stats evil",
        "leaderboard evil",
        "campaign evil",
        "pending",
        "stats <!channel>",
        "<@U0BOSS> <https://evil.example|x>",
    ):
        before = len(bot.slack.of("response_url"))
        assert (await bot.command("U0MIA00001", text)).status_code == 200
        await bot.slack.wait_for("response_url", before + 1)
    await bot.click("U0STRANGER", "vouch_reward_approve", reward_id, ts=ts)  # refused: ephemeral
    await bot.slack.wait_for("chat.postEphemeral")
    await bot.click("U0MIA00001", "vouch_reward_reject", reward_id, ts=ts)
    [opened] = bot.slack.of("views.open")
    view = opened.params["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    response = await bot.submit("U0MIA00001", view, _reject_values(f"Note: {HOSTILE}"))
    assert response.status_code == 200
    [update] = await bot.slack.wait_for("chat.update")
    assert update.params["channel"] == APPROVALS
    assert "&lt;!channel&gt;" in update.text() and "&amp; co" in update.text()
    assert "Rejected* by <@U0MIA00001>" in update.text()  # the bot's own mention stays one
    assert _leaks(bot) == []


def test_every_slack_text_the_bot_sends_is_escaped() -> None:
    """The class, in the source: a `text=` given to a Slack sender is a message's `.fallback`
    (escaped) or the `text` that `tell` escaped, never a raw `.text` or a formatted string."""
    found: list[str] = []
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else None
            callee = callee or (node.func.id if isinstance(node.func, ast.Name) else None)
            if callee not in SENDERS:
                continue
            for keyword in node.keywords:
                if keyword.arg != "text":
                    continue
                value = keyword.value
                escaped = isinstance(value, ast.Attribute) and value.attr == "fallback"
                told = isinstance(value, ast.Name) and path.name == "replies.py"
                if not (escaped or told):
                    found.append(f"{path.relative_to(BOT)}:{node.lineno} {ast.unparse(value)}")
    assert found == []
