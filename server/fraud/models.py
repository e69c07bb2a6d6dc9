"""Per-campaign fraud rule settings, the blocklist and advocates' own sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from server.fraud.rules import BlockKind, Mode, RuleKey

if TYPE_CHECKING:
    from server.advocates.models import Advocate
    from server.campaigns.models import Campaign


class FraudRuleSetting(Model):
    """A campaign's override of one rule's default mode and threshold."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="fraud_rules", on_delete=fields.RESTRICT
    )
    rule = fields.CharEnumField(RuleKey, max_length=32)
    mode = fields.CharEnumField(Mode, max_length=8)
    threshold = fields.IntField(null=True)
    updated_by = fields.CharField(max_length=64, null=True)
    updated_at = fields.DatetimeField()

    campaign_id: int

    class Meta:
        table = "fraud_rule_setting"
        unique_together = (("campaign", "rule"),)


class BlocklistEntry(Model):
    """Global: an email pattern, a domain, a keyed IP hash (never a raw IP) or an advocate id."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(BlockKind, max_length=16)
    pattern = fields.CharField(max_length=254)
    # For an IP entry given as an address: the keyed hash of its network (/24, /64), so its
    # neighbours are recognised too (as weaker evidence than the address itself).
    network_hash = fields.CharField(max_length=32, null=True, db_index=True)
    reason = fields.CharField(max_length=500, default="")
    created_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "blocklist_entry"
        unique_together = (("kind", "pattern"),)


class AdvocateSession(Model):
    """Hashed IP and user agent an advocate was seen with, to recognise them as a friend."""

    id = fields.BigIntField(primary_key=True)
    advocate: fields.ForeignKeyRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="sessions", on_delete=fields.RESTRICT, db_index=False
    )
    ip_hash = fields.CharField(max_length=32)
    ua_hash = fields.CharField(max_length=32)
    seen_at = fields.DatetimeField()

    advocate_id: int

    class Meta:
        table = "advocate_session"
        indexes = (("advocate_id", "ip_hash", "ua_hash", "seen_at"),)


class AdvocateEvidence(Model):
    """A keyed hash of something an advocate identified themselves with (device id, payment
    fingerprint, phone, address), to recognise them later posing as a friend."""

    id = fields.BigIntField(primary_key=True)
    advocate: fields.ForeignKeyRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="evidence", on_delete=fields.RESTRICT, db_index=False
    )
    kind = fields.CharField(max_length=16)
    value_hash = fields.CharField(max_length=32)
    seen_at = fields.DatetimeField()

    advocate_id: int

    class Meta:
        table = "advocate_evidence"
        unique_together = (("advocate", "kind", "value_hash"),)
        indexes = (("kind", "value_hash"),)


class SharedNetwork(Model):
    """An operator-marked shared network (campus, office, event Wi-Fi) or single address: its
    keyed hash only (a network's as the evidence hashes it, an address's as clicks do), so
    many friends from it are weak evidence."""

    id = fields.IntField(primary_key=True)
    value_hash = fields.CharField(max_length=32, unique=True)
    scope = fields.CharField(max_length=8)  # "/24", "/64" or "address"
    note = fields.CharField(max_length=500, default="")
    created_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "shared_network"


class RefusedEdge(Model):
    """An advocate's attempt to refer another advocate of the same campaign: refused, so no
    referral exists, but remembered (as the two advocates, no email) for ring detection."""

    id = fields.BigIntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="refused_edges", on_delete=fields.RESTRICT, db_index=False
    )
    advocate: fields.ForeignKeyRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="refused_edges", on_delete=fields.RESTRICT, db_index=False
    )
    friend: fields.ForeignKeyRelation[Advocate] = fields.ForeignKeyField(
        "models.Advocate", related_name="refused_as_friend", on_delete=fields.RESTRICT
    )
    test = fields.BooleanField()
    attempts = fields.IntField(default=1)
    first_at = fields.DatetimeField()
    last_at = fields.DatetimeField()

    campaign_id: int
    advocate_id: int
    friend_id: int

    class Meta:
        table = "fraud_refused_edge"
        unique_together = (("advocate", "friend", "campaign", "test"),)
