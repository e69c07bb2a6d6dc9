"""Replies to `/vouch`: help, stats, leaderboard, pending and campaign."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.api.models import (
    CampaignDetail,
    CampaignLeaderboard,
    CampaignWithStats,
    LeaderboardPeriod,
    Reward,
    Rule,
)
from bot.blocks.approvals import Message, decision_buttons
from bot.blocks.format import MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX, clip, escape, moneys
from bot.blocks.milestones import objective_line

HELP = """\
*`/vouch help`* — this list
*`/vouch stats [campaign]`* — clicks, referrals, conversions and revenue
*`/vouch leaderboard [campaign] [week|month|all]`* — top advocates (first names only)
*`/vouch pending`* — rewards awaiting approval, with buttons
*`/vouch campaign <slug>`* — status, objective progress and reward rules"""
# Two blocks per pending reward, plus the header and the footer.
PENDING_SHOWN = (MESSAGE_BLOCKS_MAX - 2) // 2


def _md(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT_MAX)))


def notice(text: str) -> Message:
    """Plain words (they may quote what someone typed or a server message): escaped."""
    return Message(text=text, blocks=[_md(escape(text))])


def help_message(problem: str | None = None) -> Message:
    blocks: list[Block] = []
    if problem:
        blocks.append(_md(f":thinking_face: {escape(problem)}"))
    blocks += [HeaderBlock(text="Vouch in Slack"), _md(HELP)]
    return Message(
        text="Vouch commands: help, stats, leaderboard, pending, campaign", blocks=blocks
    )


def _stats_lines(c: CampaignWithStats) -> str:
    s = c.stats
    rate = f" · {s.conversion_rate * 100:.1f}% converted" if s.conversion_rate is not None else ""
    test = " · :test_tube: test mode" if c.test_mode else ""
    lines = [
        f"*{escape(c.name)}* (`{escape(c.slug)}`){test}",
        f"{s.clicks:,} clicks · {s.referrals:,} referrals · {s.signups:,} signups"
        f" · {s.conversions:,} conversions{rate}",
        f"Revenue: {moneys(s.revenue)}",
    ]
    line = objective_line(c)
    if line:
        lines.append(line)
    return "\n".join(lines)


def stats_message(campaigns: list[CampaignWithStats]) -> Message:
    if not campaigns:
        return notice("No active campaigns right now.")
    blocks: list[Block] = [HeaderBlock(text="Campaign stats")]
    shown = campaigns[: MESSAGE_BLOCKS_MAX - 2]
    blocks += [_md(_stats_lines(c)) for c in shown]
    if len(campaigns) > len(shown):
        blocks.append(_context(f"and {len(campaigns) - len(shown)} more"))
    return Message(text="Campaign stats", blocks=blocks)


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


_PERIOD = {
    LeaderboardPeriod.WEEK: "the last 7 days",
    LeaderboardPeriod.MONTH: "the last 30 days",
    LeaderboardPeriod.ALL: "all time",
}
_MEDALS = {1: ":first_place_medal:", 2: ":second_place_medal:", 3: ":third_place_medal:"}


def leaderboard_message(board: CampaignLeaderboard, period: LeaderboardPeriod) -> Message:
    title = f"Leaderboard · {board.name}"
    blocks: list[Block] = [
        HeaderBlock(text=clip(title, 150)),
        _context(f"Top advocates, {_PERIOD[period]}"),
    ]
    if not board.leaderboard:
        blocks.append(_md("No successful referrals yet. The first one takes the crown! :crown:"))
    else:
        rows = [
            f"{_MEDALS.get(e.rank, f'{e.rank}.')} *{escape(e.display_name)}* · "
            f"{e.successful_referrals:,} referral{'s' if e.successful_referrals != 1 else ''}"
            f" · {e.revenue.formatted}"
            for e in board.leaderboard
        ]
        blocks.append(_md("\n".join(rows)))
    return Message(text=title, blocks=blocks)


def pending_message(rewards: list[Reward]) -> Message:
    if not rewards:
        return notice(":sparkles: Nothing is awaiting approval.")
    blocks: list[Block] = [HeaderBlock(text=f"Awaiting approval ({len(rewards)})")]
    for reward in rewards[:PENDING_SHOWN]:
        flag = " :warning:" if reward.flagged else ""
        test = " :test_tube:" if reward.test else ""
        blocks.append(
            _md(
                f"*{reward.value.formatted}* {reward.kind.lower()} · {escape(reward.campaign.name)}"
                f" · rule `{escape(reward.rule_key)}` · #{reward.id}{flag}{test}"
            )
        )
        blocks.append(decision_buttons(reward.id))
    if len(rewards) > PENDING_SHOWN:
        blocks.append(_context(f"Showing the oldest {PENDING_SHOWN}."))
    return Message(text=f"{len(rewards)} rewards awaiting approval", blocks=blocks)


def _rule(rule: Rule) -> str:
    if rule.fixed_value is not None:
        amount = rule.fixed_value.formatted
    else:
        pct = f"{(rule.percent_bps or 0) / 100:g}%"
        cap = f" up to {rule.max_value.formatted}" if rule.max_value else ""
        amount = f"{pct} of the order{cap}"
    hold = f", held {rule.hold_days} days" if rule.hold_days else ""
    who = rule.recipient.lower()
    when_ = rule.trigger.lower().replace("_", " ")
    return f"• `{escape(rule.key)}`: {amount} {rule.kind.lower()} to the {who} on {when_}{hold}"


def campaign_message(campaign: CampaignDetail) -> Message:
    phase = campaign.phase.lower()
    blocks: list[Block] = [
        HeaderBlock(text=clip(campaign.name, 150)),
        _context(
            f"`{escape(campaign.slug)}` · {phase}"
            + (" · :test_tube: test mode" if campaign.test_mode else "")
            + (
                f" · announces in {escape(campaign.slack_channel)}"
                if campaign.slack_channel
                else ""
            )
        ),
        _md(_stats_lines(campaign)),
        DividerBlock(),
    ]
    versions = campaign.reward_rule_versions
    if versions:
        latest = versions[0]
        policy = []
        if latest.auto_approve_max_value is not None:
            policy.append(f"auto-approves up to {latest.auto_approve_max_value.formatted}")
        if latest.four_eyes_above_value is not None:
            policy.append(f"two approvers above {latest.four_eyes_above_value.formatted}")
        rules = "\n".join(_rule(r) for r in latest.rules) or "No rules."
        tail = f"\n_{'; '.join(policy)}_" if policy else ""
        blocks.append(_md(f"*Reward rules* (version {latest.version})\n{rules}{tail}"))
    else:
        blocks.append(_md("*Reward rules*: none yet."))
    return Message(text=f"Campaign {campaign.name}", blocks=blocks)
