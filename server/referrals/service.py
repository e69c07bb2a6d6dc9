"""Referral use-cases, one import for their callers: clicks, signups, conversions and refunds,
attributed to a link (`touches`, `attribution`), and staff re-attribution."""

from __future__ import annotations

from server.fraud.refusals import remembering
from server.referrals import admission, conversions, signups
from server.referrals.clicks import link_for_redirect, record_click, vanity_link_for_redirect
from server.referrals.conversions import Order, Recorded
from server.referrals.reattribution import reattribute
from server.referrals.refunds import RefundResult, record_refund
from server.referrals.touches import FriendRef

# An advocate referring another advocate of the campaign is refused; the attempt is kept for
# ring detection in a transaction of its own (server/fraud/refusals.py).
record_signup = remembering(signups.record_signup)
record_conversion = remembering(conversions.record_conversion)
# For the API and inbound webhooks: waits for one of the process's conversion slots first
# (server/referrals/admission.py). The launch preflight, inside its own rolled-back transaction,
# and the demo seed use `record_conversion`.
record_conversion_queued = admission.queued(record_conversion)

__all__ = [
    "FriendRef",
    "Order",
    "Recorded",
    "RefundResult",
    "link_for_redirect",
    "reattribute",
    "record_click",
    "record_conversion",
    "record_conversion_queued",
    "record_refund",
    "record_signup",
    "vanity_link_for_redirect",
]
