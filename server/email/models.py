"""Emails to advocates: the outbox of messages (server/outbox/lease.py), suppressed
addresses, per-campaign templates, branding and nudge cadence, and magic sign-in links."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from server.outbox.lease import OutboxStatus


def default_nudge_days() -> list[int]:
    return [3, 14]


class EmailKind(StrEnum):
    WELCOME = "welcome"
    SIGN_IN = "sign_in"
    FRIEND_SIGNED_UP = "friend_signed_up"
    REWARD_EARNED = "reward_earned"
    REWARD_APPROVED = "reward_approved"
    REWARD_PAID = "reward_paid"
    REWARD_REJECTED = "reward_rejected"
    MILESTONE = "milestone"
    NUDGE = "nudge"


class SuppressionReason(StrEnum):
    UNSUBSCRIBED = "unsubscribed"  # marketing stops; sign-in links still go out
    BOUNCED = "bounced"  # hard bounce at send: nothing goes out
    COMPLAINED = "complained"  # a spam complaint: nothing goes out


class EmailMessage(Model):
    # Written in the transaction of the event it tells about; rendered and sent by the
    # delivery worker. One row per (event, recipient): `dedupe_key` is unique.

    id = fields.BigIntField(primary_key=True)
    dedupe_key = fields.CharField(max_length=120, unique=True)
    kind = fields.CharEnumField(EmailKind, max_length=24)
    campaign_id = fields.IntField(null=True)
    advocate_id = fields.IntField(null=True)
    link_id = fields.IntField(null=True)
    to_address = fields.CharField(max_length=254)
    # server.identity.canonical_email(to_address): what suppression is keyed by.
    to_key = fields.CharField(max_length=254, db_index=True)
    # What the message is about (e.g. Reward 12) and anything else its template needs.
    data: fields.Field[dict[str, object]] = fields.JSONField(default=dict)
    # A test-mode campaign's message: rendered and written to the mail folder, never SMTP.
    test = fields.BooleanField(default=False)
    # How it ended: "smtp", "file", "suppressed", "bounced".
    outcome = fields.CharField(max_length=16, default="")
    message_id = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    claims = fields.IntField(default=0)
    lease_token = fields.CharField(max_length=64, null=True)
    lease_expires_at = fields.DatetimeField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "email_message"
        indexes = (("status", "id"), ("link_id", "kind"))


class EmailSuppression(Model):
    id = fields.IntField(primary_key=True)
    address_key = fields.CharField(max_length=254, unique=True)
    reason = fields.CharEnumField(SuppressionReason, max_length=16)
    detail = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "email_suppression"


class EmailTemplate(Model):
    # A campaign's own wording for one kind of email (Jinja2, sandboxed, autoescaped HTML).
    id = fields.IntField(primary_key=True)
    campaign_id = fields.IntField()
    kind = fields.CharEnumField(EmailKind, max_length=24)
    subject = fields.CharField(max_length=300)
    text = fields.TextField()
    html = fields.TextField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "email_template"
        unique_together = (("campaign_id", "kind"),)


class CampaignEmailSettings(Model):
    # Branding of the hosted pages and emails, and the re-engagement nudge cadence.
    id = fields.IntField(primary_key=True)
    campaign_id = fields.IntField(unique=True)
    logo_url = fields.CharField(max_length=2000, null=True)
    accent_color = fields.CharField(max_length=7, null=True)
    sender_name = fields.CharField(max_length=80, null=True)
    # Days after joining for the first nudges, then at most one every `nudge_repeat_days`
    # (0: none after the listed ones); no nudges at all when `nudge_enabled` is false.
    nudge_enabled = fields.BooleanField(default=True)
    nudge_days: fields.Field[list[int]] = fields.JSONField(default=default_nudge_days)
    nudge_repeat_days = fields.IntField(default=30)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "campaign_email_settings"


class UnsubscribeLink(Model):
    # The unsubscribe link in one advocate's emails of one campaign: the URL carries this row's
    # id and a random nonce, signed (server/email/tokens.py), never the address. Erasing the
    # advocate deletes the row, so links in emails already sent stop working with it; a
    # re-enrolment gets a new row and nonce.
    id = fields.IntField(primary_key=True)
    campaign_id = fields.IntField()
    advocate_id = fields.IntField(db_index=True)
    nonce = fields.CharField(max_length=32)
    created_at = fields.DatetimeField()

    class Meta:
        table = "email_unsubscribe_link"
        unique_together = (("campaign_id", "advocate_id"),)


class PortalSignIn(Model):
    # A magic sign-in link: single use (compare-and-set on used_at), short-lived.
    id = fields.BigIntField(primary_key=True)
    link_id = fields.IntField(db_index=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "portal_sign_in"


class JoinRequest(Model):
    # A join or sign-in-link request from the hosted pages, accepted and answered: the same
    # row for every address (the address and name sealed with VOUCH_SECRET_KEY, cleared once
    # done). The email worker enrols and writes the sign-in email from it, exactly once, through
    # the outbox lease (server/email/requests.py).
    id = fields.BigIntField(primary_key=True)
    reason = fields.CharField(max_length=8)  # "join" or "request"
    campaign_id = fields.IntField()
    sealed = fields.TextField()
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    claims = fields.IntField(default=0)
    lease_token = fields.CharField(max_length=64, null=True)
    lease_expires_at = fields.DatetimeField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "email_join_request"
        indexes = (("status", "id"),)
