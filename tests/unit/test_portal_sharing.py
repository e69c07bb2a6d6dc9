"""Share intents, the QR code and portal progress: pure functions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from server.advocates.progress import NextMilestone, next_milestone, next_tier
from server.referrals.sharing import ShareChannel, qr_svg, share_intents
from server.rewards.models import RewardKind, RewardRecipient
from server.rewards.rules import Rule, Tier, Trigger

URL = "https://shop.example.com/r/ABC123"


def intents(**messages: str) -> dict[ShareChannel, str]:
    given = {"email_subject": "Hi", "email_body": "", "social_message": "", **messages}
    return {i.channel: i.url for i in share_intents(share_url=URL, **given)}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_every_channel_carries_the_link_once() -> None:
    made = intents(email_body="Try it: " + URL, social_message="Try it & save: " + URL)
    assert query(made[ShareChannel.EMAIL]) == {"subject": ["Hi"], "body": [f"Try it: {URL}"]}
    assert query(made[ShareChannel.SMS])["body"] == [f"Try it & save: {URL}"]
    assert query(made[ShareChannel.WHATSAPP])["text"] == [f"Try it & save: {URL}"]
    assert query(made[ShareChannel.X])["text"] == [f"Try it & save: {URL}"]
    assert query(made[ShareChannel.LINKEDIN]) == {"url": [URL]}
    assert query(made[ShareChannel.FACEBOOK]) == {"u": [URL]}
    # Spaces as %20, never '+': mail and SMS apps do not all decode '+'.
    assert "+" not in made[ShareChannel.SMS] and "%20" in made[ShareChannel.SMS]


def test_messages_without_the_link_get_it_appended() -> None:
    made = intents(email_body="Come along", social_message="")
    assert query(made[ShareChannel.EMAIL])["body"] == [f"Come along\n\n{URL}"]
    assert query(made[ShareChannel.WHATSAPP])["text"] == [URL]


def test_qr_code_is_svg() -> None:
    svg = qr_svg(URL)
    opening = svg.split(">", 1)[0]
    # Scalable (a viewBox, no fixed size), with a white quiet zone behind the dark modules.
    assert opening.startswith("<svg") and "viewBox" in opening and "width=" not in opening
    assert '<path fill="#fff"' in svg and 'stroke="#000"' in svg


def rule(*tiers: Tier, recipient: RewardRecipient = RewardRecipient.ADVOCATE) -> Rule:
    return Rule(
        key="a",
        recipient=recipient,
        trigger=Trigger.FIRST_PURCHASE,
        kind=RewardKind.CASH,
        currency="USD",
        fixed_amount=1000,
        tiers=tiers,
    )


def test_next_tier_is_the_nearest_one_not_reached() -> None:
    rules = [rule(Tier(3, fixed_amount=1500), Tier(10, fixed_amount=2000))]
    first = next_tier(rules, 2)
    assert first is not None and (first.after_referrals, first.remaining) == (3, 1)
    assert first.fixed_amount == 1500
    later = next_tier(rules, 3)
    assert later is not None and (later.after_referrals, later.remaining) == (10, 7)
    assert next_tier(rules, 10) is None
    assert next_tier([rule()], 0) is None
    assert next_tier([rule(Tier(3, fixed_amount=1), recipient=RewardRecipient.FRIEND)], 0) is None


def test_next_milestone() -> None:
    assert next_milestone([25, 1, 5, 10], 0) == NextMilestone(1, 1)
    assert next_milestone([25, 1, 5, 10], 5) == NextMilestone(10, 5)
    assert next_milestone([1, 5], 5) is None
