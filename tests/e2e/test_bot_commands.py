"""`/vouch` end to end: the ack is immediate and empty, the answer goes to the response URL."""

from __future__ import annotations

import json
from typing import Any

from server.accounts.models import Role
from tests.e2e.conftest import APPROVALS, BotStack
from tests.factories import convert, enroll, live_campaign

OBJECTIVE = {"metric": "CONVERSIONS", "target": 4}


async def _reply(bot: BotStack, user: str, text: str) -> dict[str, Any]:
    before = len(bot.slack.of("response_url"))
    response = await bot.command(user, text)
    assert response.status_code == 200 and response.text == ""
    # This command's own reply, not an earlier one still in the log.
    reply: dict[str, Any] = (await bot.slack.wait_for("response_url", before + 1))[before].params
    assert reply["response_type"] == "ephemeral"
    return reply


async def _campaign_with_a_conversion(bot: BotStack) -> str:
    cid = await live_campaign(bot.owner, slug="give-10", objective=OBJECTIVE)
    link = await enroll(bot.owner, cid, "ada@example.com", name="Ada Lovelace")
    await convert(bot.owner, "cmd-order-1", "o-1", 4200, referralCode=link["code"], email="f@x.org")
    return cid


async def test_help_and_unknown_input_get_help(bot: BotStack) -> None:
    for text in ("", "help"):
        reply = await _reply(bot, "U0ANY00001", text)
        assert "/vouch leaderboard" in str(reply["blocks"])
    unknown = await _reply(bot, "U0ANY00001", "dance please")
    assert "I don't know `dance please`" in str(unknown["blocks"])
    assert "/vouch pending" in str(unknown["blocks"])


async def test_stats_for_all_and_one_campaign(bot: BotStack) -> None:
    await _campaign_with_a_conversion(bot)
    for text in ("stats", "stats give-10"):
        blocks = str((await _reply(bot, "U0ANY00001", text))["blocks"])
        assert "Give 10" in blocks and "1 conversions" in blocks and "$42.00" in blocks
        assert "25% of the objective (1 / 4 conversions)" in blocks
    missing = await _reply(bot, "U0ANY00001", "stats nope")
    assert "No campaign `nope`" in str(missing["blocks"])


async def test_leaderboard_shows_first_names_only(bot: BotStack) -> None:
    await _campaign_with_a_conversion(bot)
    reply = await _reply(bot, "U0ANY00001", "leaderboard give-10 week")
    blocks = str(reply["blocks"])
    assert "*Ada*" in blocks and "Lovelace" not in blocks and "ada@example.com" not in blocks
    assert "the last 7 days" in blocks
    default = str((await _reply(bot, "U0ANY00001", "leaderboard"))["blocks"])
    assert "*Ada*" in default and "all time" in default


async def test_campaign_shows_status_progress_and_rules(bot: BotStack) -> None:
    await _campaign_with_a_conversion(bot)
    blocks = str((await _reply(bot, "U0ANY00001", "campaign give-10"))["blocks"])
    assert "`give-10` · live" in blocks and "25% of the objective" in blocks
    assert "Reward rules*: none yet" in blocks
    usage = await _reply(bot, "U0ANY00001", "campaign")
    assert "needs one campaign slug" in str(usage["blocks"])


async def test_pending_lists_rewards_with_buttons_for_linked_staff_only(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    blocks = str((await _reply(bot, "U0MIA00001", "pending"))["blocks"])
    assert "$10.00" in blocks and f"'value': '{reward_id}'" in blocks
    assert "vouch_reward_approve" in blocks and "vouch_reward_reject" in blocks
    refused = str((await _reply(bot, "U0STRANGER1", "pending"))["blocks"])
    assert "link your Slack account" in refused and "vouch_reward_approve" not in refused


async def test_approving_from_the_pending_list_answers_in_place(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    payload_channel = "D0MIA00001"
    response = await bot.interact(
        {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "U0MIA00001"},
            "trigger_id": "t",
            "container": {"type": "message", "is_ephemeral": True, "channel_id": payload_channel},
            "channel": {"id": payload_channel},
            "response_url": f"{bot.slack_url}/respond/3",
            "actions": [
                {"action_id": "vouch_reward_approve", "value": reward_id, "type": "button"}
            ],
        }
    )
    assert response.status_code == 200
    assert "Approved* by <@U0MIA00001>" in str(bot.slack.of("response_url")[-1].params)
    # An ephemeral list cannot be updated, but the request in the channel is, so nobody
    # clicks a decided reward there.
    [update] = bot.slack.of("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (APPROVALS, ts)
    assert "Approved* by <@U0MIA00001>" in update.text()
    assert "vouch_reward_approve" not in update.text()


async def test_app_home_shows_what_awaits_the_viewer_and_recent_milestones(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    event = {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": "Ev0001",
        "event_time": 1700000000,
        "event": {"type": "app_home_opened", "user": "U0MIA00001", "tab": "home", "channel": "D1"},
    }
    response = await bot.post(json.dumps(event), content_type="application/json")
    assert response.status_code == 200
    [published] = bot.slack.of("views.publish")
    assert published.params["user_id"] == "U0MIA00001"
    home = json.dumps(published.params["view"])
    assert "Awaiting your approval" in home and f'"value": "{reward_id}"' in home
    assert "Ada \\u00b7 *first successful referral* \\u00b7 Give 10" in home
