"""Pure campaign decisions: lifecycle, schedule, objective progress and share content."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from server import urls
from server.campaigns.models import CampaignStatus
from server.errors import Forbidden, InvalidInput, InvalidState

S = CampaignStatus

# draft -> active <-> paused -> ended -> archived; a draft may also be archived unused.
TRANSITIONS: dict[CampaignStatus, frozenset[CampaignStatus]] = {
    S.DRAFT: frozenset({S.ACTIVE, S.ARCHIVED}),
    S.ACTIVE: frozenset({S.PAUSED, S.ENDED}),
    S.PAUSED: frozenset({S.ACTIVE, S.ENDED}),
    S.ENDED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
}

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = frozenset({"advocate_name", "share_url", "friend_reward", "code"})
MAX_ATTRIBUTION_DAYS = 365
MAX_TEST_CLOCK_MINUTES = 60 * 24 * 366


class Phase(StrEnum):
    """What a campaign is doing right now, schedule included."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    LIVE = "live"
    PAUSED = "paused"
    ENDED = "ended"
    ARCHIVED = "archived"


def check_transition(current: CampaignStatus, target: CampaignStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidState(f"A {current.value} campaign cannot become {target.value}.", field="id")


def phase(
    status: CampaignStatus, starts_at: datetime | None, ends_at: datetime | None, now: datetime
) -> Phase:
    if status is S.ACTIVE:
        if ends_at is not None and now >= ends_at:
            return Phase.ENDED
        if starts_at is not None and now < starts_at:
            return Phase.SCHEDULED
        return Phase.LIVE
    return Phase(status.value)


def check_write_mode(
    *, campaign_test: bool, key_test: bool | None, asked_test: bool = False
) -> None:
    """What an API key may write. A test key (vch_test_) writes only to test-mode campaigns; a
    live key (vch_live_) writes test data only when the request says so (testData: true).
    Staff signed in (no key) rehearse freely; asking for test data in a live campaign is
    refused for everyone."""
    if key_test is True and not campaign_test:
        raise Forbidden(
            "A test API key (vch_test_) writes only to test-mode campaigns.", field="campaignId"
        )
    if campaign_test and key_test is False and not asked_test:
        raise Forbidden(
            "This campaign is in test mode: a live API key writes test data only when the "
            "request says testData: true.",
            field="testData",
        )
    if asked_test and not campaign_test:
        raise InvalidState("testData: true, but the campaign is live.", field="testData")


def check_config_write(
    *, campaign_test: bool, key_test: bool | None, field: str = "campaignId"
) -> None:
    """Campaign settings: a test key changes only test-mode campaigns (and cannot make one
    live); a live key configures any campaign (configuration is not test data). `field` names
    the campaign in the caller's input (`id`, `campaignId`; `testMode` when creating one)."""
    if key_test and not campaign_test:
        raise Forbidden(
            "A test API key (vch_test_) writes only to test-mode campaigns.", field=field
        )


MAX_ORDER_GRACE_DAYS = 365


def validate_order_grace(days: int) -> int:
    if not 0 <= days <= MAX_ORDER_GRACE_DAYS:
        raise InvalidInput(
            f"The order grace period is 0-{MAX_ORDER_GRACE_DAYS} days.", field="orderGraceDays"
        )
    return days


def end_of(
    status: CampaignStatus, ends_at: datetime | None, ended_at: datetime | None
) -> datetime | None:
    """When the campaign ended (or ends): the earlier of its schedule and being ended."""
    ended = ended_at if status in (S.ENDED, S.ARCHIVED) else None
    found = [t for t in (ends_at, ended) if t is not None]
    return min(found) if found else None


def order_counts_after_end(
    *, end: datetime | None, referred_at: datetime, order_at: datetime, grace_days: int
) -> bool:
    """An order after the campaign's end counts only for a friend referred before the end, and
    only within the grace period (the shop's checkout lags, refunds windows overlap)."""
    if end is None or order_at < end:
        return True
    return referred_at <= end and order_at < end + timedelta(days=grace_days)


def validate_deadline(deadline: datetime | None, now: datetime) -> None:
    """An objective's deadline lies ahead when it is set: a past one could never be met."""
    if deadline is not None and deadline <= now:
        raise InvalidInput("The objective's deadline is in the past.", field="objective.deadline")


def validate_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise InvalidInput("Use 1-64 lowercase letters, digits and inner hyphens.", field="slug")
    return slug


def validate_schedule(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("The end must come after the start.", field="endsAt")


_HTTP = frozenset({"http", "https"})


def validate_landing_url(url: str) -> str:
    if urls.absolute_http(url, schemes=_HTTP) is None or len(url) > 2000:
        raise InvalidInput("The landing URL must be an absolute http(s) URL.", field="landingUrl")
    return url


def validate_attribution_window(days: int) -> int:
    if not 1 <= days <= MAX_ATTRIBUTION_DAYS:
        raise InvalidInput(
            f"The attribution window is 1 to {MAX_ATTRIBUTION_DAYS} days.",
            field="attributionWindowDays",
        )
    return days


def validate_objective(metric: object | None, target: int | None) -> None:
    if (metric is None) != (target is None):
        raise InvalidInput("An objective needs both a metric and a target.", field="objective")
    if target is not None and target <= 0:
        raise InvalidInput("The objective target must be positive.", field="objective.target")


def validate_template(text: str, field: str) -> str:
    unknown = sorted(set(PLACEHOLDER_RE.findall(text)) - PLACEHOLDERS)
    if unknown:
        raise InvalidInput(
            f"Unknown placeholder {{{unknown[0]}}}; use "
            + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)),
            field=field,
        )
    return text


def render_template(text: str, values: dict[str, str]) -> str:
    """Fill known placeholders; anything else is left exactly as written."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def share_url(public_url: str, code: str) -> str:
    return f"{public_url}/r/{code}"


@dataclass(frozen=True, slots=True)
class Share:
    email_subject: str
    email_body: str
    social_message: str


def render_share(
    *,
    subject: str,
    body: str,
    social: str,
    friend_reward: str,
    public_url: str,
    code: str,
    advocate_name: str,
    advocate_email: str,
) -> Share:
    """One advocate's share content: what the API shows and what the launch preflight clicks."""
    values = {
        "advocate_name": advocate_name or advocate_email.split("@", 1)[0],
        "share_url": share_url(public_url, code),
        "friend_reward": friend_reward,
        "code": code,
    }
    return Share(
        email_subject=render_template(subject, values),
        email_body=render_template(body, values),
        social_message=render_template(social, values),
    )


@dataclass(frozen=True, slots=True)
class Progress:
    current: int
    target: int

    @property
    def ratio(self) -> float:
        return self.current / self.target if self.target else 0.0

    @property
    def reached(self) -> bool:
        return self.current >= self.target


def campaign_now(now: datetime, test_mode: bool, test_clock_minutes: int) -> datetime:
    """A campaign's own time: a test-mode campaign's clock may run ahead of the real one."""
    return now + timedelta(minutes=test_clock_minutes) if test_mode else now


def advanced_test_clock(test_mode: bool, current_minutes: int, hours: int, minutes: int) -> int:
    """The new offset in minutes after moving `hours` and `minutes` ahead (both >= 0, together
    more than nothing), so rehearsed velocity rules see real windows, not hour buckets."""
    if not test_mode:
        raise InvalidState("Only a test-mode campaign's clock can be advanced.", field="campaignId")
    if hours < 0:
        raise InvalidInput("Advance by a positive number of hours.", field="hours")
    if minutes < 0:
        raise InvalidInput("Advance by a positive number of minutes.", field="minutes")
    step = hours * 60 + minutes
    if step <= 0:
        raise InvalidInput("Advance by a positive number of hours or minutes.", field="hours")
    if current_minutes + step > MAX_TEST_CLOCK_MINUTES:
        left = MAX_TEST_CLOCK_MINUTES - current_minutes
        raise InvalidInput(
            f"A test clock runs at most {MAX_TEST_CLOCK_MINUTES // 60} hours ahead "
            f"({left // 60} left).",
            field="hours" if hours else "minutes",
        )
    return current_minutes + step


SLACK_CHANNEL_RE = re.compile(r"^[CG][A-Z0-9]{8,20}$")


def validate_slack_channel(value: str) -> str:
    """A channel id, not a name: names change, and Slack's history API takes ids only."""
    channel = value.strip()
    if not SLACK_CHANNEL_RE.match(channel):
        raise InvalidInput(
            "Give the channel id (channel details > Copy channel ID), e.g. C0123ABCDE.",
            field="slackChannel",
        )
    return channel
