"""Approvals from Slack, end to end: signed requests in, recorded Slack calls out, and the
database as the judge of what was decided."""

from __future__ import annotations

import json

from server.accounts.models import Role
from server.rewards.decide import REJECT_REASONS
from server.rewards.models import Reward, RewardStatus
from tests.e2e.conftest import APPROVALS, BotStack
from tests.ids import pk

APPROVE = "vouch_reward_approve"
REJECT = "vouch_reward_reject"


async def _status(reward_id: str) -> RewardStatus:
    return (await Reward.get(id=pk(reward_id))).status


async def test_approve_click_approves_and_updates_the_message(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    response = await bot.click("U0MIA00001", APPROVE, reward_id, ts=ts)
    assert response.status_code == 200
    assert await _status(reward_id) is RewardStatus.APPROVED
    [update] = bot.slack.of("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (APPROVALS, ts)
    assert "Approved* by <@U0MIA00001>" in update.text()
    assert APPROVE not in update.text()  # the buttons are gone


async def test_stale_click_gets_already_approved_and_changes_nothing(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    await bot.link(Role.MANAGER, "max@example.com", "U0MAX00001")
    await bot.click("U0MIA00001", APPROVE, reward_id, ts=ts)
    await bot.click("U0MAX00001", APPROVE, reward_id, ts=ts)
    [ephemeral] = bot.slack.of("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0MAX00001"
    # Named, but not by email: staff emails are for callers with users:manage only.
    assert "Already approved by Manager" in ephemeral.params["text"]
    assert "mia@example.com" not in str(bot.slack.calls)
    assert await _status(reward_id) is RewardStatus.APPROVED
    # The clicked message is redrawn from the server's answer: decided, without buttons.
    _first, redrawn = bot.slack.of("chat.update")
    assert (redrawn.params["channel"], redrawn.params["ts"]) == (APPROVALS, ts)
    assert "Approved* by Manager" in redrawn.text() and APPROVE not in redrawn.text()


async def test_unlinked_user_is_refused_and_nothing_changes(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.click("USTRANGER", APPROVE, reward_id, ts=ts)
    [ephemeral] = bot.slack.of("chat.postEphemeral")
    assert ephemeral.params["user"] == "USTRANGER"
    assert "link your Slack account" in ephemeral.params["text"]
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL
    assert bot.slack.of("chat.update") == []


async def test_linked_but_unauthorized_user_is_refused(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.ANALYST, "ann@example.com", "U0ANN00001")
    await bot.click("U0ANN00001", APPROVE, reward_id, ts=ts)
    [ephemeral] = bot.slack.of("chat.postEphemeral")
    assert "rewards:approve" in ephemeral.params["text"]
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL


async def test_reject_through_the_modal(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    await bot.click("U0MIA00001", REJECT, reward_id, ts=ts)
    [opened] = bot.slack.of("views.open")
    assert opened.params["trigger_id"] == "trigger-U0MIA00001"
    view = opened.params["view"]
    view_d = view if isinstance(view, dict) else json.loads(view)
    offered = view_d["blocks"][1]["element"]["options"]
    # The reasons offered are the API's (rewardRejectReasons), with the labels it gives.
    assert [(o["value"], o["text"]["text"]) for o in offered] == list(REJECT_REASONS.items())
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL  # nothing yet
    values = {
        "vouch_reject_reason_block": {
            "vouch_reject_reason": {
                "type": "static_select",
                "selected_option": {
                    "value": "fraud",
                    "text": {"type": "plain_text", "text": "Fraud"},
                },
            }
        },
        "vouch_reject_note_block": {
            "vouch_reject_note": {"type": "plain_text_input", "value": "Same card as the advocate"}
        },
    }
    response = await bot.submit("U0MIA00001", view, values)
    assert response.status_code == 200
    reward = await Reward.get(id=pk(reward_id))
    assert reward.status is RewardStatus.REJECTED
    assert (reward.reject_reason, reward.reject_note) == ("fraud", "Same card as the advocate")
    [update] = bot.slack.of("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (APPROVALS, ts)
    assert "Rejected* by <@U0MIA00001>" in update.text() and "Fraud" in update.text()


async def test_reject_without_a_reason_is_sent_back_to_the_modal(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    await bot.click("U0MIA00001", REJECT, reward_id, ts=ts)
    [opened] = bot.slack.of("views.open")
    response = await bot.submit("U0MIA00001", opened.params["view"], {})
    assert response.json() == {
        "response_action": "errors",
        "errors": {"vouch_reject_reason_block": "Pick a reason."},
    }
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL


async def test_four_eyes_shows_one_of_two_until_a_second_approver(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward(amount=50000, fourEyesAbove=20000)
    ts = await bot.approval_request(reward_id)
    [post] = await bot.posted(APPROVALS, f'"value": "{reward_id}"')
    assert "Needs 2 distinct approvers" in post.text()  # said before anyone clicks
    await bot.link(Role.ADMIN, "ali@example.com", "U0ALI00001")
    await bot.link(Role.ADMIN, "bea@example.com", "U0BEA00001")
    await bot.click("U0ALI00001", APPROVE, reward_id, ts=ts)
    [first] = bot.slack.of("chat.update")
    assert "1 of 2 approvals" in first.text() and APPROVE in first.text()
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL
    await bot.click(
        "U0ALI00001", APPROVE, reward_id, ts=ts
    )  # the same person again counts for nothing
    assert bot.slack.of("chat.postEphemeral")[0].params["user"] == "U0ALI00001"
    redrawn = bot.slack.of("chat.update")[1]  # the conflict redraws the message as it stands
    assert "1 of 2 approvals" in redrawn.text() and APPROVE in redrawn.text()
    await bot.click("U0BEA00001", APPROVE, reward_id, ts=ts)
    second = bot.slack.of("chat.update")[2]
    assert "Approved* by <@U0BEA00001>" in second.text()
    assert await _status(reward_id) is RewardStatus.APPROVED


async def test_bad_signature_and_stale_timestamp_are_401(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    await bot.approval_request(reward_id)
    await bot.link(Role.MANAGER, "mia@example.com", "U0MIA00001")
    payload = {
        "type": "block_actions",
        "user": {"id": "U0MIA00001"},
        "actions": [{"action_id": APPROVE, "value": reward_id}],
    }
    body = "payload=" + json.dumps(payload)
    assert (await bot.post(body, signature="v0=" + "0" * 64)).status_code == 401
    old = await bot.post(body, timestamp=int(__import__("time").time()) - 6 * 60)
    assert old.status_code == 401
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL
    assert bot.slack.of("chat.update") == bot.slack.of("chat.postEphemeral") == []


async def test_unlinked_user_gets_no_reject_form(bot: BotStack) -> None:
    reward_id = await bot.awaiting_reward()
    ts = await bot.approval_request(reward_id)
    await bot.click("USTRANGER", REJECT, reward_id, ts=ts)
    assert bot.slack.of("views.open") == []
    [ephemeral] = bot.slack.of("chat.postEphemeral")
    assert ephemeral.params["user"] == "USTRANGER"
    assert "You may not reject rewards" in ephemeral.params["text"]
    assert await _status(reward_id) is RewardStatus.AWAITING_APPROVAL
