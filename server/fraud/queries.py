"""The screening's reads as prepared statements (server/sql): text fixed at import, rows as
plain values, no ORM objects built. A list parameter is one JSON array on SQLite (json_each)
and one text array on PostgreSQL (= ANY), so the text does not depend on its length."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from server import db
from server.sql import Executor, Statement, TortoiseExecutor


def executor(conn: BaseDBAsyncClient | None) -> Executor:
    """Statements on the caller's connection or transaction (the default one without)."""
    return TortoiseExecutor(conn if conn is not None else db.connection())


def texts(ex: Executor, values: Sequence[str]) -> Any:
    """A list of strings as one parameter of `_IN` / `_ANY`."""
    if ex.dialect != "sqlite":
        return list(values)
    return json.dumps(list(values)) if values else "[]"  # most lists asked are empty


def _in(column: str) -> tuple[str, str]:
    return f"{column} IN (SELECT value FROM json_each(?))", f"{column} = ANY(?::text[])"


def _list_stmt(name: str, template: str, *columns: str) -> Statement:
    """`template` with {0}, {1}... replaced by a list test on each column, per dialect."""
    pairs = [_in(c) for c in columns]
    return Statement.of(
        name,
        template.format(*(p[0] for p in pairs)),
        postgres=template.format(*(p[1] for p in pairs)),
    )


# The link's row lock (PostgreSQL: serialises referrals through one link, so the velocity
# rules count a burst one after the other) and the campaign's fraud settings, in one. SQLite
# transactions are serialised already (BEGIN IMMEDIATE): no lock to take.
LOCK_AND_SETTINGS = Statement.of(
    "fraud.lock_link_settings",
    """SELECT f.rule, f.mode, f.threshold FROM referral_link l
JOIN fraud_rule_setting f ON f.campaign_id = l.campaign_id WHERE l.id = ?""",
    postgres="""SELECT f.rule, f.mode, f.threshold FROM referral_link l
LEFT JOIN fraud_rule_setting f ON f.campaign_id = l.campaign_id WHERE l.id = ?
FOR NO KEY UPDATE OF l""",
)
SETTINGS = Statement.of(
    "fraud.settings",
    "SELECT rule, mode, threshold FROM fraud_rule_setting WHERE campaign_id = ?",
)

# What the friend's device, identifiers, address and email say, in one statement: the
# advocate seen on one of (up to) two devices since a moment; which of the identifiers are the
# advocate's own; how many friends of the campaign came from the address today; every
# blocklist entry that may match (when asked: all email patterns, the domain's parents, the
# addresses and their networks, the advocate), by id.
_DEVICE_SQL = """SELECT 'device' AS tag, CAST(NULL AS TEXT) AS a, CAST(NULL AS TEXT) AS b,
  CAST(NULL AS TEXT) AS c, CAST(NULL AS TEXT) AS d, COUNT(*) AS n
  FROM (SELECT 1 AS one FROM advocate_session WHERE advocate_id = ? AND seen_at >= ?
  AND ((ip_hash = ? AND ua_hash = ?) OR (ip_hash = ? AND ua_hash = ?)) LIMIT 1) s"""
_OWN_SQL = """SELECT 'own', kind, value_hash, NULL, NULL, 0 FROM advocate_evidence
  WHERE advocate_id = ? AND {0}"""
_IP_SQL = """SELECT 'ip', NULL, NULL, NULL, NULL, COUNT(*) FROM referral
  WHERE campaign_id = ? AND ip_hash = ? AND created_at > ? AND created_at <= ?"""
_BLOCK_SQL = """SELECT 'block', kind, pattern, reason, network_hash, id FROM blocklist_entry
  WHERE ? AND (kind = 'email' OR (kind = 'domain' AND {1})
  OR (kind = 'ip_hash' AND ({2} OR {3})) OR (kind = 'advocate' AND pattern = ?))"""
# At an order: the advocate's orders of the last day, and (as text, in `a`) of its last hour,
# in one pass (conversion velocity), found by their referrals (SQLite scanned every conversion
# for the join); the friend's converted referrals (one inbox or one external id), not
# rejected, with the advocate of each.
_ORDERS_SQL = """SELECT 'orders',
  CAST(COALESCE(SUM(CASE WHEN c.occurred_at > ? THEN 1 ELSE 0 END), 0) AS TEXT),
  NULL, NULL, NULL, COUNT(*) FROM conversion c
  WHERE ? AND c.referral_id IN (SELECT r.id FROM referral r WHERE r.link_id IN
  (SELECT l.id FROM referral_link l WHERE l.advocate_id = ?))
  AND c.test = ? AND c.occurred_at > ? AND c.occurred_at <= ?"""
_FRIEND_SQL = """SELECT 'friend', CAST(l.advocate_id AS TEXT), NULL, NULL, NULL, r.id
  FROM referral r JOIN referral_link l ON l.id = r.link_id
  WHERE ? AND (r.friend_key = ? OR r.friend_external_id = ?) AND r.converted_at IS NOT NULL
  AND r.test = ? AND r.status <> 'rejected'"""
_FACTS = [_DEVICE_SQL, _OWN_SQL, _IP_SQL, _BLOCK_SQL, _ORDERS_SQL, _FRIEND_SQL]
_LISTS = ("value_hash", "pattern", "pattern", "network_hash")
_FRIEND = "\nUNION ALL ".join(_FACTS)
FRIEND_FACTS = _list_stmt("fraud.friend_facts", _FRIEND, *_LISTS)
# At a new friend's signup, also: the advocate's referrals of the last days, newest first,
# each marked 'h' (last hour) or 'd' (last day) (velocity, networks, look-alikes); and the
# first hop of the ring walk from the friend (who the friend referred, or was refused for).
_RECENT_SQL = """SELECT 'recent', friend_key, friend_name, net_hash,
  CASE WHEN created_at > ? THEN 'h' WHEN created_at > ? THEN 'd' ELSE '' END, id
  FROM (SELECT r.id, r.created_at, r.friend_key, r.friend_name, r.net_hash FROM referral r
  JOIN referral_link l ON l.id = r.link_id
  WHERE l.advocate_id = ? AND r.test = ? AND r.created_at > ? AND r.created_at <= ?
  ORDER BY r.created_at DESC LIMIT ?) recent"""
# The friend's advocate row first, then its links, then their referrals (SQLite takes CROSS
# JOIN's order; each step an index): most friends are none, and then nothing more is read.
_RING_SQL = """SELECT 'ring', who, whom, NULL, NULL, 0 FROM (SELECT a.email_key AS who,
  r.friend_key AS whom FROM advocate a CROSS JOIN referral_link l CROSS JOIN referral r
  WHERE ? AND a.email_key = ? AND l.id = r.link_id AND l.advocate_id = a.id AND r.test = ?
  AND r.friend_key IS NOT NULL ORDER BY r.id LIMIT ?) referred
UNION ALL
SELECT 'ring', who, whom, NULL, NULL, 0 FROM (SELECT a.email_key AS who, f.email_key AS whom
  FROM fraud_refused_edge e JOIN advocate a ON a.id = e.advocate_id
  JOIN advocate f ON f.id = e.friend_id
  WHERE ? AND a.email_key = ? AND e.test = ? ORDER BY e.id LIMIT ?) refused"""
_SIGNUP = "\nUNION ALL ".join([*_FACTS, _RECENT_SQL, _RING_SQL])
SIGNUP_FACTS = _list_stmt("fraud.signup_facts", _SIGNUP, *_LISTS)
# A new friend's facts (`part` 0) with those of their first order (`part` 1), when the order
# creates the referral: the two statements' rows, in one.
SIGNUP_ORDER_FACTS = _list_stmt(
    "fraud.signup_order_facts",
    f"""SELECT 0 AS part, x.* FROM ({_SIGNUP}) x
UNION ALL SELECT 1 AS part, y.* FROM ({_FRIEND}) y""",
    *_LISTS,
)

# One hop of the ring walk: who the frontier referred (referrals, and refused attempts).
RING_HOP = _list_stmt(
    "fraud.ring_hop",
    """SELECT who, whom FROM (SELECT a.email_key AS who, r.friend_key AS whom FROM referral r
  JOIN referral_link l ON l.id = r.link_id JOIN advocate a ON a.id = l.advocate_id
  WHERE {0} AND r.test = ? AND r.friend_key IS NOT NULL ORDER BY r.id LIMIT ?) referred
UNION ALL
SELECT who, whom FROM (SELECT a.email_key AS who, f.email_key AS whom FROM fraud_refused_edge e
  JOIN advocate a ON a.id = e.advocate_id JOIN advocate f ON f.id = e.friend_id
  WHERE {1} AND e.test = ? ORDER BY e.id LIMIT ?) refused""",
    "a.email_key",
    "a.email_key",
)
RING_EDGE = Statement.of(
    "fraud.ring_edge",
    """SELECT r.id FROM referral r JOIN referral_link l ON l.id = r.link_id
JOIN advocate a ON a.id = l.advocate_id
WHERE a.email_key = ? AND r.friend_key = ? AND r.test = ?""",
)

# An advocate's referrals of the last days, newest first (velocity, networks, look-alikes).
RECENT = Statement.of(
    "fraud.recent",
    """SELECT r.id, r.created_at, r.friend_key, r.friend_name, r.net_hash FROM referral r
JOIN referral_link l ON l.id = r.link_id
WHERE l.advocate_id = ? AND r.test = ? AND r.created_at > ? AND r.created_at <= ?
ORDER BY r.created_at DESC LIMIT ?""",
)

# Other friends who used this device, card or phone (a NULL matches nothing); the friend's
# own inbox and the referral itself left out.
SHARED = Statement.of(
    "fraud.shared_evidence",
    """SELECT id, friend_key, device_hash, payment_hash, phone_hash FROM referral
WHERE (device_hash = ? OR payment_hash = ? OR phone_hash = ?) AND test = ?
  AND created_at >= ? AND (? IS NULL OR friend_key <> ?) AND id <> ?
LIMIT ?""",
    postgres="""SELECT id, friend_key, device_hash, payment_hash, phone_hash FROM referral
WHERE (device_hash = ? OR payment_hash = ? OR phone_hash = ?) AND test = ?
  AND created_at >= ? AND (?::text IS NULL OR friend_key <> ?) AND id <> ?
LIMIT ?""",
)

# Links' advocates; sticky attribution's kept touches (audited).
LINK_ADVOCATES = Statement.of(
    "fraud.link_advocates",
    "SELECT advocate_id FROM referral_link WHERE id IN (SELECT value FROM json_each(?))",
    postgres="SELECT advocate_id FROM referral_link WHERE id = ANY(?::int[])",
)
KEPT = _list_stmt(
    "fraud.kept_touches",
    """SELECT diff FROM audit_event WHERE target_type = 'Referral' AND {0}
  AND action = 'referral.attribution_kept' LIMIT ?""",
    "target_id",
)

# Which of a cluster's (member, rule) pairs are news: the member may still be re-scored (not
# rejected, no final review decision) and does not carry the rule yet. The signals are looked
# at in the database, so members that already carry the cluster's rules (most) cost no row:
# one row per member to change, the rules it lacks joined by commas. Pairs as
# `member_rules` gives them. SQLite: a member whose signals' text holds `"rule":"<rule>"` (as
# written compact or spaced) carries it (the quotes inside a JSON string are escaped, so the
# text can only be the key and its value), with no JSON parsed; the others are looked at.
# PostgreSQL: the members that change are locked as they are read (id order, so two
# re-scorings never wait on each other in a circle), and the row read is the latest committed
# one: a reviewer's decision or another re-scoring's signal that committed meanwhile is seen
# (and a decided member left out), never overwritten by the update that follows. SQLite's
# write transactions run one at a time: what is read is what the update replaces.
MEMBERS_LACKING = Statement.of(
    "fraud.cluster_members",
    """SELECT r.id, group_concat(p.rule, ',') AS rules, r.risk_signals, r.risk_score,
  r.review_status
FROM (SELECT i.value AS id, k.key AS rule FROM json_each(?) k, json_each(k.value) i) p
JOIN referral r ON r.id = p.id
WHERE r.status <> 'rejected' AND r.review_status NOT IN ('confirmed_fraud', 'dismissed')
  AND instr(r.risk_signals, '"rule":"' || p.rule || '"') = 0
  AND instr(r.risk_signals, '"rule": "' || p.rule || '"') = 0
  AND NOT EXISTS (SELECT 1 FROM json_each(r.risk_signals) s
    WHERE json_extract(s.value, '$.rule') = p.rule)
GROUP BY r.id ORDER BY r.id""",
    postgres="""SELECT id, string_agg(rule, ',') AS rules, risk_signals, risk_score, review_status
FROM (SELECT r.id, p.rule, r.risk_signals, r.risk_score, r.review_status
  FROM unnest(?::int[], ?::text[]) AS p(id, rule)
  JOIN referral r ON r.id = p.id
  WHERE r.status <> 'rejected' AND r.review_status NOT IN ('confirmed_fraud', 'dismissed')
    AND NOT r.risk_signals @> jsonb_build_array(jsonb_build_object('rule', p.rule))
  ORDER BY r.id FOR NO KEY UPDATE OF r) m
GROUP BY id, risk_signals, risk_score, review_status ORDER BY id""",
)
# Which of these referrals have rewards not flagged yet (for the holds to look at).
UNFLAGGED_REWARDS = Statement.of(
    "fraud.unflagged_rewards",
    """SELECT DISTINCT referral_id FROM reward
WHERE referral_id IN (SELECT value FROM json_each(?)) AND NOT flagged""",
    postgres="""SELECT DISTINCT referral_id FROM reward
WHERE referral_id = ANY(?::int[]) AND NOT flagged""",
)
# A member's new risk (score, signals as JSON text, review status).
UPDATE_RISK = Statement.of(
    "fraud.update_risk",
    "UPDATE referral SET risk_score = ?, risk_signals = ?, review_status = ? WHERE id = ?",
    postgres="""UPDATE referral SET risk_score = ?, risk_signals = CAST(? AS jsonb),
  review_status = ? WHERE id = ?""",
)


# An order's verdict on its referral: risk, the identifiers it lacked, rejected when blocked,
# flagged when asked (a NULL keeps the column).
ORDER_RISK = Statement.of(
    "fraud.order_risk",
    """UPDATE referral SET risk_score = ?, risk_signals = ?, device_hash = COALESCE(device_hash, ?),
  payment_hash = COALESCE(payment_hash, ?), phone_hash = COALESCE(phone_hash, ?),
  status = CASE WHEN ? THEN 'rejected' ELSE status END,
  rejected_at = CASE WHEN ? THEN ? ELSE rejected_at END,
  review_status = COALESCE(?, review_status) WHERE id = ?""",
    postgres="""UPDATE referral SET risk_score = ?, risk_signals = CAST(? AS jsonb),
  device_hash = COALESCE(device_hash, ?), payment_hash = COALESCE(payment_hash, ?),
  phone_hash = COALESCE(phone_hash, ?), status = CASE WHEN ? THEN 'rejected' ELSE status END,
  rejected_at = CASE WHEN ? THEN ? ELSE rejected_at END,
  review_status = COALESCE(?, review_status) WHERE id = ?""",
)


def member_rules(ex: Executor, pairs: Sequence[tuple[int, str]]) -> list[Any]:
    """MEMBERS_LACKING's parameters: (member, rule) pairs as one JSON object of ids by rule on
    SQLite (each list read once: two parallel lists joined on their positions had SQLite
    read the second again for every element of the first), two parallel arrays on
    PostgreSQL."""
    if ex.dialect != "sqlite":
        return [[rid for rid, _ in pairs], [rule for _, rule in pairs]]
    by_rule: dict[str, list[int]] = {}
    for rid, rule in pairs:
        by_rule.setdefault(rule, []).append(int(rid))
    return [json.dumps(by_rule, separators=(",", ":"))]


def ids(ex: Executor, values: Sequence[int]) -> Any:
    """A list of ids as one parameter (json_each on SQLite, an array on PostgreSQL)."""
    if ex.dialect != "sqlite":
        return list(values)
    return "[" + ",".join(map(str, map(int, values))) + "]"  # integers: JSON as they print


def as_json(value: Any) -> Any:
    """A JSON column as the driver hands it back (text on SQLite, and asyncpg's default)."""
    return json.loads(value) if isinstance(value, str | bytes) else value
