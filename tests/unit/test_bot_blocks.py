"""Every Block Kit builder, validated by slack_sdk.models (which enforces Slack's limits)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block, HeaderBlock
from slack_sdk.models.views import View

import bot.blocks.format as bot_format
from bot.api.models import (
    CampaignDetail,
    CampaignLeaderboard,
    CampaignWithStats,
    LeaderboardPeriod,
    Milestone,
    RejectReason,
    Reward,
)
from bot.blocks.approvals import Message, MessageRef, Verdict, approval_message, reject_modal
from bot.blocks.commands import (
    PENDING_SHOWN,
    campaign_message,
    help_message,
    leaderboard_message,
    notice,
    pending_message,
    stats_message,
)
from bot.blocks.home import home_view
from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.milestones import CHEERS, cheer, milestone_message
from server.money import exponent, format_money

AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def m(amount: int, currency: str = "USD") -> dict[str, Any]:
    """Money as the API answers it: the server formats, the bot only shows."""
    return {
        "amount": amount,
        "currency": currency,
        "exponent": exponent(currency),
        "formatted": format_money(amount, currency),
    }


CAMPAIGN: dict[str, Any] = {
    "id": "1",
    "name": "Give 10, get 10",
    "slug": "give-10",
    "phase": "LIVE",
    "testMode": False,
    "currency": "USD",
    "slackChannel": "C0GROWTH1",
    "endsAt": None,
    "objective": {
        "metric": "CONVERSIONS",
        "deadline": "2026-06-30T00:00:00Z",
        "progress": {"current": 250, "target": 500, "ratio": 0.5, "reached": False},
    },
}
STATS = {
    "clicks": 1200,
    "referrals": 300,
    "signups": 280,
    "conversions": 250,
    "revenue": [m(1234567)],
    "conversionRate": 0.2083,
}


def reward(**over: Any) -> Reward:
    data: dict[str, Any] = {
        "id": "42",
        "status": "AWAITING_APPROVAL",
        "recipient": "ADVOCATE",
        "kind": "CASH",
        "description": "Thanks for spreading the word",
        "value": m(50000),
        "flagged": False,
        "test": False,
        "ruleKey": "give",
        "approvals": 0,
        "decidedBy": None,
        "decidedAt": None,
        "rejectReason": None,
        "rejectNote": "",
        "createdAt": AT.isoformat(),
        "campaign": {
            "id": "1",
            "name": "Give 10, get 10",
            "slug": "give-10",
            "slackChannel": None,
            "testMode": False,
        },
    }
    data.update(over)
    return Reward.model_validate(data)


def milestone(**over: Any) -> Milestone:
    data: dict[str, Any] = {
        "id": "7",
        "ruleKey": "conversions-250",
        "kind": "CONVERSIONS",
        "threshold": 250,
        "value": 250,
        "title": "250 conversions",
        "advocateFirstName": None,
        "test": False,
        "reachedAt": AT.isoformat(),
        "campaign": CAMPAIGN,
    }
    data.update(over)
    return Milestone.model_validate(data)


def valid(message: Message) -> str:
    """Each block survives Slack's validation and a round trip; the message fits in one post."""
    assert message.text
    assert 0 < len(message.blocks) <= 50
    dicts = [b.to_dict() for b in message.blocks]
    for d in dicts:
        parsed = Block.parse(d)
        assert parsed is not None and parsed.to_dict() == d
    return str(dicts)


def valid_view(view: View) -> str:
    d = view.to_dict()
    assert len(d["blocks"]) <= 100
    return str(d)


def test_awaiting_approval_has_reward_id_buttons_not_urls() -> None:
    text = valid(approval_message(reward(flagged=True, test=True)))
    assert "$50,000.00" not in text and "$500.00" in text
    assert f"'action_id': '{ActionId.APPROVE}'" in text and "'value': '42'" in text
    assert f"'action_id': '{ActionId.REJECT}'" in text and "'url'" not in text
    assert "Flagged" in text and "Test mode" in text


def test_four_eyes_shows_progress_and_keeps_buttons() -> None:
    verdict = Verdict(by_slack_user="U0ALI00001", at=AT, approvals=1, approvals_needed=2)
    text = valid(approval_message(reward(approvals=1), verdict))
    assert "1 of 2 approvals" in text and "<@U0ALI00001>" in text and ActionId.APPROVE in text


def test_four_eyes_is_announced_before_and_between_approvals() -> None:
    assert "Needs 2 distinct approvers" in valid(approval_message(reward(approvalsNeeded=2)))
    between = valid(approval_message(reward(approvals=1, approvalsNeeded=2)))
    assert "1 of 2 approvals" in between and ActionId.APPROVE in between
    assert "approvers" not in valid(approval_message(reward()))  # one approver: nothing to say


def test_decided_messages_say_who_and_when_without_buttons() -> None:
    approved = reward(status="APPROVED", decidedAt=AT.isoformat())
    text = valid(approval_message(approved, Verdict(by_slack_user="U0MIA00001", at=AT)))
    assert "*Approved* by <@U0MIA00001> <!date^1772452800^" in text
    assert ActionId.APPROVE not in text
    rejected = reward(
        status="REJECTED",
        rejectReason="self_referral",
        rejectReasonLabel="Self-referral",
        rejectNote="<@here> same card",
    )
    text = valid(approval_message(rejected, Verdict(by_slack_user="U0MIA00001", at=AT)))
    assert "*Rejected* by <@U0MIA00001>" in text and "Self-referral" in text
    assert "&lt;@here&gt; same card" in text  # a note cannot ping the channel
    voided = valid(approval_message(reward(status="VOIDED")))
    assert "now *voided*" in voided and ActionId.APPROVE not in voided


def test_reject_modal_requires_a_reason_and_carries_the_message() -> None:
    ref = MessageRef(reward_id="42", channel="C0APPROVE1", ts="1700000000.000001")
    reasons = [RejectReason(name="fraud", label="Fraud"), RejectReason(name="other", label="Other")]
    view = reject_modal(ref, reasons)
    d = view.to_dict()
    assert d["callback_id"] == CallbackId.REJECT_MODAL
    assert MessageRef.decode(d["private_metadata"]) == ref
    reason, note = d["blocks"][1], d["blocks"][2]
    assert reason["block_id"] == BlockId.REJECT_REASON and "optional" not in reason
    options = reason["element"]["options"]
    assert [(o["value"], o["text"]["text"]) for o in options] == [
        ("fraud", "Fraud"),
        ("other", "Other"),
    ]
    assert note["block_id"] == BlockId.REJECT_NOTE and note["optional"] is True


def test_milestone_celebrates_with_progress_and_first_name_only() -> None:
    text = valid(milestone_message(milestone()))
    assert "250 conversions!" in text and "*Give 10, get 10* reached" in text
    assert "▓▓▓▓▓░░░░░" in text and "50% of the objective (250 / 500 conversions)" in text
    assert cheer("7") in text
    advocate = milestone(
        kind="ADVOCATE_REFERRALS",
        threshold=1,
        title="first successful referral",
        advocateFirstName="Ada",
        test=True,
    )
    text = valid(milestone_message(advocate))
    assert ":star2: First successful referral!" in text
    assert "*Ada* made their *first successful referral*" in text and "Test mode" in text
    fifth = milestone(
        kind="ADVOCATE_REFERRALS",
        threshold=5,
        title="5 successful referrals",
        advocateFirstName="Ada",
    )
    assert "*Ada* reached *5 successful referrals*" in valid(milestone_message(fifth))
    no_objective = milestone(campaign={**CAMPAIGN, "objective": None})
    assert "objective" not in valid(milestone_message(no_objective))


def test_cheers_vary_but_a_retry_gets_the_same_one() -> None:
    assert cheer("7") == cheer("7")
    assert len({cheer(str(i)) for i in range(50)}) == len(CHEERS)


def test_long_names_are_clipped_to_the_header_limit() -> None:
    long = milestone(title="x" * 400, campaign={**CAMPAIGN, "name": "n" * 400})
    message = milestone_message(long)
    valid(message)
    header = message.blocks[0]
    assert isinstance(header, HeaderBlock) and header.text is not None
    assert len(header.text.text) == 150
    with pytest.raises(SlackObjectFormationError):
        HeaderBlock(text="x" * 151).to_dict()  # the limit the clip protects against
    board = CampaignLeaderboard.model_validate({**CAMPAIGN, "name": "n" * 400, "leaderboard": []})
    valid(leaderboard_message(board, LeaderboardPeriod.ALL))


def test_help_and_notice() -> None:
    assert "/vouch campaign <slug>" in valid(help_message())
    assert "I don't know" in valid(help_message("I don't know `x`."))
    assert "hello" in valid(notice("hello"))


def test_stats() -> None:
    campaigns = [CampaignWithStats.model_validate({**CAMPAIGN, "stats": STATS})]
    text = valid(stats_message(campaigns))
    assert "1,200 clicks" in text and "$12,345.67" in text and "20.8% converted" in text
    assert "No active campaigns" in valid(stats_message([]))
    many = [CampaignWithStats.model_validate({**CAMPAIGN, "stats": STATS})] * 80
    assert "and 32 more" in valid(stats_message(many))


def test_leaderboard_uses_display_names() -> None:
    entries = [
        {
            "rank": i,
            "successfulReferrals": 10 - i,
            "displayName": f"Name{i}",
            "revenue": m(1000 * i),
        }
        for i in range(1, 5)
    ]
    board = CampaignLeaderboard.model_validate({**CAMPAIGN, "leaderboard": entries})
    text = valid(leaderboard_message(board, LeaderboardPeriod.MONTH))
    assert ":first_place_medal: *Name1* · 9 referrals" in text and "4. *Name4*" in text
    assert "last 30 days" in text
    empty = CampaignLeaderboard.model_validate({**CAMPAIGN, "leaderboard": []})
    assert "takes the crown" in valid(leaderboard_message(empty, LeaderboardPeriod.ALL))


def test_pending_fits_in_one_message() -> None:
    rewards = [reward(id=str(i)) for i in range(60)]
    message = pending_message(rewards)
    text = valid(message)
    assert text.count(f"'action_id': '{ActionId.APPROVE}'") == PENDING_SHOWN
    assert f"Showing the oldest {PENDING_SHOWN}" in text
    assert "Nothing is awaiting approval" in valid(pending_message([]))


def test_campaign_summary_with_rules() -> None:
    rules = {
        "version": 3,
        "autoApproveMaxValue": m(2000),
        "fourEyesAboveValue": m(20000),
        "rules": [
            {
                "key": "give",
                "recipient": "ADVOCATE",
                "trigger": "FIRST_PURCHASE",
                "kind": "CASH",
                "currency": "USD",
                "fixedValue": m(1000),
                "percentBps": None,
                "maxValue": None,
                "holdDays": 14,
                "description": "",
            },
            {
                "key": "pct",
                "recipient": "FRIEND",
                "trigger": "EVERY_PURCHASE",
                "kind": "CREDIT",
                "currency": "USD",
                "fixedValue": None,
                "percentBps": 250,
                "maxValue": m(5000),
                "holdDays": 0,
                "description": "",
            },
        ],
    }
    detail = CampaignDetail.model_validate(
        {**CAMPAIGN, "stats": STATS, "rewardRuleVersions": [rules]}
    )
    text = valid(campaign_message(detail))
    assert "`give`: $10.00 cash to the advocate on first purchase, held 14 days" in text
    assert "`pct`: 2.5% of the order up to $50.00 credit to the friend" in text
    assert "auto-approves up to $20.00; two approvers above $200.00" in text
    assert "version 3" in text and "C0GROWTH1" in text
    bare = CampaignDetail.model_validate({**CAMPAIGN, "stats": STATS, "rewardRuleVersions": []})
    assert "none yet" in valid(campaign_message(bare))


def test_home_view() -> None:
    text = valid_view(home_view([reward()], [milestone(advocateFirstName="Ada")]))
    assert "Awaiting your approval" in text and ActionId.APPROVE in text
    assert "Ada · *250 conversions*" in text
    refused = valid_view(home_view(None, [], "Not linked."))
    assert "Not linked." in refused and "No milestones yet" in refused
    full = home_view([reward(id=str(i)) for i in range(60)], [milestone()] * 30)
    valid_view(full)


def test_money_is_shown_as_the_api_formatted_it() -> None:
    """KWD has three decimals and PYG none: the bot keeps no table of its own."""
    kwd = reward(value=m(1234, "KWD"))
    assert "KWD1.234" in valid(pending_message([kwd]))
    pyg = reward(value=m(100000, "PYG"))
    assert "PYG100,000" in valid(pending_message([pyg]))
    assert not hasattr(bot_format, "money")


async def test_what_people_typed_or_the_server_said_is_escaped_for_slack() -> None:
    from bot.listeners.replies import tell

    typed = notice("No campaign `<!channel>`. Try `/vouch stats` to see them all.")
    assert "<!channel>" not in json.dumps([b.to_dict() for b in typed.blocks])
    assert typed.fallback.startswith("No campaign `&lt;!channel&gt;`")
    sent: list[dict[str, Any]] = []

    class Client:
        async def chat_postEphemeral(self, **kwargs: Any) -> None:
            sent.append(kwargs)

        async def chat_postMessage(self, **kwargs: Any) -> None:
            sent.append(kwargs)

    await tell(Client(), "U1", "C1", "Already approved by <!here> & co.")  # type: ignore[arg-type]
    await tell(Client(), "U1", None, "<@U0BOSS> <https://evil.example|click>")  # type: ignore[arg-type]
    assert [s["text"] for s in sent] == [
        "Already approved by &lt;!here&gt; &amp; co.",
        "&lt;@U0BOSS&gt; &lt;https://evil.example|click&gt;",
    ]
