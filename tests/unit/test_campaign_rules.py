from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.campaigns import rules
from server.campaigns.models import CampaignStatus as S
from server.errors import InvalidInput, InvalidState

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
LEGAL = {
    (S.DRAFT, S.ACTIVE),
    (S.DRAFT, S.ARCHIVED),
    (S.ACTIVE, S.PAUSED),
    (S.ACTIVE, S.ENDED),
    (S.PAUSED, S.ACTIVE),
    (S.PAUSED, S.ENDED),
    (S.ENDED, S.ARCHIVED),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_transition_is_legal_or_refused(current: S, target: S) -> None:
    if (current, target) in LEGAL:
        rules.check_transition(current, target)
    else:
        with pytest.raises(InvalidState):
            rules.check_transition(current, target)


def test_phase_applies_the_schedule() -> None:
    hour = timedelta(hours=1)
    assert rules.phase(S.ACTIVE, None, None, NOW) is rules.Phase.LIVE
    assert rules.phase(S.ACTIVE, NOW + hour, None, NOW) is rules.Phase.SCHEDULED
    assert rules.phase(S.ACTIVE, NOW - hour, NOW, NOW) is rules.Phase.ENDED  # end is exclusive
    assert rules.phase(S.ACTIVE, NOW, NOW + hour, NOW) is rules.Phase.LIVE  # start is inclusive
    assert rules.phase(S.PAUSED, None, None, NOW) is rules.Phase.PAUSED
    assert rules.phase(S.DRAFT, NOW - hour, None, NOW) is rules.Phase.DRAFT


def test_templates_render_known_placeholders_only() -> None:
    text = "{advocate_name} -> {share_url} ({friend_reward}) {other}"
    values = {"advocate_name": "Ada", "share_url": "https://x/r/A", "friend_reward": "$10"}
    assert rules.render_template(text, values) == "Ada -> https://x/r/A ($10) {other}"
    with pytest.raises(InvalidInput) as err:
        rules.validate_template(text, "shareEmailBody")
    assert err.value.field == "shareEmailBody" and "{other}" in err.value.message
    assert rules.validate_template("no placeholders", "f") == "no placeholders"


@pytest.mark.parametrize("slug", ["a", "give-10-get-10", "x" * 64])
def test_good_slugs(slug: str) -> None:
    assert rules.validate_slug(slug) == slug


@pytest.mark.parametrize("slug", ["", "-a", "a-", "A", "a_b", "x" * 65, "a b"])
def test_bad_slugs(slug: str) -> None:
    with pytest.raises(InvalidInput):
        rules.validate_slug(slug)


def test_objective_needs_both_parts_and_a_positive_target() -> None:
    rules.validate_objective(None, None)
    rules.validate_objective("conversions", 10)
    for metric, target in (("conversions", None), (None, 5), ("revenue", 0)):
        with pytest.raises(InvalidInput):
            rules.validate_objective(metric, target)
    assert rules.Progress(current=30, target=40).ratio == 0.75
    assert rules.Progress(current=40, target=40).reached
