"""Pure webhook decisions: event types and which audited change is which event, endpoint
URLs and the addresses they may reach, retry schedule, when to disable an endpoint."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from server import text, urls
from server.errors import InvalidInput
from server.outbox.rules import RetryPolicy


class WebhookEventType(StrEnum):
    REFERRAL_CREATED = "referral.created"
    REFERRAL_CONVERTED = "referral.converted"
    REFERRAL_REJECTED = "referral.rejected"
    CONVERSION_RECORDED = "conversion.recorded"
    CONVERSION_REFUNDED = "conversion.refunded"
    REWARD_CREATED = "reward.created"
    REWARD_APPROVED = "reward.approved"
    REWARD_REJECTED = "reward.rejected"
    REWARD_FULFILLED = "reward.fulfilled"
    REWARD_VOIDED = "reward.voided"
    MILESTONE_REACHED = "milestone.reached"
    CAMPAIGN_STATUS_CHANGED = "campaign.status_changed"


E = WebhookEventType
TEST_EVENT = "webhook.test"

# What each event type tells, for the API (`webhookEventTypes`) and the dashboard.
DESCRIPTIONS: dict[WebhookEventType, str] = {
    E.REFERRAL_CREATED: "A friend arrived through an advocate's link or code.",
    E.REFERRAL_CONVERTED: "A referred friend made a qualifying purchase.",
    E.REFERRAL_REJECTED: "A referral was rejected (fraud rules or staff).",
    E.CONVERSION_RECORDED: "A purchase was reported for a referred friend.",
    E.CONVERSION_REFUNDED: "A reported purchase was refunded, in part or in full.",
    E.REWARD_CREATED: "A reward was earned and waits out its hold period.",
    E.REWARD_APPROVED: "A reward was approved (automatically or by staff).",
    E.REWARD_REJECTED: "A reward was rejected by staff.",
    E.REWARD_FULFILLED: "A reward was paid out or delivered.",
    E.REWARD_VOIDED: "A reward was voided or clawed back (e.g. after a refund).",
    E.MILESTONE_REACHED: "A campaign or an advocate reached a milestone.",
    E.CAMPAIGN_STATUS_CHANGED: "A campaign was launched, paused, resumed, ended or archived.",
}

# Retried for about 3 days: 1, 2, 4 ... 512 minutes, then every 12 hours (15 tries, ~65 h).
RETRY = RetryPolicy(max_attempts=15, base=timedelta(minutes=1), cap=timedelta(hours=12))
TIMEOUT_SECONDS = 10.0
LEASE_SECONDS = 60
BATCH = 20
# Consecutive failed attempts after which an endpoint is disabled even before a delivery is
# given up (a busy endpoint that fails everything).
MAX_CONSECUTIVE_FAILURES = 100
SECRET_OVERLAP = timedelta(hours=24)
EXCERPT_CHARS = 500

_DIRECT = {
    "referral.create": E.REFERRAL_CREATED,
    "conversion.record": E.CONVERSION_RECORDED,
    "conversion.refund": E.CONVERSION_REFUNDED,
    "reward.create": E.REWARD_CREATED,
    "milestone.reach": E.MILESTONE_REACHED,
}
_REWARD_STATUS = {
    "approved": E.REWARD_APPROVED,
    "rejected": E.REWARD_REJECTED,
    "fulfilled": E.REWARD_FULFILLED,
    "voided": E.REWARD_VOIDED,
    "reversed": E.REWARD_VOIDED,
}
_REFERRAL_STATUS = {"converted": E.REFERRAL_CONVERTED, "rejected": E.REFERRAL_REJECTED}

# What an event tells about its subject: (public type name, fields), ids made public.
SUBJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "Referral": ("campaign_id", "link_id", "status", "attribution_method", "friend_external_id",
                 "test", "created_at", "signed_up_at", "converted_at", "rejected_at"),
    "Conversion": ("campaign_id", "referral_id", "external_order_id", "amount", "currency",
                   "refunded_amount", "status", "occurred_at", "test"),
    "Reward": ("campaign_id", "referral_id", "conversion_id", "advocate_id", "recipient", "kind",
               "description", "amount", "currency", "status", "hold_until", "external_reference",
               "test", "created_at"),
    "Milestone": ("campaign_id", "advocate_id", "rule_key", "kind", "threshold", "value", "test",
                  "reached_at"),
    "Campaign": ("slug", "name", "status", "test_mode"),
}  # fmt: skip


# A change is [before, after] (isinstance with a tuple: no `X | Y` union built per call).
_PAIR = (list, tuple)


def events_for(action: str, subject: str, changes: Mapping[str, Any]) -> list[WebhookEventType]:
    """The webhook events an audited change is, from its action and the fields it changed."""
    found: list[WebhookEventType] = []
    if action in _DIRECT:
        found.append(_DIRECT[action])
    status = changes.get("status")
    after = status[1] if isinstance(status, _PAIR) and len(status) == 2 else None
    moved = status is not None and after is not None and status[0] != after
    if subject == "Reward" and moved and str(after) in _REWARD_STATUS:
        found.append(_REWARD_STATUS[str(after)])
    if subject == "Referral" and moved and after in _REFERRAL_STATUS:
        # Also on creation: a referral first seen with its purchase is created converted.
        found.append(_REFERRAL_STATUS[str(after)])
    if subject == "Campaign" and moved and action != "campaign.create":
        found.append(E.CAMPAIGN_STATUS_CHANGED)
    return found


def validate_event_types(values: list[str]) -> list[str]:
    known = {e.value for e in E}
    for value in values:
        if value not in known:
            raise InvalidInput(f"Unknown event type {value!r}.", field="eventTypes")
    return sorted(set(values))


def subscribed(event_types: list[str], event_type: str) -> bool:
    return not event_types or event_type in event_types


HTTP_SCHEMES = frozenset({"http", "https"})


def validate_url(url: str, *, production: bool) -> str:
    url = url.strip()
    parts = urls.absolute_http(url, schemes=HTTP_SCHEMES)
    if len(url) > 2000 or parts is None:
        raise InvalidInput("An absolute http(s) URL of at most 2000 characters.", field="url")
    if parts.username or parts.password:
        raise InvalidInput("Credentials in the URL are not allowed.", field="url")
    if production and parts.scheme != "https":
        raise InvalidInput("Endpoints must use https in production.", field="url")
    return url


# Cloud metadata services outside the link-local range (AWS IPv6, Alibaba).
_METADATA = {ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")}


def forbidden_address(address: str) -> bool:
    """Loopback, private, link-local (169.254.169.254 metadata), multicast, reserved or
    unspecified: never a webhook target in production."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip in _METADATA
        or ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def should_disable(*, consecutive_failures: int, given_up: bool) -> bool:
    """Sustained failure: a delivery failed every try for ~3 days, or a long failing streak."""
    return given_up or consecutive_failures >= MAX_CONSECUTIVE_FAILURES


def excerpt(body: str) -> str:
    """The start of a receiver's answer, storable (it may be any bytes, NUL included)."""
    return text.storable(body[:EXCERPT_CHARS])


def overlap_ends(now: datetime) -> datetime:
    return now + SECRET_OVERLAP
